import { SignJWT } from 'jose'
import { beforeAll, describe, expect, it } from 'vitest'
import { MAX_FAILURES } from '../../functions/core/auth/throttle'
import { call } from '../support/http'
import { buildWorld, PASSWORD, person, type World } from '../support/world'

let w: World
beforeAll(async () => {
  w = await buildWorld()
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

  it(`locks an account after ${MAX_FAILURES} wrong passwords, even the right one then gets 429`, async () => {
    const victim = await person({ kind: 'tenant', id: 'KEN' }, 'Kenya', 'viewer')
    const replies = await Promise.all(Array.from({ length: MAX_FAILURES }, () => login(victim.email, 'guess-guess-guess')))
    expect(replies.map((r) => r.status).sort()).toContain(429)
    const right = await login(victim.email, PASSWORD)
    expect(right.status).toBe(429)
    expect(right.json.code).toBe('auth.throttled')
    expect(Number(right.headers.get('retry-after'))).toBeGreaterThan(60)
    // another account is not affected
    expect((await login(w.a.users.manager.email, PASSWORD)).status).toBe(200)
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
    const nowhere = await call('POST', '/api/v1/auth/switch', { token: s.json.accessToken, body: { scope: { kind: 'tenant', id: 'MWI' } } })
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
