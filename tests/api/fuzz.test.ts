import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import type { AnyRoute } from '../../functions/api/route'
import { routes } from '../../functions/api/routes'
import { call, expectProblem } from '../support/http'
import { fillPath } from '../support/route-calls'
import { itemCount, stored } from '../support/table'
import { buildWorld, type Person, type World } from '../support/world'

/**
 * Property-based: for every JSON route, generated bodies, queries and headers (wrong types, huge strings,
 * deep nesting, smuggled fields) never produce a 5xx; whatever is refused is a problem+json 4xx; and a
 * field the schema does not know is never stored (mass assignment).
 */
let w: World
beforeAll(async () => {
  w = await buildWorld()
}, 120_000)

/**
 * Two seeds: the fixed one keeps yesterday's findings as regressions; a fresh one each run explores further.
 * A failure names its seed and path (fast-check's report); replay a fresh seed with FUZZ_SEED=<seed>.
 */
const REGRESSION_SEED = 20261122
const freshSeed = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31))
console.log(`fuzz: fresh seed ${freshSeed} (replay: FUZZ_SEED=${freshSeed} npx vitest run tests/api/fuzz.test.ts)`)
const seeds = [REGRESSION_SEED, freshSeed]
/** what a smuggled field carries: a value that must never be found in storage */
const SMUGGLED = 'SMUGGLED-VALUE'

const label = (r: AnyRoute) => `${r.method.toUpperCase()} ${r.path}`
const smuggled = ['tenantId', 'role', 'version', 'id', 'pk', 'status', 'partnerId', 'createdAt', '__proto__', 'constructor']

function callerFor(route: AnyRoute): Person | undefined {
  if (route.access === 'public') return undefined
  const cast = [w.a.users.registrar, w.a.users['ministry-admin'], w.partnerA.admin, w.platform, w.donor]
  return route.access === 'signed-in' ? w.a.users.viewer : cast.find((p) => (route.access as readonly string[]).includes(p.role))
}
const own = () => ({ tenantId: w.a.id, userId: w.a.users.viewer.userId, partnerId: w.partnerA.id, donorId: w.donorId, orgUnitId: w.a.registry.district.id, facilityId: w.a.registry.facility.id, cadreId: w.a.registry.cadre.id, workerId: w.a.registry.worker.id, licenceId: w.a.registry.licence.id, deploymentId: w.a.registry.deployment.id, importId: 'imp_01jabcdefghjkmnpqrstvwxyz0' })

const jsonValue = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, fc.string({ maxLength: 300 }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(tie('value'), { maxLength: 5 }), fc.dictionary(fc.string({ maxLength: 12 }), tie('value'), { maxKeys: 5 })),
})).value

/** The route's example with some fields replaced by anything and some smuggled fields added. */
const mutatedBody = (route: AnyRoute) => {
  const example = (route.example ?? {}) as Record<string, unknown>
  return fc.record({
    replace: fc.subarray(Object.keys(example)),
    values: fc.array(jsonValue, { minLength: 10, maxLength: 10 }),
    extra: fc.subarray(smuggled, { maxLength: 3 }),
    huge: fc.boolean(),
  }).map(({ replace, values, extra, huge }) => {
    const body: Record<string, unknown> = { ...example }
    replace.forEach((k, i) => (body[k] = huge && i === 0 ? 'x'.repeat(100_000) : values[i]))
    // half of the smuggled fields carry a marker the table is searched for, the rest any value
    extra.forEach((k, i) => (body[k] = i % 2 === 0 ? `${SMUGGLED}-${k}` : values[9 - i]))
    return body
  })
}

const withBody = routes.filter((r) => r.body && r.access !== 'public')

describe('fuzzing every JSON route', () => {
  it.each(withBody.map((r) => [label(r), r] as const))('%s: never a 5xx, refusals are problem+json', async (_, route) => {
    const caller = callerFor(route)!
    const path = fillPath(route, own())
    for (const seed of seeds)
      await fc.assert(
        fc.asyncProperty(mutatedBody(route), fc.string({ maxLength: 40 }), async (body, header) => {
          const r = await call(route.method.toUpperCase(), path, { token: caller.token, body, headers: { 'if-match': '"1"', 'x-tenant-id': w.b.id, 'idempotency-key': `fz-${header.replace(/[^A-Za-z0-9]/g, '')}-${Math.random().toString(36).slice(2)}` } })
          expect(r.status, `${JSON.stringify(body).slice(0, 300)} -> ${r.text.slice(0, 300)}`).toBeLessThan(500)
          if (r.status >= 400) expect(expectProblem(r)).toBe(true)
          // whatever was accepted carried no smuggled field into storage: looked for in the table itself
          if (r.status < 300 && JSON.stringify(body).includes(SMUGGLED)) expect(await stored(SMUGGLED), JSON.stringify(body).slice(0, 300)).toBe(false)
        }),
        { numRuns: seed === REGRESSION_SEED ? 25 : 15, seed },
      )
  }, 120_000)

  it.each(routes.filter((r) => r.query).map((r) => [label(r), r] as const))('%s: arbitrary query strings never give a 5xx', async (_, route) => {
    const caller = callerFor(route)
    const path = fillPath(route, own())
    for (const seed of seeds)
      await fc.assert(
        fc.asyncProperty(fc.dictionary(fc.constantFrom('limit', 'cursor', 'q', 'status', 'orgUnitId', 'cadreId', 'tenantId', 'entityId', 'parentId', 'under', 'sort', 'licenceExpiringBefore', 'x'), fc.string({ maxLength: 80 }), { maxKeys: 4 }), async (q) => {
          const r = await call('GET', `${path}?${new URLSearchParams(q)}`, { token: caller?.token })
          expect(r.status, r.text.slice(0, 300)).toBeLessThan(500)
          if (r.status >= 400) expect(expectProblem(r)).toBe(true)
        }),
        { numRuns: seed === REGRESSION_SEED ? 30 : 15, seed },
      )
  }, 120_000)

  it('mass assignment: a registration with smuggled fields is refused and stores nothing', async () => {
    const before = await itemCount()
    const body = { givenName: 'Mass', familyName: 'Assign', sex: 'female', birthDate: '1990-01-01', cadreId: w.a.registry.cadre.id }
    for (const extra of [{ tenantId: w.b.id }, { status: 'merged' }, { version: 99 }, { id: 'wrk_01jabcdefghjkmnpqrstvwxyz0' }, { path: '/' }, { mergedInto: 'x' }]) {
      const r = await call('POST', '/api/v1/workers', { token: w.a.users.registrar.token, body: { ...body, ...extra } })
      expect(r.status, JSON.stringify(extra)).toBe(400)
      expect(['unrecognized_keys', 'invalid_value']).toContain(r.json.errors[0].code)
    }
    expect(await itemCount()).toBe(before)
  })
})
