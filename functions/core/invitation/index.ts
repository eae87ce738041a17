import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import { useUser } from '../actor'
import type { Role } from '../auth/roles'
import { keys, type Scope } from '../db/keys'
import { strip } from '../db/marshal'
import { getItem, query, queryAll } from '../db/read'
import { commit } from '../db/write'
import { AppError, notFound, versionMismatch } from '../error'
import { newId } from '../id'
import { bumped, created } from '../util/entity'
import { assertMemberScope, assertScopeFitsRole } from '../user/org-scope'
import type { InvitationInfo } from './schema'

export * from './schema'

const TTL_DAYS = 14
const sha256 = (s: string) => createHash('sha256').update(s).digest('base64url')


/** The token names where the invitation lives, so accepting it is one key lookup: `<scope>.<id>.<secret>`. */
function scopeToken(scope: Scope) {
  return scope.kind === 'global' ? 'G' : `${scope.kind[0]!.toUpperCase()}-${scope.id}`
}
function parseToken(token: string): { scope: Scope; id: string; secret: string } | undefined {
  const [s, id, secret] = token.split('.')
  if (!s || !id || !secret || token.split('.').length !== 3) return undefined
  if (s === 'G') return { scope: { kind: 'global' }, id, secret }
  const [k, scopeId] = s.split('-')
  const kind = ({ T: 'tenant', P: 'partner', D: 'donor' } as const)[k as 'T' | 'P' | 'D']
  if (!kind || !scopeId || !/^[A-Za-z0-9_]+$/.test(scopeId) || !/^inv_[0-9a-z]{26}$/.test(id)) return undefined
  return { scope: { kind, id: scopeId }, id, secret }
}

/**
 * Creates a pending invitation for a role in a scope. Callers check the right to invite into that scope
 * (tenant access, partner, donor) before calling.
 */
export async function invite(scope: Scope, scopeName: string, input: { email: string; role: Role; orgUnitId?: string }) {
  if (scope.kind === 'tenant') await assertMemberScope(scope.id, input.role, input.orgUnitId)
  else assertScopeFitsRole(input.role, input.orgUnitId)
  const actor = useUser()
  const secret = randomBytes(24).toString('base64url')
  const invitation: InvitationInfo = {
    id: newId('invitation'),
    scope,
    scopeName,
    email: input.email,
    role: input.role,
    orgUnitId: input.orgUnitId,
    status: 'pending',
    expiresAt: new Date(Date.now() + TTL_DAYS * 86400_000).toISOString(),
    invitedBy: actor.email,
    invitedById: actor.userId,
    invitedByRole: actor.role,
    invitedByPartnerId: actor.role === 'partner-admin' ? actor.partnerId : undefined,
    ...created(),
  }
  const issued = withLink(invitation, secret)
  await commit([{ put: { ...keys.invitation(scope, invitation.id), ...invitation, tokenHash: sha256(secret) }, when: 'absent' }], {
    audit: { action: 'invitation.create', entityType: 'invitation', entityId: invitation.id, after: invitation, tenantId: tenantOf(scope) },
    result: issued,
  })
  return issued
}

const tenantOf = (scope: Scope) => (scope.kind === 'tenant' ? scope.id : undefined)

function withLink(invitation: InvitationInfo, secret: string) {
  const token = `${scopeToken(invitation.scope as Scope)}.${invitation.id}.${secret}`
  return { ...invitation, token, link: `/accept?token=${encodeURIComponent(token)}` }
}

/**
 * A partner manages only the invitations its own people issued (it sees no ministry staff); everyone else
 * who may invite into the scope manages all of the scope's invitations.
 */
function manages(invitation: InvitationInfo) {
  const actor = useUser()
  if (actor.role !== 'partner-admin') return true
  return invitation.invitedByPartnerId === actor.partnerId
}

export async function list(scope: Scope, cursor: string | undefined, limit: number) {
  const actor = useUser()
  const page = await query({
    partition: keys.invitations(scope).pk,
    cursor,
    limit,
    newestFirst: true,
    filter: actor.role === 'partner-admin' ? { expression: 'invitedByPartnerId = :p', values: { ':p': actor.partnerId } } : undefined,
  })
  return { items: page.items.map((i) => strip<InvitationInfo>(i)), cursor: page.cursor }
}

/** Every invitation of a scope (a country has few), for the rules that count pending ones. */
export async function all(scope: Scope) {
  return (await queryAll<InvitationInfo>({ partition: keys.invitations(scope).pk }, 2000)).map((i) => strip<InvitationInfo>(i))
}

export const isPending = (i: InvitationInfo) => i.status === 'pending' && Date.parse(i.expiresAt) > Date.now()

async function managed(scope: Scope, id: string) {
  const item = await getItem<InvitationInfo>(keys.invitation(scope, id))
  const invitation = item && strip<InvitationInfo>(item)
  if (!invitation || !manages(invitation)) throw notFound('invitation')
  if (invitation.status !== 'pending') throw new AppError(409, 'invitation.not_pending', 'This invitation was accepted or revoked already')
  return invitation
}

/** The link stops working at once. */
export async function revoke(scope: Scope, id: string) {
  const invitation = await managed(scope, id)
  const next: InvitationInfo = { ...invitation, status: 'revoked', revokedReason: 'revoked', ...bumped(invitation) }
  await commit([{ put: { ...keys.invitation(scope, id), ...next, tokenHash: 'revoked' }, when: { version: invitation.version }, conflict: () => versionMismatch() }], {
    audit: { action: 'invitation.revoke', entityType: 'invitation', entityId: id, before: invitation, after: next, tenantId: tenantOf(scope) },
    result: next,
  })
  return next
}

/** A new link with a new expiry; the old link stops working. */
export async function resend(scope: Scope, id: string) {
  const invitation = await managed(scope, id)
  const secret = randomBytes(24).toString('base64url')
  const next: InvitationInfo = { ...invitation, expiresAt: new Date(Date.now() + TTL_DAYS * 86400_000).toISOString(), ...bumped(invitation) }
  const issued = withLink(next, secret)
  await commit([{ put: { ...keys.invitation(scope, id), ...next, tokenHash: sha256(secret) }, when: { version: invitation.version }, conflict: () => versionMismatch() }], {
    audit: { action: 'invitation.resend', entityType: 'invitation', entityId: id, before: invitation, after: next, tenantId: tenantOf(scope) },
    result: issued,
  })
  return issued
}

/** A pending, unexpired invitation whose secret matches; anything else is the same 400. */
export async function findValid(token: string) {
  const invalid = new AppError(400, 'invitation.invalid', 'This invitation link is not valid, was used already, or has expired')
  const parsed = parseToken(token)
  if (!parsed) throw invalid
  const item = await getItem<InvitationInfo & { tokenHash: string }>(keys.invitation(parsed.scope, parsed.id))
  if (!item) throw invalid
  const a = Buffer.from(item.tokenHash)
  const b = Buffer.from(sha256(parsed.secret))
  if (a.length !== b.length || !timingSafeEqual(a, b)) throw invalid
  if (item.status !== 'pending' || Date.parse(item.expiresAt) < Date.now()) throw invalid
  // issued before admins could not be scoped: it would make a scoped admin
  if (item.role === 'ministry-admin' && item.orgUnitId) throw invalid
  return { invitation: strip<InvitationInfo>(item), key: keys.invitation(parsed.scope, parsed.id) }
}

