import { beforeAll, describe, expect, it } from 'vitest'
import { call } from '../support/http'
import { buildWorld, person, type World } from '../support/world'

/** The API routes and changes the console's screens rely on: one-request pickers, first deployment, ... */
let w: World
let reg: string
let units: Record<string, any>

const ok = (r: { status: number; text: string; json: any }, status = 200) => {
  expect(r.status, r.text).toBe(status)
  return r.json
}

beforeAll(async () => {
  w = await buildWorld()
  reg = w.a.users.registrar.token
  const post = (path: string, body: unknown) => call('POST', path, { token: reg, body }).then((r) => ok(r, 201))
  const north = await post('/api/v1/org-units', { name: 'Northern', level: 'region' })
  // a district named like its region: the pickers must tell them apart by their path
  const northDistrict = await post('/api/v1/org-units', { name: 'Northern', level: 'district', parentId: north.id })
  const clinic = await post('/api/v1/facilities', { name: 'Northern Clinic', parentId: northDistrict.id, facilityType: 'clinic', ownership: 'public', codes: { mfl: 'X-1' } })
  units = { north, northDistrict, clinic }
}, 120_000)

describe('the hierarchy in one request', () => {
  it('returns every unit and facility of the country, compact, with parents and paths', async () => {
    const tree = ok(await call('GET', '/api/v1/org-units/tree', { token: reg }))
    expect(tree.truncated).toBe(false)
    const byId = new Map(tree.items.map((n: any) => [n.id, n]))
    for (const u of [...Object.values(units), w.a.registry.region, w.a.registry.district, w.a.registry.facility]) {
      expect(byId.get(u.id), u.name).toMatchObject({ id: u.id, kind: u.kind, name: u.name, path: u.path, depth: u.depth })
    }
    expect(byId.get(units.clinic.id)).toMatchObject({ parentId: units.northDistrict.id, facilityType: 'clinic', ownership: 'public' })
    // compact: no codes, versions or timestamps
    expect(byId.get(units.clinic.id)).not.toHaveProperty('codes')
    expect(byId.get(units.clinic.id)).not.toHaveProperty('createdAt')
  })

  it('gives a scoped manager their subtree only, and another country nothing of this one', async () => {
    const manager = await person({ kind: 'tenant', id: w.a.id }, w.a.name, 'manager', units.northDistrict.id)
    const scoped = ok(await call('GET', '/api/v1/org-units/tree', { token: manager.token }))
    expect(scoped.items.map((n: any) => n.id).sort()).toEqual([units.northDistrict.id, units.clinic.id].sort())
    const other = ok(await call('GET', '/api/v1/org-units/tree', { token: w.b.users.registrar.token }))
    expect(other.items.length).toBeGreaterThan(0)
    expect(JSON.stringify(other.items)).not.toContain(w.a.registry.region.id)
    expect(JSON.stringify(other.items)).not.toContain('Northern')
  })
})

