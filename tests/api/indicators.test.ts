import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startPoller, type Poller } from '../../functions/streams/poller'
import { tenantItems } from '../support/aggregates'
import { call } from '../support/http'
import { buildWorld, type World } from '../support/world'

/**
 * Indicators read through the API equal counts made here from the registry's raw items (a Scan), and a
 * frozen year does not move when the registry changes afterwards.
 */
let w: World
let poller: Poller
let admin: string
let reg: string
const units: Record<string, any> = {}
const cadres: Record<string, any> = {}
const year = new Date().getUTCFullYear()

const ok = (r: { status: number; text: string; json: any }, status = 200) => {
  expect(r.status, r.text).toBe(status)
  return r.json
}

beforeAll(async () => {
  poller = startPoller({ onError: (e) => console.error(e) })
  w = await buildWorld()
  admin = w.a.users['ministry-admin'].token
  reg = w.a.users.registrar.token
  const post = (path: string, body: unknown) => call('POST', path, { token: reg, body }).then((r) => ok(r, 201))
  units.north = await post('/api/v1/org-units', { name: 'North', level: 'region' })
  units.south = await post('/api/v1/org-units', { name: 'South', level: 'region' })
  units.n1 = await post('/api/v1/org-units', { name: 'N1', level: 'district', parentId: units.north.id })
  units.s1 = await post('/api/v1/org-units', { name: 'S1', level: 'district', parentId: units.south.id })
  units.hn = await post('/api/v1/facilities', { name: 'North Hospital', parentId: units.n1.id, facilityType: 'hospital', ownership: 'public' })
  units.cs = await post('/api/v1/facilities', { name: 'South Clinic', parentId: units.s1.id, facilityType: 'clinic', ownership: 'private-for-profit' })
  cadres.doctor = await post('/api/v1/cadres', { name: 'Medical officer', iscoCode: '2211' })
  cadres.nurse = await post('/api/v1/cadres', { name: 'Registered nurse', iscoCode: '2221' })
  cadres.midwife = await post('/api/v1/cadres', { name: 'Midwife', iscoCode: '3222' })
  const mix = [cadres.doctor, cadres.nurse, cadres.nurse, cadres.midwife]
  for (let i = 0; i < 36; i++) {
    const wk = await post('/api/v1/workers', {
      givenName: `G${i}`, familyName: `Family${i}`, sex: i % 3 ? 'female' : 'male', birthDate: `${1960 + ((i * 7) % 44)}-0${1 + (i % 9)}-11`,
      cadreId: mix[i % 4].id, nationality: i % 5 ? 'KEN' : 'UGA', trainingCountry: i % 4 ? 'KEN' : 'IND', confirmNotDuplicate: true,
      orgUnitId: i % 2 ? units.n1.id : units.s1.id,
    })
    if (i % 3 !== 2) await post(`/api/v1/workers/${wk.id}/licences`, { council: 'KMPDC', number: `L-${i}`, issuedAt: '2023-01-01', expiresAt: i % 7 ? '2099-01-01' : '2024-01-01' })
    if (i % 4 !== 3) await post(`/api/v1/workers/${wk.id}/deployments`, { facilityId: i % 2 ? units.hn.id : units.cs.id, position: 'x', startDate: '2024-02-01' })
    if (i % 9 === 4) await post(`/api/v1/workers/${wk.id}/exits`, { kind: 'voluntary', reason: 'emigration', date: `${year}-01-15`, destinationCountry: 'GBR' })
  }
  const put = await call('PUT', `/api/v1/indicators/populations/${units.north.id}`, { token: admin, body: { population: [{ year: 2020, value: 400_000 }] } })
  ok(put)
  await poller.settle()
}, 300_000)
afterAll(() => poller.stop())

/** The stock from raw items: workers of this country, not merged, active / on leave / suspended. */
async function rawStock() {
  const items = await tenantItems(w.a.id)
  const isco = new Map(items.filter((i) => i.pk === `T#${w.a.id}#CAD`).map((c) => [c.id, c.iscoCode]))
  const byPk = new Map<string, any[]>()
  for (const i of items) if (i.pk.startsWith(`T#${w.a.id}#W#`)) byPk.set(i.pk, [...(byPk.get(i.pk) ?? []), i])
  return [...byPk.values()]
    .map((records) => ({ w: records.find((r) => r.sk === 'W'), records }))
    .filter(({ w }) => w && ['active', 'on-leave', 'suspended'].includes(w.status))
    .map(({ w, records }) => ({ ...w, isco: isco.get(w.cadreId), records }))
}

const rowOf = (t: any, unitId: string | null, occupation = '*', category = '*') => t.rows.find((r: any) => r.unitId === unitId && r.occupation === occupation && r.category === category)

