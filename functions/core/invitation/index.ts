import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import { useUser } from '../actor'
import type { Role } from '../auth/roles'
import { keys, type Scope } from '../db/keys'
import { strip } from '../db/marshal'
import { getItem, query } from '../db/read'
import { commit } from '../db/write'
import { AppError } from '../error'
import { newId } from '../id'
import { created } from '../util/entity'
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
    ...created(),
  }
  const token = `${scopeToken(scope)}.${invitation.id}.${secret}`
  const issued = { ...invitation, token, link: `/accept?token=${encodeURIComponent(token)}` }
  await commit([{ put: { ...keys.invitation(scope, invitation.id), ...invitation, tokenHash: sha256(secret) }, when: 'absent' }], {
    audit: { action: 'invitation.create', entityType: 'invitation', entityId: invitation.id, after: invitation, tenantId: scope.kind === 'tenant' ? scope.id : undefined },
    result: issued,
  })
  return issued
}

export async function list(scope: Scope, cursor: string | undefined, limit: number) {
  const page = await query({ partition: keys.invitations(scope).pk, cursor, limit, newestFirst: true })
  return { items: page.items.map((i) => strip<InvitationInfo>(i)), cursor: page.cursor }
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
  return { invitation: strip<InvitationInfo>(item), key: keys.invitation(parsed.scope, parsed.id) }
}

