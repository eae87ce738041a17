import { beforeAll, describe, expect, it } from 'vitest'
import type { AnyRoute } from '../../functions/api/route'
import { routes } from '../../functions/api/routes'
import { call, expectProblem } from '../support/http'
import { fillPath } from '../support/route-calls'
import { itemCount } from '../support/table'
import { buildWorld, type Person, type World } from '../support/world'

/**
 * Generated from the route table: every route gets malformed bodies, queries and path ids from a caller who
 * is allowed to call it. Each must be a 4xx problem+json, and the table must hold exactly as many items after.
 */
let w: World
beforeAll(async () => {
  w = await buildWorld()
}, 120_000)

function callerFor(route: AnyRoute): Person | undefined {
  if (route.access === 'public') return undefined
  const cast = [w.platform, w.partnerA.admin, ...Object.values(w.a.users), w.donor]
  return route.access === 'signed-in' ? w.a.users.registrar : cast.find((p) => (route.access as readonly string[]).includes(p.role))
}

const ownParams = () => {
  const r = w.a.registry
  return {
    tenantId: w.a.id, userId: w.a.users.viewer.userId, partnerId: w.partnerA.id, donorId: w.donorId,
    orgUnitId: r.district.id, facilityId: r.facility.id, cadreId: r.cadre.id, workerId: r.worker.id, licenceId: r.licence.id, deploymentId: r.deployment.id,
    // an import id of the right shape: the bad inputs are refused before any import is looked up
    importId: 'imp_01jabcdefghjkmnpqrstvwxyz0',
  }
}

function badBodies(route: AnyRoute): [string, string][] {
  const example = (route.example ?? {}) as Record<string, unknown>
  const out: [string, string][] = [
    ['an array', '[]'],
    ['null', 'null'],
    ['a string', '"hello"'],
    ['deep nesting', '{"a":'.repeat(2000) + '1' + '}'.repeat(2000)],
  ]
  if (!route.body!.safeParse({}).success) out.push(['an empty object', '{}'])
  for (const [key, value] of Object.entries(example)) {
    const wrong = typeof value === 'string' ? 12345 : typeof value === 'number' ? 'not a number' : 'not an object'
    out.push([`${key} of the wrong type`, JSON.stringify({ ...example, [key]: wrong })])
    out.push([`${key} too long`, JSON.stringify({ ...example, [key]: 'x'.repeat(20_000) })])
  }
  for (const key of ['pk', 'version', 'status', 'isAdmin', 'createdAt', 'tenantId', 'partnerId', 'role']) {
    const smuggled = { ...example, [key]: key === 'version' ? 99 : 'KEN' }
    if (!(key in example) && !route.body!.safeParse(smuggled).success) out.push([`an unknown field ${key}`, JSON.stringify(smuggled)])
  }
  return out
}

const withBody = routes.filter((r) => r.body)
const withQuery = routes.filter((r) => r.query)
const withParams = routes.filter((r) => r.path.includes(':'))
const label = (r: AnyRoute) => `${r.method.toUpperCase()} ${r.path}`

describe('bad input is refused, with a clear error, and writes nothing', () => {
  it.each(withBody.map((r) => [label(r), r] as const))('%s: malformed bodies', async (_, route) => {
    const caller = callerFor(route)
    const path = fillPath(route, ownParams())
    const before = await itemCount()
    for (const [what, raw] of badBodies(route)) {
      const r = await call(route.method.toUpperCase(), path, { token: caller?.token, raw, headers: { 'if-match': '"1"' } })
      expect(r.status, `${what}: ${r.text.slice(0, 300)}`).toBeGreaterThanOrEqual(400)
      expect(r.status, `${what}: ${r.text.slice(0, 300)}`).toBeLessThan(500)
      expect(expectProblem(r), what).toBe(true)
    }
    expect(await itemCount()).toBe(before)
  })

  it.each(withQuery.map((r) => [label(r), r] as const))('%s: malformed queries', async (_, route) => {
    const caller = callerFor(route)
    const path = fillPath(route, ownParams())
    const before = await itemCount()
    for (const q of ['limit=0', 'limit=201', 'limit=abc', 'cursor=not-a-cursor', `cursor=${'x'.repeat(3000)}`, 'unknownField=1']) {
      const r = await call(route.method.toUpperCase(), `${path}?${q}`, { token: caller?.token })
      expect(r.status, `${q}: ${r.text.slice(0, 300)}`).toBe(400)
      expect(expectProblem(r)).toBe(true)
    }
    expect(await itemCount()).toBe(before)
  })

  it.each(withParams.map((r) => [label(r), r] as const))('%s: malformed ids in the path', async (_, route) => {
    const caller = callerFor(route)
    const before = await itemCount()
    for (const bad of ['..%2F..%2Fetc', 'KEN%23W%23x', 'x'.repeat(300), 'usr_%00', 'ken']) {
      const path = route.path.replace(/:(\w+)/g, bad)
      const r = await call(route.method.toUpperCase(), path, { token: caller?.token, body: route.example, headers: { 'if-match': '"1"' } })
      expect([400, 404], `${bad}: ${r.text.slice(0, 300)}`).toContain(r.status)
      expect(expectProblem(r)).toBe(true)
    }
    expect(await itemCount()).toBe(before)
  })

  it('refuses malformed Idempotency-Key and If-Match headers', async () => {
    const token = w.a.users['ministry-admin'].token
    const bad = await call('POST', '/api/v1/users', { token, body: { email: 'a@b.co', role: 'viewer' }, headers: { 'idempotency-key': 'x y' } })
    expect(bad.json.code).toBe('idempotency.invalid_key')
    const badMatch = await call('PATCH', `/api/v1/users/${w.a.users.viewer.userId}`, { token, body: { role: 'viewer' }, headers: { 'if-match': 'yesterday' } })
    expect(badMatch.json.code).toBe('version.invalid')
  })
})
