import { randomBytes } from 'node:crypto'
import { useUser } from '../actor'
import { keys } from '../db/keys'
import { strip } from '../db/marshal'
import { getItem, query } from '../db/read'
import { commit, type Write } from '../db/write'
import { notFound, versionMismatch } from '../error'
import { newId } from '../id'
import { bumped, created } from '../util/entity'
import { fn } from '../util/fn'
import { PageQuery } from '../util/schema'
import { secretHash, type Credential } from './credential'
import { ClientCreate, type ClientInfo } from './schema'

export * from './schema'

/**
 * API clients: systems of a country (payroll, a licensing board, DHIS2, an mCSD consumer) that call the FHIR
 * Directory with OAuth 2.0 client credentials. A ministry admin creates, rotates and revokes them; each is
 * audited, and so is every token it obtains.
 */
const newSecret = () => `cs_${randomBytes(32).toString('base64url')}`

function writes(info: ClientInfo, secret: string | undefined, when: 'absent' | { version: number }, previousHash?: string): Write[] {
  const credential: Credential = { tenantId: useUser().tenantId!, name: info.name, scopes: info.scopes, status: info.status, secretHash: secret ? secretHash(secret) : previousHash! }
  return [
    { put: { ...keys.client(info.id), ...info }, when, conflict: () => versionMismatch() },
    { put: { ...keys.clientCredential(info.id), ...credential } },
  ]
}

const issued = (info: ClientInfo, secret: string) => ({ ...info, clientId: info.id, clientSecret: secret, tokenUrl: '/oauth/token' })

export const create = fn(ClientCreate, async ({ name, scopes }) => {
  const actor = useUser()
  const now = new Date().toISOString()
  const info: ClientInfo = { id: newId('client'), name, scopes: [...new Set(scopes)], status: 'active', createdBy: actor.email, secretIssuedAt: now, ...created() }
  const secret = newSecret()
  // a replay answers without the secret (it is stored nowhere in clear): rotate for a new one
  await commit(writes(info, secret, 'absent'), {
    audit: { action: 'client.create', entityType: 'client', entityId: info.id, after: info },
    result: { ...issued(info, ''), clientSecret: null },
  })
  return issued(info, secret)
})

export const list = fn(PageQuery, async ({ cursor, limit }) => {
  const page = await query({ partition: keys.clients().pk, cursor, limit, newestFirst: true })
  return { items: page.items.map((i) => strip<ClientInfo>(i)), cursor: page.cursor }
})

export async function get(clientId: string) {
  const item = await getItem(keys.client(clientId))
  if (!item) throw notFound('client')
  return strip<ClientInfo>(item)
}

/** A new secret; the old one stops working at once (tokens already issued run out within 15 minutes). */
export async function rotate(clientId: string) {
  const current = await get(clientId)
  if (current.status !== 'active') throw notFound('client')
  const secret = newSecret()
  const next: ClientInfo = { ...current, secretIssuedAt: new Date().toISOString(), ...bumped(current) }
  await commit(writes(next, secret, { version: current.version }), {
    audit: { action: 'client.rotate', entityType: 'client', entityId: clientId, before: current, after: next },
    result: { ...issued(next, ''), clientSecret: null },
  })
  return issued(next, secret)
}

/** The client and every token it holds stop working at once. */
export async function revoke(clientId: string) {
  const current = await get(clientId)
  const cred = await getItem<Credential>(keys.clientCredential(clientId))
  const next: ClientInfo = { ...current, status: 'revoked', ...bumped(current) }
  await commit(writes(next, undefined, { version: current.version }, cred?.secretHash ?? 'revoked'), {
    audit: { action: 'client.revoke', entityType: 'client', entityId: clientId, before: current, after: next },
    result: next,
  })
  return next
}
