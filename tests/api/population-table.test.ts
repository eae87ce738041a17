import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startPoller, type Poller } from '../../functions/streams/poller'
import { tenantItems } from '../support/aggregates'
import { call } from '../support/http'
import { buildWorld, person, type World } from '../support/world'

/**
 * The population table a ministry admin edits per year: first- and second-level units listed, each saved
 * with the version it was read at and audited, never across countries; subnational density divides by it,
 * and a unit without a population for the year reads "population not entered", never 0.
 */
let w: World
let poller: Poller
let admin: string
const year = new Date().getUTCFullYear()
const u: Record<string, any> = {}

const ok = (r: { status: number; text: string; json: any; headers?: Headers }, status = 200) => {
  expect(r.status, r.text).toBe(status)
  return r.json
}
const table = () => call('GET', '/api/v1/indicators/population-table', { token: admin })
const save = (body: unknown, token = admin) => call('PUT', '/api/v1/indicators/population-table', { token, body })
const popItems = async () => (await tenantItems(w.a.id)).filter((i) => i.pk === `T#${w.a.id}#POP`)

beforeAll(async () => {
  poller = startPoller({ onError: (e) => console.error(e) })
  w = await buildWorld()
  admin = w.a.users['ministry-admin'].token
  const post = (path: string, body: unknown) => call('POST', path, { token: w.a.users.registrar.token, body }).then((r) => ok(r, 201))
  u.coast = await post('/api/v1/org-units', { name: 'Coast', level: 'region' })
  u.mombasa = await post('/api/v1/org-units', { name: 'Mombasa', level: 'county', parentId: u.coast.id, codes: { hmis: 'OU_MSA' } })
  u.kilifi = await post('/api/v1/org-units', { name: 'Kilifi', level: 'county', parentId: u.coast.id })
  u.ward = await post('/api/v1/org-units', { name: 'Ward 1', level: 'ward', parentId: u.mombasa.id })
  u.clinic = await post('/api/v1/facilities', { name: 'Coast Clinic', parentId: u.kilifi.id, facilityType: 'clinic', ownership: 'public' })
  const cadre = await post('/api/v1/cadres', { name: 'Clinical officer', iscoCode: '2240' })
  for (let i = 0; i < 7; i++)
    await post('/api/v1/workers', { givenName: `P${i}`, familyName: `Coastal${i}`, sex: i % 2 ? 'male' : 'female', birthDate: '1990-03-03', cadreId: cadre.id, orgUnitId: i < 4 ? u.mombasa.id : u.clinic.id, confirmNotDuplicate: true })
  await poller.settle()
}, 300_000)
afterAll(() => poller.stop())

