import { beforeAll, describe, expect, it } from 'vitest'
import { asTenantSystem, withActor } from '../../functions/core/actor'
import { provisionUser } from '../../functions/core/user/provision'
import { call, type Reply } from '../support/http'
import { buildWorld, email, person, PASSWORD, type World } from '../support/world'

/**
 * An Idempotency-Key is the caller's, in one country, for one request: the same key sent by another user,
 * in another country, or to another route is a new request, never a replay of someone else's answer.
 * Each case below fails when one component (user, tenant, method and path) is left out of the key.
 */
let w: World
beforeAll(async () => {
  w = await buildWorld()
}, 120_000)

const ok = (r: Reply, status = 201) => {
  if (r.status !== status) throw new Error(`${r.status} ${r.text.slice(0, 300)}`)
  return r.json
}
const workerBody = (familyName: string) => ({
  givenName: 'Keyed', familyName, sex: 'female', birthDate: '1979-06-15', cadreId: w.a.registry.cadre.id, orgUnitId: w.a.registry.district.id, confirmNotDuplicate: true,
})

describe('an Idempotency-Key belongs to one user, one country and one route', () => {
  it('another user of the same country sending the same key and body gets a record of their own', async () => {
    const other = await person({ kind: 'tenant', id: w.a.id }, w.a.name, 'registrar')
    const headers = { 'idempotency-key': 'shared-key-between-users-1' }
    const body = workerBody('SameKeyTwoUsers')
    const first = ok(await call('POST', '/api/v1/workers', { token: w.a.users.registrar.token, body, headers }))
    const second = await call('POST', '/api/v1/workers', { token: other.token, body, headers })
    expect(second.status).toBe(201)
    expect(second.headers.get('idempotent-replayed')).toBeNull()
    expect(second.json.id).not.toBe(first.id)
  })

  it('the same key and body sent to another route is refused as a reused key, not answered with the first route’s result', async () => {
    const token = w.a.users.registrar.token
    const one = ok(await call('POST', '/api/v1/workers', { token, body: workerBody('KeyRouteOne') }))
    const two = ok(await call('POST', '/api/v1/workers', { token, body: workerBody('KeyRouteTwo') }))
    const headers = { 'idempotency-key': 'same-key-two-routes-1' }
    const body = { council: 'Council KEN', number: 'IDEM-ROUTE-1', issuedAt: '2024-01-01', expiresAt: '2029-01-01' }
    const first = ok(await call('POST', `/api/v1/workers/${one.id}/licences`, { token, body, headers }))
    expect(first.workerId).toBe(one.id)
    const second = await call('POST', `/api/v1/workers/${two.id}/licences`, { token, body, headers })
    expect(second.headers.get('idempotent-replayed')).toBeNull()
    expect(second.status).toBe(422)
    expect(second.json.code).toBe('idempotency.key_reused')
    expect(second.text).not.toContain(first.id)
  })

  it('one user in two countries sending the same key and body gets a record in each', async () => {
    const address = email('two-countries')
    for (const [id, name] of [[w.a.id, w.a.name], [w.b.id, w.b.name]] as const)
      await asTenantSystem(id, 'test', () => withActor({ kind: 'system', requestId: 'test', reason: 'test-fixture' }, () => provisionUser({ email: address, name: 'Two Countries', password: PASSWORD }, { kind: 'tenant', id }, name, 'ministry-admin')))
    const tokenIn = async (tenantId: string) => ok(await call('POST', '/api/v1/auth/login', { body: { email: address, password: PASSWORD, tenantId } }), 200).accessToken as string
    const headers = { 'idempotency-key': 'same-key-two-countries-1' }
    const body = { name: 'Keyed Cadre', iscoCode: '2221' }
    const inA = ok(await call('POST', '/api/v1/cadres', { token: await tokenIn(w.a.id), body, headers }))
    const inB = await call('POST', '/api/v1/cadres', { token: await tokenIn(w.b.id), body, headers })
    expect(inB.status).toBe(201)
    expect(inB.headers.get('idempotent-replayed')).toBeNull()
    expect(inB.json.id).not.toBe(inA.id)
    // the record is B's own: B's list shows it
    const listB = ok(await call('GET', '/api/v1/cadres', { token: w.b.users.registrar.token }), 200)
    expect(listB.items.map((c: { id: string }) => c.id)).toContain(inB.json.id)
  })
})
