import { beforeAll, describe, expect, it } from 'vitest'
import { call, type Reply } from '../support/http'
import { buildWorld, PASSWORD, person, type Person, type World } from '../support/world'

/**
 * Deactivating a user of a country: no sign-in (answered as a wrong password), their sign-ins end at once,
 * the role and its history kept, reactivation restoring the same role, and the rules around admins.
 */
let w: World
beforeAll(async () => {
  w = await buildWorld()
}, 120_000)

const tenant = () => ({ kind: 'tenant', id: w.a.id }) as const
const login = (email: string, password = PASSWORD, tenantId?: string) => call('POST', '/api/v1/auth/login', { body: { email, password, tenantId } })
const member = (id: string, token = w.a.users['ministry-admin'].token) => call('GET', `/api/v1/users/${id}`, { token })
const act = async (verb: 'deactivate' | 'reactivate', id: string, token = w.a.users['ministry-admin'].token): Promise<Reply> => {
  const current = await member(id, token)
  const version = current.status === 200 ? current.json.version : 1
  return call('POST', `/api/v1/users/${id}/${verb}`, { token, headers: { 'if-match': `"${version}"` } })
}
const events = async (id: string) => {
  const r = await call('GET', `/api/v1/audit?entityId=${id}`, { token: w.a.users['ministry-admin'].token })
  return r.json.items as { action: string; actor: { id: string } }[]
}
const history = async (id: string) => (await events(id)).map((e) => e.action)

describe('a deactivated user', () => {
  let registrar: Person
  let second: Reply
  beforeAll(async () => {
    registrar = await person(tenant(), w.a.name, 'registrar', w.a.registry.district.id)
    second = await login(registrar.email)
    expect(second.status).toBe(200)
  })

  it('is marked deactivated, by whom and when, and stays in the users list', async () => {
    const r = await act('deactivate', registrar.userId)
    expect(r.status, r.text).toBe(200)
    expect(r.json).toMatchObject({ status: 'deactivated', role: 'registrar', orgUnitId: w.a.registry.district.id, deactivatedBy: { userId: w.a.users['ministry-admin'].userId } })
    expect(Date.now() - Date.parse(r.json.deactivatedAt)).toBeLessThan(60_000)
    const list = await call('GET', '/api/v1/users?limit=200', { token: w.a.users['ministry-admin'].token })
    expect(list.json.items.find((m: { userId: string }) => m.userId === registrar.userId)).toMatchObject({ status: 'deactivated' })
  })

  it('cannot sign in, and is told exactly what a wrong password is told', async () => {
    const right = await login(registrar.email)
    const wrong = await login(w.a.users.viewer.email, 'not-the-password')
    expect([right.status, right.json.code, right.json.detail]).toEqual([401, wrong.json.code, wrong.json.detail])
    expect(right.json.code).toBe('auth.invalid_credentials')
    const named = await login(registrar.email, PASSWORD, w.a.id)
    expect([named.status, named.json.code]).toEqual([401, 'auth.invalid_credentials'])
  })

  it('loses every live sign-in at once: refresh, switch and joining are refused', async () => {
    for (const refreshToken of [registrar.refreshToken, second.json.refreshToken]) {
      const r = await call('POST', '/api/v1/auth/refresh', { body: { refreshToken } })
      expect([r.status, r.json.code]).toEqual([401, 'auth.invalid_refresh'])
    }
    const sw = await call('POST', '/api/v1/auth/switch', { token: registrar.token, body: { scope: tenant() } })
    expect([sw.status, sw.json.code]).toEqual([401, 'auth.session_ended'])
  })

  it('keeps its history, and the audit log says who deactivated it', async () => {
    const log = await events(registrar.userId)
    expect(log.find((e) => e.action === 'user.deactivate')?.actor.id).toBe(w.a.users['ministry-admin'].userId)
    expect(log.filter((e) => e.action === 'auth.login')).toHaveLength(2)
  })

  it('gets the same role and scope back on reactivation, and signs in again', async () => {
    const again = await act('deactivate', registrar.userId)
    expect([again.status, again.json.code]).toEqual([409, 'user.already_deactivated'])
    const r = await act('reactivate', registrar.userId)
    expect(r.status, r.text).toBe(200)
    expect(r.json).toMatchObject({ status: 'active', role: 'registrar', orgUnitId: w.a.registry.district.id })
    expect(r.json.deactivatedBy).toBeUndefined()
    const signIn = await login(registrar.email)
    expect(signIn.status, signIn.text).toBe(200)
    expect(signIn.json.membership).toMatchObject({ role: 'registrar', orgUnitId: w.a.registry.district.id })
    const twice = await act('reactivate', registrar.userId)
    expect([twice.status, twice.json.code]).toEqual([409, 'user.not_deactivated'])
    expect((await history(registrar.userId)).slice(0, 2)).toEqual(['auth.login', 'user.reactivate'])
  })
})