describe('the population table', () => {
  it('lists first- and second-level units, each region followed by its own, with codes; no ward, no facility', async () => {
    const t = ok(await table())
    const ids = t.units.map((x: any) => x.unitId)
    const coastAt = ids.indexOf(u.coast.id)
    expect(ids.slice(coastAt, coastAt + 3)).toEqual([u.coast.id, u.kilifi.id, u.mombasa.id])
    expect(t.units.find((x: any) => x.unitId === u.mombasa.id)).toMatchObject({ name: 'Mombasa', level: 2, parentId: u.coast.id, codes: ['OU_MSA'], version: 0, population: [] })
    expect(ids).not.toContain(u.ward.id)
    expect(ids).not.toContain(u.clinic.id)
  })

  it('saves a year, each unit at the version read, one audit event per unit changed; a stale version changes nothing', async () => {
    const first = ok(await save({ year, values: [{ unitId: u.coast.id, value: 4_000_000, version: 0 }, { unitId: u.mombasa.id, value: 1_200_000, version: 0 }] }))
    expect(first).toMatchObject({ year, changed: 2, versions: { [u.coast.id]: 1, [u.mombasa.id]: 1 } })
    const read = ok(await table())
    expect(read.units.find((x: any) => x.unitId === u.mombasa.id)).toMatchObject({ population: [{ year, value: 1_200_000 }], version: 1 })
    // someone else saved Mombasa since this editor read it: the whole save is refused, Coast included
    const stale = await save({ year, values: [{ unitId: u.coast.id, value: 3, version: 1 }, { unitId: u.mombasa.id, value: 9, version: 0 }] })
    expect(stale.status).toBe(412)
    expect(stale.json).toMatchObject({ code: 'version.mismatch', currentVersion: 1, unitId: u.mombasa.id, unitName: 'Mombasa' })
    const items = await popItems()
    expect(items.find((i) => i.sk === u.mombasa.id)!.population).toEqual([{ year, value: 1_200_000 }])
    expect(items.find((i) => i.sk === u.coast.id)!.population).toEqual([{ year, value: 4_000_000 }])
    const audit = ok(await call('GET', '/api/v1/audit', { token: admin })).items.filter((e: any) => e.action === 'population.set')
    expect(audit.map((e: any) => e.entityId).sort()).toEqual([u.coast.id, u.mombasa.id].sort())
  })

  it('a change through the per-unit route moves the unit’s version on, so an open editor cannot overwrite it', async () => {
    ok(await call('PUT', `/api/v1/indicators/populations/${u.kilifi.id}`, { token: admin, body: { population: [{ year: year - 1, value: 1_400_000 }] } }))
    expect((await save({ year, values: [{ unitId: u.kilifi.id, value: 5, version: 0 }] })).status).toBe(412)
    expect(ok(await table()).units.find((x: any) => x.unitId === u.kilifi.id).version).toBe(1)
  })

  it('refuses a facility, another country’s unit and bad figures with a 4xx, writing nothing; only a ministry admin saves', async () => {
    const before = JSON.stringify(await popItems())
    expect((await save({ year, values: [{ unitId: u.clinic.id, value: 10, version: 0 }] })).json.code).toBe('request.invalid')
    const foreign = await save({ year, values: [{ unitId: u.coast.id, value: 1, version: 1 }, { unitId: w.b.registry.region.id, value: 10, version: 0 }] })
    expect(foreign.status).toBe(404)
    for (const bad of [
      { year, values: [{ unitId: u.coast.id, value: 0, version: 1 }] },
      { year, values: [{ unitId: u.coast.id, value: 1.5, version: 1 }] },
      { year, values: [{ unitId: u.coast.id, value: 1 }] },
      { year: 1800, values: [{ unitId: u.coast.id, value: 1, version: 1 }] },
      { year, values: [] },
      { year, values: [{ unitId: u.coast.id, value: 1, version: 1 }, { unitId: u.coast.id, value: 2, version: 1 }] },
    ])
      expect((await save(bad)).status, JSON.stringify(bad)).toBe(400)
    expect((await save({ year, values: [{ unitId: u.coast.id, value: 1, version: 1 }] }, w.a.users.viewer.token)).status).toBe(403)
    expect(JSON.stringify(await popItems())).toBe(before)
    // B's table never shows A's units
    const other = ok(await call('GET', '/api/v1/indicators/population-table', { token: w.b.users['ministry-admin'].token }))
    expect(other.units.map((x: any) => x.unitId)).not.toContain(u.coast.id)
  })

  it('a user confined to a district does not read the table', async () => {
    const scoped = await person({ kind: 'tenant', id: w.a.id }, w.a.name, 'viewer', u.mombasa.id)
    expect((await call('GET', '/api/v1/indicators/population-table', { token: scoped.token })).status).toBe(403)
  })

  it('subnational density divides the unit’s stock by its population; a unit without one reads "population not entered", not 0', async () => {
    const t = ok(await call('GET', '/api/v1/indicators?indicator=density&breakdown=level2', { token: admin }))
    const row = (id: string) => t.rows.find((r: any) => r.unitId === id && r.occupation === '*')
    const stockIn = async (id: string) => (await tenantItems(w.a.id)).filter((i) => i.sk === 'W' && i.path.includes(`/${id}/`) && i.status === 'active').length
    expect(await stockIn(u.mombasa.id)).toBe(4)
    expect(row(u.mombasa.id)).toMatchObject({ value: Math.round((4 / 1_200_000) * 10_000 * 100) / 100, numerator: 4, denominator: 1_200_000 })
    expect(row(u.coast.id)).toMatchObject({ value: Math.round(((await stockIn(u.coast.id)) / 4_000_000) * 10_000 * 100) / 100, denominator: 4_000_000 })
    // Kilifi's figure is for last year, carried forward; once removed, it has none
    expect(row(u.kilifi.id)).toMatchObject({ denominator: 1_400_000 })
    ok(await save({ year: year - 1, values: [{ unitId: u.kilifi.id, value: null, version: 1 }] }))
    const after = ok(await call('GET', '/api/v1/indicators?indicator=density&breakdown=level2', { token: admin }))
    const kilifi = after.rows.find((r: any) => r.unitId === u.kilifi.id && r.occupation === '*')
    expect(kilifi).toMatchObject({ value: null, numerator: 3, missing: 'population' })
    expect(kilifi.denominator).toBeUndefined()
    expect((await popItems()).some((i) => i.sk === u.kilifi.id)).toBe(false)
  })
})
