import { beforeAll, describe, expect, it } from 'vitest'
import type { AnyRoute } from '../../functions/api/route'
import { routes } from '../../functions/api/routes'
import { call, type Reply } from '../support/http'
import { fillPath } from '../support/route-calls'
import { buildWorld, type Person, type World } from '../support/world'

/**
 * Generated from the route table: every route that takes If-Match is sent an ETag its record never had,
 * and must answer 412 version.mismatch naming the current version; sent that version, the same call then
 * succeeds, which proves the first was refused for its ETag alone. A handler that ignores the version fails here.
 */
let w: World
let birth = 0
beforeAll(async () => {
  w = await buildWorld()
}, 120_000)

const versioned = routes.filter((r) => r.ifMatch)
const label = (r: AnyRoute) => `${r.method.toUpperCase()} ${r.path}`
const placeholder = (prefix: string) => `${prefix}01jabcdefghjkmnpqrstvwxyz0`
const NEVER = '"999999"'

const ok = (reply: Reply, status?: number) => {
  if (status ? reply.status !== status : reply.status >= 300) throw new Error(`${reply.status} ${reply.text.slice(0, 300)}`)
  return reply.json
}

function callerFor(route: AnyRoute): Person {
  const cast = [w.a.users.registrar, w.a.users['ministry-admin'], w.platform]
  const caller = cast.find((p) => route.access === 'signed-in' || (route.access as readonly string[]).includes(p.role))
  if (!caller) throw new Error(`no caller for ${label(route)}`)
  return caller
}

/** Tenant A's records of its own for the call: a fresh worker (licensed, deployed), a fresh unit to move and a place to move it. */
async function fixtures() {
  const r = w.a.registry
  const token = w.a.users.registrar.token
  const day = String(1 + (birth++ % 28)).padStart(2, '0')
  const worker = ok(await call('POST', '/api/v1/workers', { token, body: { givenName: 'Versioned', familyName: `IfMatch${birth}`, sex: 'female', birthDate: `1981-04-${day}`, cadreId: r.cadre.id, orgUnitId: r.district.id, confirmNotDuplicate: true } }), 201)
  const licence = ok(await call('POST', `/api/v1/workers/${worker.id}/licences`, { token, body: { council: 'Council KEN', number: `IM-${worker.id.slice(4)}`, issuedAt: '2024-01-01', expiresAt: '2026-12-31' } }), 201)
  const deployment = ok(await call('POST', `/api/v1/workers/${worker.id}/deployments`, { token, body: { facilityId: r.facility.id, position: 'Nurse', startDate: '2025-01-01' } }), 201)
  const unit = ok(await call('POST', '/api/v1/org-units', { token, body: { name: `Movable ${birth}`, level: 'ward', parentId: r.district.id } }), 201)
  const target = ok(await call('POST', '/api/v1/org-units', { token, body: { name: `Target ${birth}`, level: 'region' } }), 201)
  const params: Record<string, string> = {
    tenantId: w.a.id, userId: w.a.users.viewer.userId, cadreId: r.cadre.id, facilityId: r.facility.id,
    orgUnitId: unit.id, workerId: worker.id, licenceId: licence.id, deploymentId: deployment.id,
  }
  return { params, target }
}

/** The route's example body, its placeholder ids turned into tenant A's. */
function bodyFor(route: AnyRoute, target: { id: string }) {
  if (!route.body) return undefined
  const r = w.a.registry
  let text = JSON.stringify(route.example ?? {})
  const swaps: [string, string][] = [['ou_', target.id], ['fac_', r.facility.id], ['cad_', r.cadre.id]]
  for (const [prefix, id] of swaps) text = text.replaceAll(`"${placeholder(prefix)}"`, `"${id}"`)
  return JSON.parse(text)
}

describe('every versioned record refuses a write at a version it is not at', () => {
  it('some routes take If-Match', () => expect(versioned.length).toBeGreaterThan(10))

  it.each(versioned.map((r) => [label(r), r] as const))('%s', async (_, route) => {
    const { params, target } = await fixtures()
    const path = fillPath(route, params)
    const body = bodyFor(route, target)
    const token = callerFor(route).token
    const stale = await call(route.method.toUpperCase(), path, { token, body, headers: { 'if-match': NEVER } })
    expect(stale.status, stale.text.slice(0, 300)).toBe(412)
    expect(stale.json.code).toBe('version.mismatch')
    expect(typeof stale.json.currentVersion, `${label(route)} names the version it is at`).toBe('number')
    const fresh = await call(route.method.toUpperCase(), path, { token, body, headers: { 'if-match': `"${stale.json.currentVersion}"` } })
    expect(fresh.status, fresh.text.slice(0, 300)).toBeLessThan(300)
  })
})