describe('deactivation in one country', () => {
  it('leaves the same person’s role in another country signing in', async () => {
    const both = await person(tenant(), w.a.name, 'viewer')
    const admin = w.b.users['ministry-admin'].token
    // the person's account gets a role in country B as well, then loses country A's
    const { provisionUser } = await import('../../functions/core/user/provision')
    const { asTenantSystem, withActor } = await import('../../functions/core/actor')
    await asTenantSystem(w.b.id, 'test', () =>
      withActor({ kind: 'system', requestId: 'test', reason: 'test-fixture' }, () =>
        provisionUser({ email: both.email, name: 'Two countries', password: PASSWORD }, { kind: 'tenant', id: w.b.id }, w.b.name, 'viewer'),
      ),
    )
    const inB = await login(both.email, PASSWORD, w.b.id)
    expect((await act('deactivate', both.userId)).status).toBe(200)
    expect((await login(both.email, PASSWORD, w.a.id)).json.code).toBe('auth.invalid_credentials')
    const anywhere = await login(both.email)
    expect(anywhere.status, anywhere.text).toBe(200)
    expect(anywhere.json.membership.scope).toEqual({ kind: 'tenant', id: w.b.id })
    expect(anywhere.json.memberships.map((m: { scope: { id: string } }) => m.scope.id)).toEqual([w.b.id])
    const refreshB = await call('POST', '/api/v1/auth/refresh', { body: { refreshToken: inB.json.refreshToken } })
    expect(refreshB.status, 'a sign-in to country B is not country A’s to end').toBe(200)
    expect((await call('GET', `/api/v1/users/${both.userId}`, { token: admin })).json.status).toBeUndefined()
  })
})

describe('who may deactivate whom', () => {
  it('another country’s admin gets 404 and changes nothing', async () => {
    const target = w.a.users.registrar
    const before = (await member(target.userId)).json
    for (const verb of ['deactivate', 'reactivate'] as const) {
      const r = await call('POST', `/api/v1/users/${target.userId}/${verb}`, { token: w.b.users['ministry-admin'].token, headers: { 'if-match': `"${before.version}"` } })
      expect([r.status, r.json.code]).toEqual([404, 'user.not_found'])
    }
    expect((await member(target.userId)).json).toEqual(before)
  })

  it('a registrar or a viewer may not', async () => {
    for (const caller of [w.a.users.registrar, w.a.users.viewer]) {
      const r = await call('POST', `/api/v1/users/${w.a.users.manager.userId}/deactivate`, { token: caller.token, headers: { 'if-match': '"1"' } })
      expect(r.status).toBe(403)
    }
  })

  it('an admin cannot deactivate themselves', async () => {
    const r = await act('deactivate', w.a.users['ministry-admin'].userId)
    expect([r.status, r.json.code]).toEqual([409, 'user.self_deactivate'])
  })

  it('two admins deactivating each other at once leave one active admin; the deactivated one’s token can do nothing more', async () => {
    // a country of its own with exactly two admins
    const created = await call('POST', '/api/v1/tenants', { token: w.partnerA.admin.token, body: { id: 'GHA', name: 'Ghana', population: [{ year: 2025, value: 30_000_000 }] } })
    expect(created.status, created.text).toBe(201)
    const ghana = { kind: 'tenant', id: 'GHA' } as const
    const [one, two] = [await person(ghana, 'Ghana', 'ministry-admin'), await person(ghana, 'Ghana', 'ministry-admin')]
    const [v1, v2] = [(await member(one.userId, two.token)).json.version, (await member(two.userId, one.token)).json.version]
    const results = await Promise.all([
      call('POST', `/api/v1/users/${two.userId}/deactivate`, { token: one.token, headers: { 'if-match': `"${v2}"` } }),
      call('POST', `/api/v1/users/${one.userId}/deactivate`, { token: two.token, headers: { 'if-match': `"${v1}"` } }),
    ])
    expect(results.map((r) => r.status).filter((s) => s === 200)).toHaveLength(1)
    const list = await call('GET', '/api/v1/users', { token: results[0]!.status === 200 ? one.token : two.token })
    const active = list.json.items.filter((m: { role: string; status?: string }) => m.role === 'ministry-admin' && m.status !== 'deactivated')
    expect(active).toHaveLength(1)
    // the deactivated admin's access token lives on for minutes, but cannot undo it nor act on others
    const [winner, loser] = results[0]!.status === 200 ? [one, two] : [two, one]
    const self = await call('POST', `/api/v1/users/${loser.userId}/reactivate`, { token: loser.token, headers: { 'if-match': `"${(await member(loser.userId, winner.token)).json.version}"` } })
    expect([self.status, self.json.code]).toEqual([401, 'auth.session_ended'])
    const other = await call('POST', `/api/v1/users/${winner.userId}/deactivate`, { token: loser.token, headers: { 'if-match': `"${(await member(winner.userId, winner.token)).json.version}"` } })
    expect([other.status, other.json.code]).toEqual([401, 'auth.session_ended'])
    expect((await login(winner.email, PASSWORD, 'GHA')).status).toBe(200)
  })
})