describe('registration at a facility', () => {
  it('opens the first deployment there, with its audit, in the same request', async () => {
    const cadreId = w.a.registry.cadre.id
    const worker = ok(
      await call('POST', '/api/v1/workers', {
        token: reg,
        body: { givenName: 'Neema', familyName: 'Firstpost', sex: 'female', birthDate: '1994-05-06', cadreId, orgUnitId: units.clinic.id, position: 'Clinical officer', startDate: '2026-02-01' },
      }),
      201,
    )
    // where the worker works: the facility; where they return when it ends: the facility's unit
    expect(worker).toMatchObject({ facilityId: units.clinic.id, orgUnitId: units.northDistrict.id, path: units.clinic.path })
    const deployments = ok(await call('GET', `/api/v1/workers/${worker.id}/deployments`, { token: reg })).items
    expect(deployments).toHaveLength(1)
    expect(deployments[0]).toMatchObject({ facilityId: units.clinic.id, facilityName: 'Northern Clinic', position: 'Clinical officer', startDate: '2026-02-01', sector: 'public' })
    expect(deployments[0].endDate).toBeUndefined()
    const history = ok(await call('GET', `/api/v1/workers/${worker.id}/history`, { token: reg })).items.map((e: any) => e.action)
    expect(history).toEqual(expect.arrayContaining(['worker.create', 'deployment.create']))
    // the facility's staff list finds the worker through the path index
    const staff = ok(await call('GET', `/api/v1/workers?orgUnitId=${units.clinic.id}`, { token: reg })).items
    expect(staff.map((s: any) => s.id)).toContain(worker.id)
  })

  it('defaults the position to the cadre and the start to today; a unit registers no deployment', async () => {
    const cadreId = w.a.registry.cadre.id
    const atClinic = ok(await call('POST', '/api/v1/workers', { token: reg, body: { givenName: 'Baraka', familyName: 'Defaulted', sex: 'male', birthDate: '1990-01-02', cadreId, orgUnitId: units.clinic.id } }), 201)
    const [d] = ok(await call('GET', `/api/v1/workers/${atClinic.id}/deployments`, { token: reg })).items
    expect(d).toMatchObject({ position: w.a.registry.cadre.name, startDate: new Date().toISOString().slice(0, 10) })
    const atUnit = ok(await call('POST', '/api/v1/workers', { token: reg, body: { givenName: 'Imani', familyName: 'Homeunit', sex: 'female', birthDate: '1990-03-04', cadreId, orgUnitId: units.northDistrict.id } }), 201)
    expect(atUnit.facilityId).toBeUndefined()
    expect(ok(await call('GET', `/api/v1/workers/${atUnit.id}/deployments`, { token: reg })).items).toHaveLength(0)
  })

  it('refuses another country’s facility, writing nothing', async () => {
    const r = await call('POST', '/api/v1/workers', {
      token: reg,
      body: { givenName: 'Other', familyName: 'Countryfac', sex: 'female', birthDate: '1990-03-04', cadreId: w.a.registry.cadre.id, orgUnitId: w.b.registry.facility.id },
    })
    expect(r.status).toBe(400)
    expect(r.json.code).toBe('worker.org_unit_not_found')
    expect(ok(await call('GET', '/api/v1/workers?q=countryfac', { token: reg })).items).toHaveLength(0)
  })
})

describe('the licence-expiry list', () => {
  it('gives each worker the expiry date that matched, in expiry order', async () => {
    const page = ok(await call('GET', '/api/v1/workers?licenceExpiringBefore=2031-01-01', { token: reg }))
    const marker = page.items.find((i: any) => i.id === w.a.registry.worker.id)
    expect(marker.licenceExpiresAt).toBe(w.a.registry.licence.expiresAt)
    const dates = page.items.map((i: any) => i.licenceExpiresAt)
    expect(dates).toEqual([...dates].sort())
  })
})

describe('licensing councils, a list per country', () => {
  it('once a country lists its councils, a licence must name one of them (any case), and another country is unaffected', async () => {
    const admin = w.a.users['ministry-admin'].token
    const tenant = await call('GET', `/api/v1/tenants/${w.a.id}`, { token: admin })
    const updated = await call('PATCH', `/api/v1/tenants/${w.a.id}`, {
      token: admin,
      headers: { 'if-match': tenant.headers.get('etag')! },
      body: { councils: ['Nursing Council of Kenya', 'Kenya Medical Practitioners and Dentists Council'] },
    })
    expect(updated.status, updated.text).toBe(200)
    expect(updated.json.councils).toHaveLength(2)
    const workerId = w.a.registry.worker.id
    const typo = await call('POST', `/api/v1/workers/${workerId}/licences`, { token: reg, body: { council: 'Nursing Concil of Kenya', number: 'NCK-T-1', issuedAt: '2024-01-01', expiresAt: '2027-01-01' } })
    expect(typo.status).toBe(400)
    expect(typo.json).toMatchObject({ code: 'licence.unknown_council', field: 'council' })
    const listed = await call('POST', `/api/v1/workers/${workerId}/licences`, { token: reg, body: { council: 'nursing council of kenya', number: 'NCK-T-1', issuedAt: '2024-01-01', expiresAt: '2027-01-01' } })
    expect(listed.status, listed.text).toBe(201)
    // the same number under the council's listed spelling is the same licence number: taken
    const again = await call('POST', `/api/v1/workers/${workerId}/licences`, { token: reg, body: { council: 'Nursing Council of Kenya', number: 'nck-t-1', issuedAt: '2024-01-01', expiresAt: '2027-01-01' } })
    expect(again.json.code).toBe('licence.number_taken')
    const elsewhere = await call('POST', `/api/v1/workers/${w.b.registry.worker.id}/licences`, { token: w.b.users.registrar.token, body: { council: 'Any Council', number: 'ANY-1', issuedAt: '2024-01-01', expiresAt: '2027-01-01' } })
    expect(elsewhere.status, elsewhere.text).toBe(201)
  })

  it('refuses a council listed twice', async () => {
    const admin = w.a.users['ministry-admin'].token
    const tenant = await call('GET', `/api/v1/tenants/${w.a.id}`, { token: admin })
    const r = await call('PATCH', `/api/v1/tenants/${w.a.id}`, { token: admin, headers: { 'if-match': tenant.headers.get('etag')! }, body: { councils: ['A Council', 'a council'] } })
    expect(r.status).toBe(400)
  })
})

