import { beforeAll, describe, expect, it } from 'vitest'
import { allItems, call, type Reply } from '../support/http'
import { buildWorld, person, type Person, type World } from '../support/world'

/**
 * Filtered lists read their index in rounds until the page is full: a rare status, or a district sorted by
 * name, whose rows lie beyond what the page's first reads reach, still fill the page (and the next page
 * starts after its last row). A district manager's pages and registrations stay inside their district.
 */
let w: World
let reg: string
let east: any
let west: any
let eastClinic: any
let westClinic: any
let manager: Person

const ok = (r: Reply, status = 200) => {
  if (r.status !== status) throw new Error(`${r.status} ${r.text.slice(0, 300)}`)
  return r.json
}
const newWorker = (token: string, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  call('POST', '/api/v1/workers', { token, headers, body: { sex: 'female', birthDate: '1984-03-04', cadreId: w.a.registry.cadre.id, confirmNotDuplicate: true, ...body } })

/** the filler rows come first in name order, more than a page's first reads */
const FILLERS = 60
const LIMIT = 5

beforeAll(async () => {
  w = await buildWorld()
  reg = w.a.users.registrar.token
  const unit = (name: string) => call('POST', '/api/v1/org-units', { token: reg, body: { name, level: 'district', parentId: w.a.registry.region.id } }).then((r) => ok(r, 201))
  east = await unit('Pages East')
  west = await unit('Pages West')
  const clinic = (name: string, parentId: string) =>
    call('POST', '/api/v1/facilities', { token: reg, body: { name, parentId, facilityType: 'clinic', ownership: 'public' } }).then((r) => ok(r, 201))
  eastClinic = await clinic('Pages East Clinic', east.id)
  westClinic = await clinic('Pages West Clinic', west.id)
  manager = await person({ kind: 'tenant', id: w.a.id }, w.a.name, 'manager', east.id)
  // active fillers in the west, first in name order; then a few rows of each kind after them
  const rows: Record<string, unknown>[] = []
  for (let n = 0; n < FILLERS; n++) rows.push({ givenName: `Filler${n}`, familyName: `Aafiller${String(n).padStart(2, '0')}`, orgUnitId: westClinic.id })
  for (let n = 0; n < 6; n++) rows.push({ givenName: `East${n}`, familyName: `Zueast${n}`, orgUnitId: eastClinic.id, status: n < 3 ? 'suspended' : 'active' })
  for (let n = 0; n < 4; n++) rows.push({ givenName: `West${n}`, familyName: `Zuwest${n}`, orgUnitId: westClinic.id, status: 'suspended' })
  for (let i = 0; i < rows.length; i += 6) await Promise.all(rows.slice(i, i + 6).map(async (row) => ok(await newWorker(reg, row), 201)))
}, 240_000)

describe('a filtered page is full when the rows lie beyond its first reads', () => {
  it('a rare status: the first page holds `limit` rows, and the pages together hold each suspended worker once', async () => {
    const first = ok(await call('GET', `/api/v1/workers?status=suspended&limit=${LIMIT}`, { token: reg }))
    expect(first.items).toHaveLength(LIMIT)
    expect(first.items.every((x: any) => x.status === 'suspended')).toBe(true)
    expect(first.cursor).toBeTruthy()
    const all = await allItems(`/api/v1/workers?status=suspended&limit=${LIMIT}`, reg)
    const names = all.map((x: any) => x.familyName)
    expect(names).toEqual([...new Set(names)])
    expect(names.filter((n: string) => n.startsWith('Zu')).sort()).toEqual(['Zueast0', 'Zueast1', 'Zueast2', 'Zuwest0', 'Zuwest1', 'Zuwest2', 'Zuwest3'])
  })

  it('a district sorted by name: the first page holds `limit` rows of that district, in name order, and the next page the rest', async () => {
    const first = ok(await call('GET', `/api/v1/workers?orgUnitId=${east.id}&sort=name&limit=${LIMIT}`, { token: reg }))
    expect(first.items.map((x: any) => x.familyName)).toEqual(['Zueast0', 'Zueast1', 'Zueast2', 'Zueast3', 'Zueast4'])
    const second = ok(await call('GET', `/api/v1/workers?orgUnitId=${east.id}&sort=name&limit=${LIMIT}&cursor=${encodeURIComponent(first.cursor)}`, { token: reg }))
    expect(second.items.map((x: any) => x.familyName)).toEqual(['Zueast5'])
  })
})

describe('a district manager stays inside the district', () => {
  it('sees only the district’s rows in a rare-status page and a name-sorted page', async () => {
    const suspended = await allItems(`/api/v1/workers?status=suspended&limit=${LIMIT}`, manager.token)
    // (their subtree's index, in the order of its paths)
    expect(suspended.map((x: any) => x.familyName).sort()).toEqual(['Zueast0', 'Zueast1', 'Zueast2'])
    const sorted = await allItems(`/api/v1/workers?sort=name&limit=${LIMIT}`, manager.token)
    expect(sorted.map((x: any) => x.familyName)).toEqual(['Zueast0', 'Zueast1', 'Zueast2', 'Zueast3', 'Zueast4', 'Zueast5'])
    // the neighbouring district does not exist for them
    const west_ = await call('GET', `/api/v1/workers?orgUnitId=${west.id}&sort=name&limit=${LIMIT}`, { token: manager.token })
    expect(west_.status).toBe(404)
    expect(west_.text).not.toContain('Zuwest')
  })

  it('cannot register a worker at a facility outside the district, with or without an Idempotency-Key; inside, once per key', async () => {
    for (const headers of [{}, { 'idempotency-key': 'pages-outside-1' }] as Record<string, string>[]) {
      const out = await newWorker(manager.token, { givenName: 'Outside', familyName: 'Zzoutside', orgUnitId: westClinic.id }, headers)
      expect(out.status).toBe(400)
      expect(out.json.code).toBe('worker.org_unit_not_found')
    }
    expect(ok(await call('GET', '/api/v1/workers?q=zzoutside', { token: reg })).items).toEqual([])
    const headers = { 'idempotency-key': 'pages-inside-1' }
    const body = { givenName: 'Inside', familyName: 'Zzinside', orgUnitId: eastClinic.id }
    const first = ok(await newWorker(manager.token, body, headers), 201)
    expect(first.path).toBe(eastClinic.path)
    expect(first.facilityId).toBe(eastClinic.id)
    const again = await newWorker(manager.token, body, headers)
    expect(again.status).toBe(201)
    expect(again.headers.get('idempotent-replayed')).toBe('true')
    expect(again.json.id).toBe(first.id)
    expect(ok(await call('GET', '/api/v1/workers?q=zzinside', { token: reg })).items).toHaveLength(1)
  })
})

describe('a registration at a facility, read once', () => {
  it('is deployed there from the first day, its position the cadre’s name', async () => {
    const created = ok(await newWorker(reg, { givenName: 'Deployed', familyName: 'Zzfirstday', orgUnitId: eastClinic.id }), 201)
    expect(created).toMatchObject({ facilityId: eastClinic.id, orgUnitId: east.id, path: eastClinic.path })
    const deployments = ok(await call('GET', `/api/v1/workers/${created.id}/deployments`, { token: reg }))
    expect(deployments.items).toEqual([expect.objectContaining({ facilityId: eastClinic.id, facilityName: 'Pages East Clinic', position: w.a.registry.cadre.name })])
  })

  it('a repeated request that meets its own first result as a probable duplicate is a replay, and shows no candidates', async () => {
    const admin = w.a.users['ministry-admin'].token
    const candidates = async () => (await allItems('/api/v1/audit?action=worker.candidates&limit=200', admin)).length
    const before = await candidates()
    const headers = { 'idempotency-key': 'pages-probable-replay-1' }
    const body = { givenName: 'Twice', familyName: 'Zzreplayed', birthDate: '1971-01-01', orgUnitId: eastClinic.id, confirmNotDuplicate: false }
    const first = ok(await newWorker(reg, body, headers), 201)
    const again = await newWorker(reg, body, headers)
    expect(again.status).toBe(201)
    expect(again.headers.get('idempotent-replayed')).toBe('true')
    expect(again.json.id).toBe(first.id)
    expect(await candidates()).toBe(before)
    // without the key the same body is a probable duplicate, and its candidates are traced
    const fresh = await newWorker(reg, body)
    expect(fresh.status).toBe(409)
    expect(fresh.json.code).toBe('worker.probable_duplicate')
    expect(await candidates()).toBe(before + 1)
  })
})
