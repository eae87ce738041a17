import { beforeAll, describe, expect, it } from 'vitest'
import { fhirRoutes } from '../../functions/fhir/routes'
import { call } from '../support/http'
import { buildWorld, person, type World } from '../support/world'
import { fid, kenyaDirectory, type KenyaDirectory } from './fixture'

/**
 * Tenant isolation on the FHIR API: the tenant in the path must be the token's (any other is 404, never
 * 403), another tenant's ids find nothing, nothing of another tenant ever appears, cursors do not cross,
 * and a district manager sees only its subtree. Every route of the FHIR route table is exercised.
 */
let w: World
let k: KenyaDirectory

beforeAll(async () => {
  w = await buildWorld()
  k = await kenyaDirectory(w)
}, 180_000)

/** A concrete path for each route, naming Kenyan resources. */
function pathOf(route: (typeof fhirRoutes)[number], tenant: string) {
  return `/fhir/${tenant}${route.path}`
    .replace(':type', 'Practitioner')
    .replace(':id', fid(k.workers.achieng.id))
    .replace(':versionId', '1.0')
}

const isOutcome = (r: { headers: Headers; json: any }) => r.headers.get('content-type')?.startsWith('application/fhir+json') && r.json?.resourceType === 'OperationOutcome'

describe('the tenant in the path', () => {
  it('is 404 OperationOutcome on every route for a token of another country, a partner, a donor, the platform', async () => {
    const outsiders = [w.b.users.viewer, w.b.users['ministry-admin'], w.partnerA.admin, w.donor, w.platform]
    for (const route of fhirRoutes.filter((r) => r.access !== 'public')) {
      for (const who of outsiders) {
        const r = await call(route.method, pathOf(route, 'KEN'), { token: who.token, raw: route.method === 'POST' ? '' : undefined, headers: { 'content-type': 'application/x-www-form-urlencoded' } })
        expect(r.status, `${route.method} ${route.path} as ${who.role}`).toBe(404)
        expect(isOutcome(r)).toBe(true)
        expect(r.text).not.toContain('Achieng')
      }
    }
  })

  it('is 401 OperationOutcome without a token or with a forged one', async () => {
    for (const route of fhirRoutes.filter((r) => r.access !== 'public')) {
      for (const token of [undefined, 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.forgedforgedforgedforged']) {
        const r = await call(route.method, pathOf(route, 'KEN'), { token })
        expect(r.status, `${route.method} ${route.path}`).toBe(401)
        expect(isOutcome(r)).toBe(true)
      }
    }
  })

  it('answers the CapabilityStatement to anyone, the same for every path', async () => {
    const a = await call('GET', '/fhir/KEN/metadata')
    const b = await call('GET', '/fhir/UGA/metadata', { token: w.a.users.viewer.token })
    expect(a.status).toBe(200)
    expect({ ...a.json, implementation: undefined }).toEqual({ ...b.json, implementation: undefined })
  })
})

describe("another country's ids and data", () => {
  const viewer = () => w.a.users.viewer.token
  const get = (path: string) => call('GET', `/fhir/KEN${path}`, { token: viewer() })

  it('reads of Ugandan resources through the Kenyan endpoint are 404', async () => {
    const b = w.b.registry
    for (const path of [
      `/Practitioner/${fid(b.worker.id)}`,
      `/PractitionerRole/${fid(b.deployment.id)}.${fid(b.worker.id)}`,
      `/Location/${fid(b.facility.id)}`,
      `/Organization/${fid(b.district.id)}`,
      `/Practitioner/${fid(b.worker.id)}/_history/1.1`,
    ]) {
      const r = await get(path)
      expect(r.status, path).toBe(404)
      expect(isOutcome(r)).toBe(true)
    }
  })

  it('searches naming Ugandan ids, identifiers or names find nothing', async () => {
    const b = w.b.registry
    for (const path of [
      `/Practitioner?_id=${fid(b.worker.id)}`,
      `/Practitioner?identifier=NID-UGA-1`,
      `/Practitioner?identifier=${encodeURIComponent('https://cadre.health/fhir/sid/UGA/national-id|NID-UGA-1')}`,
      `/Practitioner?family=workeruga`,
      `/Practitioner?name:contains=uga`,
      `/PractitionerRole?practitioner=Practitioner/${fid(b.worker.id)}`,
      `/PractitionerRole?location=Location/${fid(b.facility.id)}`,
      `/PractitionerRole?role=${encodeURIComponent(`https://cadre.health/fhir/sid/UGA/cadre|${b.cadre.id}`)}`,
      `/Location?partof=Location/${fid(b.district.id)}`,
      `/Location?organization=Organization/${fid(b.facility.id)}`,
      `/Organization?_id=${fid(b.region.id)}`,
    ]) {
      const r = await get(path)
      expect(r.status, path).toBe(200)
      expect(r.json.entry, path).toEqual([])
    }
  })

  it('nothing Ugandan appears in any Kenyan search, history or include', async () => {
    for (const path of ['/Practitioner', '/PractitionerRole?_include=PractitionerRole:practitioner', '/Location?_include=Location:organization', '/Organization?_revinclude=Location:organization', '/Practitioner/_history', '/PractitionerRole/_history', '/Location/_history', '/Organization/_history']) {
      const r = await get(path)
      expect(r.status, path).toBe(200)
      expect(r.json.entry.length, path).toBeGreaterThan(0)
      expect(r.text, path).not.toMatch(/UGA|MARKER-TB/)
    }
  })

  it('a cursor from a Ugandan search is refused on the Kenyan one', async () => {
    const uga = await call('GET', '/fhir/UGA/Location?_count=1', { token: w.b.users.viewer.token })
    const next = uga.json.link.find((l: any) => l.relation === 'next').url as string
    const cursor = new URL(next).searchParams.get('_cursor')!
    const r = await get(`/Location?_count=1&_cursor=${encodeURIComponent(cursor)}`)
    expect(r.status).toBe(400)
    expect(isOutcome(r)).toBe(true)
  })
})

describe('a district manager', () => {
  it("sees only its subtree: people, roles, places and changes elsewhere do not exist for it", async () => {
    const token = k.coastManager.token
    const get = async (path: string) => {
      const r = await call('GET', `/fhir/KEN${path}`, { token })
      expect(r.status, `${path}: ${r.text.slice(0, 200)}`).toBe(200)
      return r.json
    }
    const ids = (b: any) => b.entry.map((e: any) => e.resource.id).sort()
    const { achieng, otieno, fatuma, jose } = k.workers
    const coastPeople = [achieng, otieno, fatuma].map((x) => fid(x.id)).sort()
    expect(ids(await get('/Practitioner'))).toEqual(coastPeople)
    expect(ids(await get('/Practitioner?name=o'))).toEqual([fid(achieng.id), fid(otieno.id)].sort())
    expect(ids(await get('/Practitioner/_history'))).toEqual(coastPeople)
    expect(ids(await get('/PractitionerRole'))).toEqual([k.deployments.achieng, k.deployments.otieno, k.deployments.fatuma].map((d) => `${fid(d.id)}.${fid(d.workerId)}`).sort())
    expect(ids(await get('/Location'))).toEqual([k.coast, k.mombasa, k.cgh, k.likoni].map((x) => fid(x.id)).sort())
    expect(ids(await get('/Organization/_history'))).toEqual([k.coast, k.mombasa, k.cgh, k.likoni].map((x) => fid(x.id)).sort())
    expect(ids(await get(`/PractitionerRole?location=Location/${fid(k.clinic.id)}`))).toEqual([])
    const out = await call('GET', `/fhir/KEN/Practitioner/${fid(jose.id)}`, { token })
    expect(out.status).toBe(404)
    expect((await call('GET', `/fhir/KEN/Location/${fid(k.rift.id)}`, { token })).status).toBe(404)
  })

  it('a viewer scoped to a facility sees the people placed there', async () => {
    const scoped = await person({ kind: 'tenant', id: 'KEN' }, 'Kenya', 'viewer', k.likoni.id)
    const r = await call('GET', '/fhir/KEN/Practitioner', { token: scoped.token })
    expect(r.json.entry.map((e: any) => e.resource.id)).toEqual([fid(k.workers.otieno.id)])
  })
})