describe('the audit log, narrowed', () => {
  it('filters by action, by who acted and by day, newest first, within the country', async () => {
    const admin = w.a.users['ministry-admin'].token
    const all = ok(await call('GET', '/api/v1/audit?limit=200', { token: admin })).items
    expect(all.length).toBeGreaterThan(5)
    const creates = ok(await call('GET', '/api/v1/audit?action=worker.create&limit=200', { token: admin })).items
    expect(creates.length).toBeGreaterThan(0)
    expect(creates.every((e: any) => e.action === 'worker.create')).toBe(true)
    const byRegistrar = ok(await call('GET', `/api/v1/audit?actor=${encodeURIComponent(w.a.users.registrar.email.toUpperCase())}&limit=200`, { token: admin })).items
    expect(byRegistrar.length).toBeGreaterThan(0)
    expect(byRegistrar.every((e: any) => e.actor.email === w.a.users.registrar.email)).toBe(true)
    const today = new Date().toISOString().slice(0, 10)
    const todays = ok(await call('GET', `/api/v1/audit?from=${today}&to=${today}&action=worker.create&limit=200`, { token: admin })).items
    expect(todays.map((e: any) => e.id)).toEqual(creates.map((e: any) => e.id))
    expect(ok(await call('GET', '/api/v1/audit?from=2001-01-01&to=2001-12-31', { token: admin })).items).toHaveLength(0)
    expect(ok(await call('GET', `/api/v1/audit?to=${today}&limit=5`, { token: admin })).items).toHaveLength(5)
    // another country's events never show, whatever the filter
    const other = ok(await call('GET', `/api/v1/audit?actor=${encodeURIComponent(w.a.users.registrar.email)}`, { token: w.b.users['ministry-admin'].token })).items
    expect(other).toHaveLength(0)
    expect((await call('GET', '/api/v1/audit?action=DROP TABLE', { token: admin })).status).toBe(400)
  })
})

describe('the audit log without the views of records', () => {
  it('leaves out or keeps only the reads of person data', async () => {
    const admin = w.a.users['ministry-admin'].token
    await call('GET', `/api/v1/workers/${w.a.registry.worker.id}`, { token: admin })
    const all = ok(await call('GET', '/api/v1/audit?limit=200', { token: admin })).items.map((e: any) => e.action)
    expect(all).toContain('worker.read')
    const changes = ok(await call('GET', '/api/v1/audit?views=without&limit=200', { token: admin })).items.map((e: any) => e.action)
    expect(changes.length).toBeGreaterThan(0)
    expect(changes.filter((a: string) => ['worker.read', 'worker.list', 'worker.search'].includes(a))).toEqual([])
    const views = ok(await call('GET', '/api/v1/audit?views=only&limit=200', { token: admin })).items.map((e: any) => e.action)
    expect(views).toContain('worker.read')
    expect(views.every((a: string) => /^(worker|tenant)\.(read|list|search|export|candidates|export_download)$/.test(a))).toBe(true)
  })
})