describe('indicators', () => {
  it('stock, by unit and occupation, equals a count of the raw records', async () => {
    const stock = await rawStock()
    const t = ok(await call('GET', '/api/v1/indicators?indicator=stock&breakdown=level2-occupation', { token: admin }))
    expect(t.indicator.texts.fr.name).toBe('Stock de personnels de santé')
    expect(rowOf(t, null).value).toBe(stock.length)
    for (const u of [units.north, units.south, units.n1, units.s1])
      for (const code of ['2211', '2221', '3222']) expect(rowOf(t, u.id, code)?.value, `${u.name} ${code}`).toBe(stock.filter((s) => s.path.includes(`/${u.id}/`) && s.isco === code).length)
    expect(rowOf(t, units.north.id).unitName).toBe('North')
    expect(t.aggregates.appliedAt).not.toBeNull()
  })

  it('shares, activity levels and the median age equal counts of the raw records', async () => {
    const stock = await rawStock()
    const today = new Date().toISOString().slice(0, 10)
    const female = ok(await call('GET', '/api/v1/indicators?indicator=female-share', { token: admin }))
    expect(rowOf(female, null, '*', 'female')).toMatchObject({ numerator: stock.filter((s) => s.sex === 'female').length, denominator: stock.length })
    const activity = ok(await call('GET', '/api/v1/indicators?indicator=activity', { token: admin }))
    const licensed = stock.filter((s) => s.records.some((r: any) => r.sk.startsWith('LIC#') && r.status === 'active' && r.expiresAt >= today && r.issuedAt <= today)).length
    const inService = stock.filter((s) => s.records.some((r: any) => r.sk.startsWith('DEP#') && !r.endDate)).length
    expect(rowOf(activity, null, '*', 'licensed').value).toBe(licensed)
    expect(rowOf(activity, null, '*', 'in-service').value).toBe(inService)
    const trained = ok(await call('GET', '/api/v1/indicators?indicator=foreign-trained', { token: admin }))
    expect(rowOf(trained, null, '*', 'foreign').numerator).toBe(stock.filter((s) => s.trainingCountry && s.trainingCountry !== w.a.id).length)
    const ages = stock.map((s) => year - Number(s.birthDate.slice(0, 4))).sort((a, b) => a - b)
    const median = ages.length % 2 ? ages[(ages.length - 1) / 2] : (ages[ages.length / 2 - 1]! + ages[ages.length / 2]!) / 2
    expect(rowOf(ok(await call('GET', '/api/v1/indicators?indicator=median-age', { token: admin })), null).value).toBe(median)
    const age = ok(await call('GET', '/api/v1/indicators?indicator=age', { token: admin }))
    expect(rowOf(age, null, '*', 'female:55-64').value).toBe(stock.filter((s) => s.sex === 'female' && year - Number(s.birthDate.slice(0, 4)) >= 55 && year - Number(s.birthDate.slice(0, 4)) < 65).length)
  })

  it('densities use the population of the unit and year (carried forward), national from the settings', async () => {
    const stock = await rawStock()
    const t = ok(await call('GET', '/api/v1/indicators?indicator=density&breakdown=level1', { token: admin }))
    const north = stock.filter((s) => s.path.includes(`/${units.north.id}/`)).length
    expect(rowOf(t, units.north.id)).toMatchObject({ numerator: north, denominator: 400_000, value: Math.round((north / 400_000) * 10_000 * 100) / 100 })
    expect(rowOf(t, units.south.id).value).toBeNull()
    const sdg = ok(await call('GET', '/api/v1/indicators?indicator=sdg-3c1', { token: admin }))
    expect(sdg.referenceLines.map((l: any) => l.value)).toEqual([23, 44.5, 49])
    expect(sdg.referenceLines[2].texts.en).toMatch(/median, not a target/)
    expect(rowOf(sdg, null, 'doctors-nurses-midwives').numerator).toBe(stock.filter((s) => ['2211', '2221', '3222'].includes(s.isco)).length)
    expect(rowOf(sdg, null, 'nurses-midwives').numerator).toBe(stock.filter((s) => ['2221', '3222'].includes(s.isco)).length)
  })

  it('exits and emigration of the year equal the raw exit records', async () => {
    const items = await tenantItems(w.a.id)
    const exits = items.filter((i) => i.sk.startsWith('EXT#') && i.date.startsWith(String(year)))
    const t = ok(await call('GET', '/api/v1/indicators?indicator=emigration', { token: admin }))
    expect(rowOf(t, null, '*', 'dest:GBR').value).toBe(exits.filter((e) => e.destinationCountry === 'GBR').length)
    const entries = ok(await call('GET', `/api/v1/indicators?indicator=entries&period=${year}`, { token: admin }))
    expect(rowOf(entries, null).value).toBe(items.filter((i) => i.sk === 'W' && i.status !== 'merged' && i.createdAt.startsWith(String(year))).length)
  })

  it('refuses a scoped manager, another country’s unit and a bad indicator', async () => {
    expect((await call('GET', '/api/v1/indicators?indicator=stock', { token: w.a.users.manager.token })).status).toBeLessThan(500)
    const foreign = await call('GET', `/api/v1/indicators?indicator=stock&unit=${w.b.registry.region.id}`, { token: admin })
    expect(foreign.status).toBe(400)
    expect((await call('GET', '/api/v1/indicators?indicator=nope', { token: admin })).json.code).toBe('request.invalid')
    expect((await call('GET', '/api/v1/indicators?indicator=stock', { token: w.donor.token })).status).toBe(403)
  })
})

