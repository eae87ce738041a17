import { SignJWT } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ACCOUNT_MAX, FREE_ATTEMPTS } from '../../functions/core/auth/throttle'
import { call } from '../support/http'
import { buildWorld, PASSWORD, person, type World } from '../support/world'

let w: World
beforeAll(async () => {
  // the sign-in throttle tells clients apart by address; here a header stands in for the proxy's
  process.env.CADRE_CLIENT_ADDRESS_HEADER = 'x-test-client'
  w = await buildWorld()
})
afterAll(() => {
  delete process.env.CADRE_CLIENT_ADDRESS_HEADER
})

const login = (email: string, password: string, tenantId?: string) => call('POST', '/api/v1/auth/login', { body: { email, password, tenantId } })

describe('sign-in', () => {
  it('gives a short-lived access token naming the tenant and role, and a refresh token', async () => {
    const r = await login(w.a.users.registrar.email, PASSWORD)
    expect(r.status).toBe(200)
    expect(r.json.expiresIn).toBe(900)
    const claims = JSON.parse(Buffer.from(r.json.accessToken.split('.')[1], 'base64url').toString())
    expect(claims).toMatchObject({ role: 'registrar', ten: 'KEN' })
    expect(r.json.user.passwordHash).toBeUndefined()
    const me = await call('GET', '/api/v1/me', { token: r.json.accessToken })
    expect(me.json).toMatchObject({ role: 'registrar', tenantId: 'KEN' })
    expect(JSON.stringify(me.json)).not.toContain('scrypt')
  })

  it('does not tell a wrong password from an unknown email', async () => {
    const a = await login(w.a.users.viewer.email, 'wrong-password!')
    const b = await login('nobody@test.example', 'wrong-password!')
    expect([a.status, b.status]).toEqual([401, 401])
    expect(a.json.code).toBe('auth.invalid_credentials')
    expect(b.json.code).toBe(a.json.code)
    expect(b.json.detail).toBe(a.json.detail)
  })

  it(`slows the guesser after ${FREE_ATTEMPTS} failures from its address, without checking the password, and not the owner elsewhere`, async () => {
    const victim = await person({ kind: 'tenant', id: 'KEN' }, 'Kenya', 'viewer')
    const from = (client: string, password: string) => call('POST', '/api/v1/auth/login', { body: { email: victim.email, password }, headers: { 'x-test-client': client } })
    // the owner's usual client
    expect((await from('10.0.0.1', PASSWORD)).status).toBe(200)
    for (let i = 0; i < FREE_ATTEMPTS; i++) expect((await from('10.6.6.6', 'guess-guess-guess')).status).toBe(401)
    // parallel guesses cannot slip through on one read of the count
    const burst = await Promise.all(Array.from({ length: 5 }, () => from('10.6.6.6', 'guess-guess-guess')))
    expect(burst.filter((r) => r.status === 401).length).toBeLessThanOrEqual(1)
    // the guesser now waits, even with the right password: the password is not looked at
    const right = await from('10.6.6.6', PASSWORD)
    expect(right.status).toBe(429)
    expect(right.json.code).toBe('auth.throttled')
    expect(Number(right.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
    // the owner is not kept out
    expect((await from('10.0.0.1', PASSWORD)).status).toBe(200)
  })

  it(`holds back unfamiliar clients after ${ACCOUNT_MAX} failures from many addresses; the owner's usual client still passes`, async () => {
    const victim = await person({ kind: 'tenant', id: 'KEN' }, 'Kenya', 'viewer')
    const from = (client: string, password: string) => call('POST', '/api/v1/auth/login', { body: { email: victim.email, password }, headers: { 'x-test-client': client } })
    expect((await from('192.0.2.1', PASSWORD)).status).toBe(200)
    for (let i = 0; i < ACCOUNT_MAX; i++) expect((await from(`198.51.100.${i}`, 'guess-guess-guess')).status).toBe(401)
    const stranger = await from('203.0.113.9', PASSWORD)
    expect(stranger.status).toBe(429)
    expect(stranger.json.detail).toMatch(/device you used before/)
    expect((await from('192.0.2.1', PASSWORD)).status).toBe(200)
    // another account is not affected
    expect((await login(w.a.users.manager.email, PASSWORD)).status).toBe(200)
  })

  it('routes every password check through the throttle: a password change too', async () => {
    const u = await person({ kind: 'tenant', id: 'KEN' }, 'Kenya', 'viewer')
    const change = (currentPassword: string) => call('POST', '/api/v1/auth/password', { token: u.token, body: { currentPassword, newPassword: 'another-long-password' }, headers: { 'x-test-client': '10.9.9.9' } })
    for (let i = 0; i < FREE_ATTEMPTS + 1; i++) expect((await change('wrong-wrong-wrong')).status).toBe(400)
    expect((await change(PASSWORD)).status).toBe(429)
  })

  it('budgets public routes per client address', async () => {
    process.env.CADRE_RATE_CLIENT_PER_S = '1'
    try {
      const hit = () => call('POST', '/api/v1/auth/invitations/preview', { body: { token: 'T-KEN.inv_01jabcdefghjkmnpqrstvwxyz0.nope-nope-nope-nope' }, headers: { 'x-test-client': '10.7.7.7' } })
      const replies = []
      for (let i = 0; i < 40; i++) replies.push(await hit())
      const limited = replies.find((r) => r.status === 429)
      expect(limited?.json.code).toBe('rate.limited')
      expect(limited?.json.scope).toBe('client')
      // another address is not held back
      const other = await call('POST', '/api/v1/auth/invitations/preview', { body: { token: 'T-KEN.inv_01jabcdefghjkmnpqrstvwxyz0.nope-nope-nope-nope' }, headers: { 'x-test-client': '10.8.8.8' } })
      expect(other.status).toBe(400)
    } finally {
      process.env.CADRE_RATE_CLIENT_PER_S = '100000'
    }
  })

  it('issues no tokens for an access token whose sign-in has ended (logout, password change, reused refresh)', async () => {
    const u = await person({ kind: 'tenant', id: 'KEN' }, 'Kenya', 'viewer')
    const sw = (token: string) => call('POST', '/api/v1/auth/switch', { token, body: { scope: { kind: 'tenant', id: 'KEN' } } })
    const a = await login(u.email, PASSWORD)
    expect((await sw(a.json.accessToken)).status).toBe(200)
    const b = await login(u.email, PASSWORD)
    await call('POST', '/api/v1/auth/logout', { token: b.json.accessToken })
    const afterLogout = await sw(b.json.accessToken)
    expect(afterLogout.status).toBe(401)
    expect(afterLogout.json.code).toBe('auth.session_ended')
    const c = await login(u.email, PASSWORD)
    const d = await login(u.email, PASSWORD)
    await call('POST', '/api/v1/auth/password', { token: d.json.accessToken, body: { currentPassword: PASSWORD, newPassword: 'the-next-password' } })
    expect((await sw(c.json.accessToken)).json.code).toBe('auth.session_ended')
    const e = await login(u.email, 'the-next-password')
    const rotated = await call('POST', '/api/v1/auth/refresh', { body: { refreshToken: e.json.refreshToken } })
    await call('POST', '/api/v1/auth/refresh', { body: { refreshToken: e.json.refreshToken } })
    expect((await sw(rotated.json.accessToken)).json.code).toBe('auth.session_ended')
  })

  it('refuses a ministry admin role that carries an org-unit scope (made before the rule), rather than widening it', async () => {
    const u = await person({ kind: 'tenant', id: 'KEN' }, 'Kenya', 'viewer')
    const { commit } = await import('../../functions/core/db/write')
    const { membershipWrites } = await import('../../functions/core/user/membership')
    const { asTenantSystem, withActor } = await import('../../functions/core/actor')
    const legacy = { userId: u.userId, email: u.email, name: 'x', scope: { kind: 'tenant' as const, id: 'KEN' }, scopeName: 'Kenya', role: 'ministry-admin' as const, orgUnitId: w.a.registry.district.id, version: 2, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' }
    await withActor({ kind: 'system', requestId: 't', reason: 'test' }, () => asTenantSystem('KEN', 'test', () => commit(membershipWrites(legacy, { version: 1 }))))
    const r = await login(u.email, PASSWORD)
    expect(r.status).toBe(403)
    expect(r.json.code).toBe('user.admin_scoped')
  })

  it('caps an access token’s lifetime where it is verified, whatever the signer wrote', async () => {
    const u = w.a.users.viewer
    const key = new TextEncoder().encode(process.env.CADRE_JWT_SECRET!)
    const claims = { sub: u.userId, email: u.email, role: 'viewer', sid: 'ses_x', ten: 'KEN' }
    const sign = (iat: number, exp: string | number) => new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setIssuer('cadre').setAudience('cadre-api').setIssuedAt(iat).setExpirationTime(exp).sign(key)
    const now = Math.floor(Date.now() / 1000)
    expect((await call('GET', '/api/v1/me', { token: await sign(now, now + 600) })).status).toBe(200)
    expect((await call('GET', '/api/v1/me', { token: await sign(now, '365d') })).json.code).toBe('auth.invalid_token')
    expect((await call('GET', '/api/v1/me', { token: await sign(now + 3600, now + 3700) })).json.code).toBe('auth.invalid_token')
    const noIat = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuer('cadre').setAudience('cadre-api').setExpirationTime('5m').sign(key)
    expect((await call('GET', '/api/v1/me', { token: noIat })).json.code).toBe('auth.invalid_token')
  })

  it('rotates the refresh token; replaying a used one ends the session', async () => {
    const first = await login(w.b.users.viewer.email, PASSWORD)
    const second = await call('POST', '/api/v1/auth/refresh', { body: { refreshToken: first.json.refreshToken } })
    expect(second.status).toBe(200)
    expect(second.json.refreshToken).not.toBe(first.json.refreshToken)
    const replay = await call('POST', '/api/v1/auth/refresh', { body: { refreshToken: first.json.refreshToken } })
    expect(replay.status).toBe(401)
    expect(replay.json.code).toBe('auth.refresh_reused')
    const after = await call('POST', '/api/v1/auth/refresh', { body: { refreshToken: second.json.refreshToken } })
    expect(after.status).toBe(401)
  })

  it('logout makes the refresh token useless', async () => {
    const s = await login(w.b.users.manager.email, PASSWORD)
    expect((await call('POST', '/api/v1/auth/logout', { token: s.json.accessToken })).status).toBe(204)
    expect((await call('POST', '/api/v1/auth/refresh', { body: { refreshToken: s.json.refreshToken } })).status).toBe(401)
  })

  it('changes a password: the old one stops working, other sign-ins end', async () => {
    const u = await person({ kind: 'tenant', id: 'UGA' }, 'Uganda', 'viewer')
    const other = await login(u.email, PASSWORD)
    const wrong = await call('POST', '/api/v1/auth/password', { token: u.token, body: { currentPassword: 'not-it-at-all', newPassword: 'brand-new-password' } })
    expect(wrong.json.code).toBe('auth.wrong_password')
    const weak = await call('POST', '/api/v1/auth/password', { token: u.token, body: { currentPassword: PASSWORD, newPassword: 'short' } })
    expect(weak.status).toBe(400)
    expect(weak.json.errors[0].path).toBe('newPassword')
    const ok = await call('POST', '/api/v1/auth/password', { token: u.token, body: { currentPassword: PASSWORD, newPassword: 'brand-new-password' } })
    expect(ok.status).toBe(200)
    expect((await login(u.email, PASSWORD)).status).toBe(401)
    expect((await login(u.email, 'brand-new-password')).status).toBe(200)
    expect((await call('POST', '/api/v1/auth/refresh', { body: { refreshToken: other.json.refreshToken } })).status).toBe(401)
  })

  it('switches between the roles one person holds in two countries', async () => {
    const u = await person({ kind: 'tenant', id: 'KEN' }, 'Kenya', 'viewer')
    // the same email gets a role in UGA too
    const { provisionUser } = await import('../../functions/core/user/provision')
    const { asTenantSystem } = await import('../../functions/core/actor')
    await asTenantSystem('UGA', 'test', () => provisionUser({ email: u.email, name: 'x', password: PASSWORD }, { kind: 'tenant', id: 'UGA' }, 'Uganda', 'registrar'))
    const s = await login(u.email, PASSWORD, 'UGA')
    expect(s.json.membership.role).toBe('registrar')
    expect(s.json.memberships).toHaveLength(2)
    const back = await call('POST', '/api/v1/auth/switch', { token: s.json.accessToken, body: { scope: { kind: 'tenant', id: 'KEN' } } })
    expect(back.status).toBe(200)
    expect(back.json.membership).toMatchObject({ role: 'viewer', scope: { id: 'KEN' } })
    const nowhere = await call('POST', '/api/v1/auth/switch', { token: back.json.accessToken, body: { scope: { kind: 'tenant', id: 'MWI' } } })
    expect(nowhere.status).toBe(403)
  })

  it('refuses tokens that are missing, malformed, forged with another key, or expired', async () => {
    const path = '/api/v1/me'
    expect((await call('GET', path)).json.code).toBe('auth.required')
    expect((await call('GET', path, { token: 'not-a-jwt-but-long-enough' })).json.code).toBe('auth.invalid_token')
    const claims = { sub: w.a.users.registrar.userId, email: 'x@y.z', role: 'platform-admin', sid: 'ses_x' }
    const forged = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuer('cadre').setAudience('cadre-api').setExpirationTime('5m').sign(new TextEncoder().encode('another-key-another-key-another-key!'))
    expect((await call('GET', path, { token: forged })).status).toBe(401)
    const expired = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuer('cadre').setAudience('cadre-api').setIssuedAt(1).setExpirationTime(2).sign(new TextEncoder().encode(process.env.CADRE_JWT_SECRET!))
    expect((await call('GET', path, { token: expired })).json.code).toBe('auth.token_expired')
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`
    expect((await call('GET', path, { token: none })).status).toBe(401)
  })
})
