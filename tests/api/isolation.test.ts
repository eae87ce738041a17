import { SignJWT } from 'jose'
import { beforeAll, describe, expect, it } from 'vitest'
import { routes } from '../../functions/api/routes'
import { personRoles } from '../../functions/core/auth/roles'
import { call, expectProblem } from '../support/http'
import { exampleFor, fillPath, otherTenantParams, secretsOf, withoutEcho } from '../support/route-calls'
import { buildWorld, person, type Person, type World } from '../support/world'

/**
 * Generated from the route table: a new route is in this suite the moment it is added. With tenant A's
 * tokens (every country role, A's partner) and a donor's, every route is called with tenant B's ids in the
 * path, the body, a header and the query: nothing of B may come back, and nothing may be a 5xx.
 */
let w: World
let suspended: Person
beforeAll(async () => {
  w = await buildWorld()
  await call('POST', '/api/v1/tenants', { token: w.partnerA.admin.token, body: { id: 'RWA', name: 'Rwanda' } })
  suspended = await person({ kind: 'tenant', id: 'RWA' }, 'Rwanda', 'ministry-admin')
  await call('POST', '/api/v1/tenants/RWA/suspend', { token: w.platform.token })
}, 120_000)

const guarded = routes.filter((r) => r.access !== 'public')
const name = (r: (typeof routes)[number]) => `${r.method.toUpperCase()} ${r.path}`

function callersOf(w: World) {
  return [...Object.values(w.a.users), w.partnerA.admin, w.donor]
}

describe('tenant isolation, per route', () => {
  it.each(guarded.map((r) => [name(r), r] as const))('%s: tenant A gets nothing of tenant B', async (_, route) => {
    const path = fillPath(route, otherTenantParams(w))
    const namesB = route.path.includes(':')
    const secrets = secretsOf(w)
    for (const caller of callersOf(w)) {
      for (const variant of ['plain', 'smuggled'] as const) {
        const smuggled = variant === 'smuggled'
        const r = await call(route.method.toUpperCase(), smuggled ? `${path}?tenantId=${w.b.id}` : path, {
          token: caller.token,
          body: exampleFor(route, w),
          headers: { 'if-match': '"1"', ...(smuggled ? { 'x-tenant-id': w.b.id, 'x-cadre-tenant': w.b.id } : {}) },
        })
        const where = `${caller.role} ${variant} ${name(route)} -> ${r.status} ${r.text.slice(0, 200)}`
        expect(r.status, where).toBeLessThan(500)
        if (namesB) expect([400, 401, 403, 404, 409], where).toContain(r.status)
        const body = withoutEcho(r.json ?? r.text)
        for (const s of secrets) expect(body, where).not.toContain(s)
      }
    }
  })

  it.each(guarded.map((r) => [name(r), r] as const))('%s: a donor never reaches person-level data', async (_, route) => {
    const allowsPersons = Array.isArray(route.access) && route.access.some((role) => personRoles.includes(role))
    const r = await call(route.method.toUpperCase(), fillPath(route, otherTenantParams(w)), { token: w.donor.token, body: exampleFor(route, w), headers: { 'if-match': '"1"' } })
    if (allowsPersons && !(route.access as readonly string[]).includes('donor')) expect(r.status, r.text).toBe(403)
    for (const s of secretsOf(w)) expect(withoutEcho(r.json)).not.toContain(s)
  })

  it.each(guarded.map((r) => [name(r), r] as const))('%s: no token, a forged token and an expired token get 401', async (_, route) => {
    const path = fillPath(route, otherTenantParams(w))
    const claims = { sub: w.a.users['ministry-admin'].userId, email: 'x@y.z', role: 'platform-admin', sid: 'ses_x', ten: 'KEN' }
    const forged = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuer('cadre').setAudience('cadre-api').setExpirationTime('5m').sign(new TextEncoder().encode('not-the-key-not-the-key-not-the-key!!'))
    const expired = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuer('cadre').setAudience('cadre-api').setIssuedAt(1).setExpirationTime(2).sign(new TextEncoder().encode(process.env.CADRE_JWT_SECRET!))
    for (const token of [undefined, forged, expired]) {
      const r = await call(route.method.toUpperCase(), path, { token, body: exampleFor(route, w) })
      expect(r.status, `${token ? 'bad token' : 'no token'}: ${r.text}`).toBe(401)
      expect(expectProblem(r)).toBe(true)
    }
  })

  it.each(guarded.filter((r) => r.access === 'signed-in' || (r.access as readonly string[]).includes('ministry-admin')).map((r) => [name(r), r] as const))(
    '%s: a suspended country’s token gets 403 tenant.suspended',
    async (_, route) => {
      const r = await call(route.method.toUpperCase(), fillPath(route, { ...otherTenantParams(w), tenantId: 'RWA', userId: suspended.userId }), {
        token: suspended.token,
        body: exampleFor(route, w),
        headers: { 'if-match': '"1"' },
      })
      expect(r.status, r.text).toBe(403)
      expect(r.json.code).toBe('tenant.suspended')
    },
  )

  it('every path parameter of the route table has a fixture of another tenant', () => {
    for (const route of routes) expect(() => fillPath(route, otherTenantParams(w))).not.toThrow()
  })
})