describe('reporting periods', () => {
  it('a frozen year does not change when the registry does; reopening needs a reason and is audited', async () => {
    const before = ok(await call('GET', `/api/v1/indicators?indicator=stock&period=${year}&breakdown=level1-occupation`, { token: admin }))
    const frozen = ok(await call('POST', '/api/v1/periods/freeze', { token: admin, body: { year }, headers: { 'if-match': '"0"' } }))
    expect(frozen).toMatchObject({ year, state: 'frozen', revision: 1 })
    // the registry moves on: a new worker, counted live, not in the frozen year
    ok(await call('POST', '/api/v1/workers', { token: reg, body: { givenName: 'Late', familyName: 'Entry', sex: 'male', birthDate: '1990-01-01', cadreId: cadres.doctor.id, orgUnitId: units.n1.id } }), 201)
    await poller.settle()
    const live = ok(await call('GET', '/api/v1/indicators?indicator=stock', { token: admin }))
    expect(rowOf(live, null).value).toBe(rowOf(before, null).value + 1)
    const after = ok(await call('GET', `/api/v1/indicators?indicator=stock&period=${year}&breakdown=level1-occupation`, { token: admin }))
    expect(after.period.state).toBe('frozen')
    expect(after.rows).toEqual(before.rows)

    expect((await call('POST', '/api/v1/periods/approve', { token: reg, body: { year }, headers: { 'if-match': '"1"' } })).status).toBe(403)
    const approved = ok(await call('POST', '/api/v1/periods/approve', { token: admin, body: { year }, headers: { 'if-match': '"1"' } }))
    expect(approved.state).toBe('approved')
    expect((await call('POST', '/api/v1/periods/reopen', { token: admin, body: { year }, headers: { 'if-match': '"2"' } })).status).toBe(400)
    const reopened = ok(await call('POST', '/api/v1/periods/reopen', { token: admin, body: { year, reason: 'Late returns' }, headers: { 'if-match': '"2"' } }))
    expect(reopened.history.map((h: any) => h.action)).toEqual(['freeze', 'approve', 'reopen'])
    const audit = ok(await call('GET', '/api/v1/audit', { token: admin }))
    expect(audit.items.find((e: any) => e.action === 'period.reopen')?.after.history.at(-1).reason).toBe('Late returns')
    // frozen again: now with the late entry
    const again = ok(await call('POST', '/api/v1/periods/freeze', { token: admin, body: { year }, headers: { 'if-match': '"3"' } }))
    expect(again.revision).toBe(2)
    const refrozen = ok(await call('GET', `/api/v1/indicators?indicator=stock&period=${year}`, { token: admin }))
    expect(rowOf(refrozen, null).value).toBe(rowOf(before, null).value + 1)
  })

  it('exports a frozen year as DHIS2 dataValueSets with the country’s mapping', async () => {
    expect((await call('GET', `/api/v1/periods/dhis2?year=${year}`, { token: admin })).json.code).toBe('dhis2.no_mapping')
    const region = await call('GET', `/api/v1/org-units/${units.north.id}`, { token: admin })
    ok(await call('PATCH', `/api/v1/org-units/${units.north.id}`, { token: admin, body: { codes: { dhis2: 'NorthUid001' } }, headers: { 'if-match': `"${region.json.version}"` } }))
    ok(await call('PUT', '/api/v1/periods/dhis2-mapping', { token: admin, body: { countryOrgUnit: 'KenyaUid001', entries: [{ indicator: 'stock', dataElement: 'StockDE0001' }, { indicator: 'stock', occupation: '2221', dataElement: 'NursesDE001' }] }, headers: { 'if-match': '"0"' } }))
    const out = ok(await call('GET', `/api/v1/periods/dhis2?year=${year}`, { token: admin }))
    const stock = ok(await call('GET', `/api/v1/indicators?indicator=stock&period=${year}&breakdown=level1-occupation`, { token: admin }))
    expect(out.dataValues).toContainEqual({ dataElement: 'StockDE0001', period: String(year), orgUnit: 'KenyaUid001', categoryOptionCombo: 'HllvX50cXC0', attributeOptionCombo: 'HllvX50cXC0', value: String(rowOf(stock, null).value) })
    expect(out.dataValues).toContainEqual(expect.objectContaining({ dataElement: 'NursesDE001', orgUnit: 'NorthUid001', value: String(rowOf(stock, units.north.id, '2221').value) }))
    // South has no DHIS2 uid: not exported
    expect(out.dataValues.every((v: any) => ['KenyaUid001', 'NorthUid001'].includes(v.orgUnit))).toBe(true)
  })
})
