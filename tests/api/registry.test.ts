import { beforeAll, describe, expect, it } from 'vitest'
import { startJobLoop } from '../../functions/jobs/loop'
import { call } from '../support/http'
import { finished } from '../support/jobs'
import { buildWorld, person, type Person, type World } from '../support/world'

let w: World
let reg: string
let units: Record<string, any>
let cadreId: string

const ok = (r: { status: number; text: string; json: any }, status = 200) => {
  expect(r.status, r.text).toBe(status)
  return r.json
}

beforeAll(async () => {
  w = await buildWorld()
  reg = w.a.users.registrar.token
  const post = (path: string, body: unknown) => call('POST', path, { token: reg, body }).then((r) => ok(r, 201))
  const east = await post('/api/v1/org-units', { name: 'Eastern', level: 'region' })
  const west = await post('/api/v1/org-units', { name: 'Western', level: 'region' })
  const kitui = await post('/api/v1/org-units', { name: 'Kitui', level: 'district', parentId: east.id, codes: { dhis2: 'Abc12345678' } })
  const machakos = await post('/api/v1/org-units', { name: 'Machakos', level: 'district', parentId: east.id })
  const kituiHospital = await post('/api/v1/facilities', { name: 'Kitui County Hospital', parentId: kitui.id, facilityType: 'hospital', ownership: 'public', coordinates: { lat: -1.37, lng: 38.01 } })
  const machakosClinic = await post('/api/v1/facilities', { name: 'Machakos Mission Clinic', parentId: machakos.id, facilityType: 'clinic', ownership: 'private-not-for-profit' })
  units = { east, west, kitui, machakos, kituiHospital, machakosClinic }
  cadreId = (await post('/api/v1/cadres', { name: 'Kenya Registered Nurse', iscoCode: '2221' })).id
}, 120_000)

const newWorker = (body: Record<string, unknown>, token = reg) =>
  call('POST', '/api/v1/workers', { token, body: { sex: 'female', birthDate: '1991-07-01', cadreId, ...body } })

describe('org units and facilities', () => {
  it('builds a hierarchy with materialised paths and lists children and subtrees', async () => {
    expect(units.kitui.path).toBe(`/${units.east.id}/${units.kitui.id}/`)
    expect(units.kituiHospital).toMatchObject({ kind: 'facility', depth: 2, ownership: 'public' })
    const roots = ok(await call('GET', '/api/v1/org-units', { token: reg }))
    expect(roots.items.map((u: any) => u.name)).toEqual(expect.arrayContaining(['Eastern', 'Western']))
    const children = ok(await call('GET', `/api/v1/org-units?parentId=${units.east.id}`, { token: reg }))
    expect(children.items.map((u: any) => u.name)).toEqual(['Kitui', 'Machakos'])
    const facilities = ok(await call('GET', `/api/v1/facilities?under=${units.east.id}`, { token: reg }))
    expect(facilities.items.map((u: any) => u.name).sort()).toEqual(['Kitui County Hospital', 'Machakos Mission Clinic'])
    const bad = await call('POST', '/api/v1/facilities', { token: reg, body: { name: 'x', parentId: units.kituiHospital.id, facilityType: 'clinic', ownership: 'public' } })
    expect(bad.status).toBe(400)
  })

  it('refuses a parent from another country', async () => {
    const r = await call('POST', '/api/v1/org-units', { token: reg, body: { name: 'Sneaky', parentId: w.b.registry.district.id } })
    expect(r.status).toBe(400)
    expect(r.json.code).toBe('orgunit.parent_not_found')
  })
})

describe('health workers', () => {
  it('registers, then refuses the same national id with the existing id', async () => {
    const a = ok(await newWorker({ givenName: 'Wanjiru', familyName: 'Kamau', nationalId: '30111222', orgUnitId: units.kitui.id }), 201)
    expect(a).toMatchObject({ status: 'active', trainingOrigin: 'unknown', path: units.kitui.path, version: 1 })
    const dup = await newWorker({ givenName: 'Other', familyName: 'Person', birthDate: '1970-01-01', nationalId: '30111222' })
    expect(dup.status).toBe(409)
    expect(dup.json).toMatchObject({ code: 'worker.duplicate', existingId: a.id })
  })

  it('warns of a probable duplicate (same birth date and sex, similar name) until confirmed', async () => {
    const first = ok(await newWorker({ givenName: 'Ndèye', familyName: 'Diop', birthDate: '1985-03-09' }), 201)
    const probable = await newWorker({ givenName: 'Ndeye', familyName: 'Diopp', birthDate: '1985-03-09' })
    expect(probable.status).toBe(409)
    expect(probable.json.code).toBe('worker.probable_duplicate')
    expect(probable.json.candidates.map((c: any) => c.id)).toEqual([first.id])
    const swapped = await newWorker({ givenName: 'Diop', familyName: 'Ndeye', birthDate: '1985-03-09' })
    expect(swapped.json.code).toBe('worker.probable_duplicate')
    const confirmed = await newWorker({ givenName: 'Ndeye', familyName: 'Diopp', birthDate: '1985-03-09', confirmNotDuplicate: true })
    expect(confirmed.status).toBe(201)
    // a different birth date is not a candidate
    expect((await newWorker({ givenName: 'Ndeye', familyName: 'Diop', birthDate: '1985-03-10' })).status).toBe(201)
  })

  it('searches by name prefix, accents and case ignored, either name first, and by identifier', async () => {
    ok(await newWorker({ givenName: 'José', familyName: 'Muñoz', nationalId: 'MZ-778899', birthDate: '1979-12-12' }), 201)
    for (const q of ['munoz', 'MUÑ', 'jose mu', 'Jos']) {
      const r = ok(await call('GET', `/api/v1/workers?q=${encodeURIComponent(q)}`, { token: reg }))
      expect(r.items.map((x: any) => x.familyName), q).toContain('Muñoz')
    }
    const byId = ok(await call('GET', '/api/v1/workers?q=MZ-778899', { token: reg }))
    expect(byId.items).toHaveLength(1)
    expect(byId.items[0].photo).toBeUndefined()
    expect(ok(await call('GET', '/api/v1/workers?q=zzzz', { token: reg })).items).toEqual([])
  })

  it('lists everyone once, in family-name order, across pages; a search finds either name once', async () => {
    const kamau = ok(await newWorker({ givenName: 'Kamau', familyName: 'Kamau', birthDate: '1960-06-06' }), 201)
    const seen: string[] = []
    const names: string[] = []
    let cursor: string | null = null
    do {
      const page: any = ok(await call('GET', `/api/v1/workers?limit=4${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token: reg }))
      seen.push(...page.items.map((x: any) => x.id))
      names.push(...page.items.map((x: any) => `${x.familyName} ${x.givenName}`.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase()))
      cursor = page.cursor
    } while (cursor)
    expect(new Set(seen).size).toBe(seen.length)
    expect(names).toEqual([...names].sort())
    const found: string[] = []
    cursor = null
    do {
      const page: any = ok(await call('GET', `/api/v1/workers?q=kam&limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token: reg }))
      found.push(...page.items.map((x: any) => x.id))
      cursor = page.cursor
    } while (cursor)
    expect(new Set(found).size).toBe(found.length)
    expect(found.filter((id) => id === kamau.id)).toHaveLength(1)
  })

  it('paginates with cursors and filters by subtree, cadre and status', async () => {
    const otherCadre = ok(await call('POST', '/api/v1/cadres', { token: reg, body: { name: 'Clinical Officer', iscoCode: '2240' } }), 201)
    for (let i = 0; i < 7; i++) ok(await newWorker({ givenName: `Page${i}`, familyName: 'Machakosian', birthDate: `1990-01-1${i}`, orgUnitId: units.machakos.id, cadreId: i % 2 ? otherCadre.id : cadreId }), 201)
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const page: any = ok(await call('GET', `/api/v1/workers?orgUnitId=${units.machakos.id}&limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token: reg }))
      expect(page.items.length).toBeLessThanOrEqual(3)
      seen.push(...page.items.map((x: any) => x.id))
      cursor = page.cursor
    } while (cursor)
    expect(new Set(seen).size).toBe(7)
    const officers = ok(await call('GET', `/api/v1/workers?orgUnitId=${units.east.id}&cadreId=${otherCadre.id}`, { token: reg }))
    expect(officers.items).toHaveLength(3)
    expect(ok(await call('GET', `/api/v1/workers?orgUnitId=${units.west.id}`, { token: reg })).items).toEqual([])
    const tampered = await call('GET', `/api/v1/workers?orgUnitId=${units.west.id}&cursor=${encodeURIComponent(String(seen[0]))}`, { token: reg })
    expect(tampered.json.code).toBe('cursor.invalid')
  })

  it('fifty concurrent edits of one version: exactly one wins, the others get 412', async () => {
    const worker = ok(await newWorker({ givenName: 'Concurrent', familyName: 'Edit', birthDate: '1993-05-05' }), 201)
    const edits = await Promise.all(
      Array.from({ length: 50 }, (_, i) => call('PATCH', `/api/v1/workers/${worker.id}`, { token: reg, body: { placeOfBirth: `Town ${i}` }, headers: { 'if-match': '"1"' } })),
    )
    expect(edits.filter((e) => e.status === 200)).toHaveLength(1)
    expect(edits.filter((e) => e.status === 412)).toHaveLength(49)
    const now = ok(await call('GET', `/api/v1/workers/${worker.id}`, { token: reg }))
    expect(now.version).toBe(2)
  })

  it('a PATCH repeated after its answer was lost returns the first result, not a 412', async () => {
    const worker = ok(await newWorker({ givenName: 'Lost', familyName: 'Answer', birthDate: '1984-04-04' }), 201)
    const edit = { token: reg, body: { placeOfBirth: 'Kisumu' }, headers: { 'if-match': '"1"', 'idempotency-key': 'patch-lost-answer-1' } }
    const first = ok(await call('PATCH', `/api/v1/workers/${worker.id}`, edit))
    const again = await call('PATCH', `/api/v1/workers/${worker.id}`, edit)
    expect(again.status).toBe(200)
    expect(again.headers.get('idempotent-replayed')).toBe('true')
    expect(again.json.version).toBe(first.version)
    expect(ok(await call('GET', `/api/v1/workers/${worker.id}`, { token: reg })).version).toBe(2)
  })

  it('a repeated POST with one Idempotency-Key registers one worker', async () => {
    const body = { givenName: 'Idem', familyName: 'Potent', sex: 'male', birthDate: '1980-02-02', cadreId }
    const headers = { 'idempotency-key': 'worker-create-000001' }
    const [a, b] = await Promise.all([call('POST', '/api/v1/workers', { token: reg, body, headers }), call('POST', '/api/v1/workers', { token: reg, body, headers })])
    expect([a.status, b.status]).toEqual([201, 201])
    expect(a.json.id).toBe(b.json.id)
    expect(ok(await call('GET', '/api/v1/workers?q=potent', { token: reg })).items).toHaveLength(1)
  })
})

describe('licences, deployments, training and exits', () => {
  let worker: any
  beforeAll(async () => {
    worker = ok(await newWorker({ givenName: 'Akinyi', familyName: 'Otieno', birthDate: '1987-08-08', nationalId: '22334455', trainingCountry: 'UGA' }), 201)
  })

  it('keeps licence numbers unique per council and computes expiry on read', async () => {
    expect(worker.trainingOrigin).toBe('foreign')
    const lic = ok(await call('POST', `/api/v1/workers/${worker.id}/licences`, { token: reg, body: { council: 'Nursing Council of Kenya', number: 'nck-1001', issuedAt: '2020-01-01', expiresAt: '2021-01-01' } }), 201)
    expect(lic.status).toBe('expired')
    const taken = await call('POST', `/api/v1/workers/${w.a.registry.worker.id}/licences`, { token: reg, body: { council: 'nursing council of kenya', number: 'NCK-1001', issuedAt: '2022-01-01', expiresAt: '2025-01-01' } })
    expect(taken.status).toBe(409)
    expect(taken.json.code).toBe('licence.number_taken')
    const otherCouncil = await call('POST', `/api/v1/workers/${w.a.registry.worker.id}/licences`, { token: reg, body: { council: 'Clinical Officers Council', number: 'NCK-1001', issuedAt: '2022-01-01', expiresAt: '2031-01-01' } })
    expect(otherCouncil.status).toBe(201)
    const renewed = ok(await call('POST', `/api/v1/workers/${worker.id}/licences/${lic.id}/renewals`, { token: reg, body: { expiresAt: '2031-01-01' }, headers: { 'if-match': '"1"' } }), 201)
    expect(renewed).toMatchObject({ status: 'active', expiresAt: '2031-01-01', version: 2 })
    expect(renewed.renewals[0]).toMatchObject({ from: '2021-01-01', to: '2031-01-01' })
    const suspended = ok(await call('POST', `/api/v1/workers/${worker.id}/licences/${lic.id}/actions`, { token: reg, body: { date: '2026-01-01', action: 'suspension', note: 'inquiry' }, headers: { 'if-match': '"2"' } }), 201)
    expect(suspended.status).toBe('suspended')
    const blocked = await call('POST', `/api/v1/workers/${worker.id}/licences/${lic.id}/renewals`, { token: reg, body: { expiresAt: '2032-01-01' }, headers: { 'if-match': '"3"' } })
    expect(blocked.json.code).toBe('licence.not_renewable')
  })

  it('twenty concurrent registrations of one licence number: exactly one succeeds', async () => {
    const replies = await Promise.all(
      Array.from({ length: 20 }, () => call('POST', `/api/v1/workers/${worker.id}/licences`, { token: reg, body: { council: 'Pharmacy Board', number: 'PB-42', issuedAt: '2024-01-01', expiresAt: '2029-01-01' } })),
    )
    expect(replies.filter((r) => r.status === 201)).toHaveLength(1)
    expect(replies.filter((r) => r.status === 409).every((r) => r.json.code === 'licence.number_taken')).toBe(true)
  })

  it('finds workers whose licence expires before a date', async () => {
    const soon = ok(await newWorker({ givenName: 'Expiring', familyName: 'Soon', birthDate: '1992-02-02' }), 201)
    ok(await call('POST', `/api/v1/workers/${soon.id}/licences`, { token: reg, body: { council: 'Medical Board', number: 'MB-1', issuedAt: '2024-01-01', expiresAt: '2026-12-15' } }), 201)
    const r = ok(await call('GET', '/api/v1/workers?licenceExpiringBefore=2027-01-01', { token: reg }))
    expect(r.items.map((x: any) => x.id)).toContain(soon.id)
    expect(r.items.map((x: any) => x.id)).not.toContain(w.a.registry.worker.id)
  })

  it('a transfer closes the previous deployment and moves the worker into the new subtree', async () => {
    const first = ok(await call('POST', `/api/v1/workers/${worker.id}/deployments`, { token: reg, body: { facilityId: units.kituiHospital.id, position: 'Nurse', startDate: '2024-01-01' } }), 201)
    expect(first.sector).toBe('public')
    const second = ok(await call('POST', `/api/v1/workers/${worker.id}/deployments`, { token: reg, body: { facilityId: units.machakosClinic.id, position: 'Senior nurse', startDate: '2025-07-01', fundingSource: 'donor' } }), 201)
    const history = ok(await call('GET', `/api/v1/workers/${worker.id}/deployments`, { token: reg }))
    expect(history.items.map((d: any) => [d.facilityName, d.endDate ?? null])).toEqual([
      ['Machakos Mission Clinic', null],
      ['Kitui County Hospital', '2025-07-01'],
    ])
    expect(second.sector).toBe('private-not-for-profit')
    const now = ok(await call('GET', `/api/v1/workers/${worker.id}`, { token: reg }))
    expect(now).toMatchObject({ facilityId: units.machakosClinic.id, path: units.machakosClinic.path })
    const atClinic = ok(await call('GET', `/api/v1/workers?orgUnitId=${units.machakosClinic.id}`, { token: reg }))
    expect(atClinic.items.map((x: any) => x.id)).toEqual([worker.id])
    const foreign = await call('POST', `/api/v1/workers/${worker.id}/deployments`, { token: reg, body: { facilityId: w.b.registry.facility.id, position: 'x', startDate: '2026-01-01' } })
    expect(foreign.json.code).toBe('deployment.facility_not_found')
  })

  it('records training and an emigration exit that ends the deployment', async () => {
    ok(await call('POST', `/api/v1/workers/${worker.id}/training`, { token: reg, body: { kind: 'cpd', title: 'Neonatal resuscitation', credits: 8 } }), 201)
    const missing = await call('POST', `/api/v1/workers/${worker.id}/exits`, { token: reg, body: { kind: 'voluntary', reason: 'emigration', date: '2026-06-30' } })
    expect(missing.status).toBe(400)
    expect(missing.json.errors[0].path).toBe('destinationCountry')
    ok(await call('POST', `/api/v1/workers/${worker.id}/exits`, { token: reg, body: { kind: 'voluntary', reason: 'emigration', date: '2026-06-30', destinationCountry: 'GBR' } }), 201)
    const after = ok(await call('GET', `/api/v1/workers/${worker.id}`, { token: reg }))
    expect(after.status).toBe('exited')
    expect(after.facilityId).toBeUndefined()
    const deps = ok(await call('GET', `/api/v1/workers/${worker.id}/deployments`, { token: reg }))
    expect(deps.items.every((d: any) => d.endDate)).toBe(true)
    expect((await call('POST', `/api/v1/workers/${worker.id}/exits`, { token: reg, body: { kind: 'voluntary', reason: 'retirement', date: '2026-07-01' } })).json.code).toBe('worker.already_exited')
  })

  it('exports the whole record with its history of corrections, and audits every write and read', async () => {
    const rec = ok(await call('GET', `/api/v1/workers/${worker.id}/record`, { token: reg }))
    expect(rec.format).toBe('cadre.worker-record.v1')
    expect(rec.licences.length).toBeGreaterThanOrEqual(2)
    expect(rec.deployments).toHaveLength(2)
    expect(rec.training).toHaveLength(1)
    expect(rec.exits[0].destinationCountry).toBe('GBR')
    const actions = rec.history.map((h: any) => h.action)
    expect(actions).toEqual(expect.arrayContaining(['worker.create', 'licence.create', 'licence.renew', 'licence.suspension', 'deployment.create', 'deployment.transfer', 'training.create', 'exit.create']))
    const audit = ok(await call('GET', `/api/v1/audit?entityId=${worker.id}&limit=200`, { token: w.a.users['ministry-admin'].token }))
    const all = audit.items.map((e: any) => e.action)
    expect(all).toContain('worker.read')
    expect(all).toContain('worker.export')
    const rename = audit.items.find((e: any) => e.action === 'licence.renew')
    expect(rename.before.expiresAt).toBe('2021-01-01')
    expect(rename.after.expiresAt).toBe('2031-01-01')
    expect(rename.actor.email).toBe(w.a.users.registrar.email)
  })
})

describe('scoped access: a district manager', () => {
  let manager: Person
  let inside: any
  let outside: any
  beforeAll(async () => {
    manager = await person({ kind: 'tenant', id: 'KEN' }, 'Kenya', 'manager', units.kitui.id)
    inside = ok(await newWorker({ givenName: 'Inside', familyName: 'Kitui', birthDate: '1990-09-09', orgUnitId: units.kitui.id }), 201)
    outside = ok(await newWorker({ givenName: 'Outside', familyName: 'Machakos', birthDate: '1990-09-10', orgUnitId: units.machakos.id }), 201)
  })

  it('sees and edits only its subtree; outside is 404', async () => {
    expect((await call('GET', `/api/v1/workers/${inside.id}`, { token: manager.token })).status).toBe(200)
    const out = await call('GET', `/api/v1/workers/${outside.id}`, { token: manager.token })
    expect(out.status).toBe(404)
    expect(out.text).not.toContain('Machakos')
    expect((await call('PATCH', `/api/v1/workers/${outside.id}`, { token: manager.token, body: { status: 'on-leave' }, headers: { 'if-match': '"1"' } })).status).toBe(404)
    expect((await call('GET', `/api/v1/org-units/${units.machakos.id}`, { token: manager.token })).status).toBe(404)
    const all = ok(await call('GET', '/api/v1/workers?limit=200', { token: manager.token }))
    expect(all.items.every((x: any) => x.path.startsWith(units.kitui.path))).toBe(true)
    expect(all.items.map((x: any) => x.id)).toContain(inside.id)
    const byName = ok(await call('GET', '/api/v1/workers?q=outside', { token: manager.token }))
    expect(byName.items).toEqual([])
    const roots = ok(await call('GET', '/api/v1/org-units', { token: manager.token }))
    expect(roots.items.map((u: any) => u.id)).toEqual([units.kitui.id])
  })

  it('registers only inside its subtree, and sees only in-area duplicate candidates', async () => {
    expect((await newWorker({ givenName: 'No', familyName: 'Place', birthDate: '1999-01-01' }, manager.token)).json.code).toBe('worker.org_unit_required')
    expect((await newWorker({ givenName: 'Wrong', familyName: 'Place', birthDate: '1999-01-01', orgUnitId: units.machakos.id }, manager.token)).json.code).toBe('worker.org_unit_not_found')
    const dup = await newWorker({ givenName: 'Outside', familyName: 'Machakos', birthDate: '1990-09-10', orgUnitId: units.kitui.id }, manager.token)
    expect(dup.json.code).toBe('worker.probable_duplicate')
    expect(dup.json.candidates).toEqual([])
    expect(dup.json.outsideYourArea).toBe(1)
  })
})

describe('merging duplicates and moving units', () => {
  it('merges a duplicate: its licences move, both histories stay, its national id leads to the survivor', async () => {
    const keep = ok(await newWorker({ givenName: 'Fatuma', familyName: 'Hassan', birthDate: '1975-04-04', nationalId: 'KEEP-1' }), 201)
    const dupe = ok(await newWorker({ givenName: 'Fatma', familyName: 'Hasan', birthDate: '1976-04-04', nationalId: 'DUPE-1' }), 201)
    ok(await call('POST', `/api/v1/workers/${dupe.id}/licences`, { token: reg, body: { council: 'Medical Board', number: 'MB-DUPE', issuedAt: '2024-01-01', expiresAt: '2029-01-01' } }), 201)
    const merged = ok(await call('POST', `/api/v1/workers/${keep.id}/merge`, { token: reg, body: { duplicateId: dupe.id } }))
    expect(merged.moved).toBe(1)
    expect(ok(await call('GET', `/api/v1/workers/${keep.id}/licences`, { token: reg })).items.map((l: any) => l.number)).toEqual(['MB-DUPE'])
    expect(ok(await call('GET', `/api/v1/workers/${dupe.id}`, { token: reg }))).toMatchObject({ status: 'merged', mergedInto: keep.id })
    expect(ok(await call('GET', '/api/v1/workers?q=DUPE-1', { token: reg })).items.map((x: any) => x.id)).toEqual([keep.id])
    expect(ok(await call('GET', '/api/v1/workers?q=fatma', { token: reg })).items).toEqual([])
    const rec = ok(await call('GET', `/api/v1/workers/${dupe.id}/record`, { token: reg }))
    expect(rec.history.map((h: any) => h.action)).toEqual(expect.arrayContaining(['worker.create', 'licence.create', 'worker.merged_into']))
    expect((await call('POST', `/api/v1/workers/${keep.id}/merge`, { token: reg, body: { duplicateId: w.b.registry.worker.id } })).status).toBe(404)
  })

  it('moves a district to another region, with its facilities and workers', async () => {
    const district = ok(await call('POST', '/api/v1/org-units', { token: reg, body: { name: 'Movable', parentId: units.east.id } }), 201)
    const fac = ok(await call('POST', '/api/v1/facilities', { token: reg, body: { name: 'Movable Clinic', parentId: district.id, facilityType: 'clinic', ownership: 'public' } }), 201)
    const wk = ok(await newWorker({ givenName: 'Mover', familyName: 'Person', birthDate: '1994-04-04' }), 201)
    ok(await call('POST', `/api/v1/workers/${wk.id}/deployments`, { token: reg, body: { facilityId: fac.id, position: 'Nurse', startDate: '2026-01-01' } }), 201)
    const cycle = await call('POST', `/api/v1/org-units/${units.east.id}/move`, { token: reg, body: { parentId: units.kitui.id }, headers: { 'if-match': `"${units.east.version}"` } })
    expect(cycle.json.code).toBe('orgunit.cycle')
    const started = ok(await call('POST', `/api/v1/org-units/${district.id}/move`, { token: reg, body: { parentId: units.west.id }, headers: { 'if-match': '"1"' } }), 202)
    // the unit moves at once; its facility and workers follow by a job (run here by the local loop)
    expect(ok(await call('GET', `/api/v1/org-units/${district.id}`, { token: reg })).parentId).toBe(units.west.id)
    const loop = startJobLoop({ pollMs: 200 })
    const moved = await finished(reg, started).finally(() => loop.stop())
    expect(moved).toMatchObject({ state: 'done', result: { nodes: 2, workers: 1 } })
    expect(ok(await call('GET', `/api/v1/facilities/${fac.id}`, { token: reg })).path).toBe(`/${units.west.id}/${district.id}/${fac.id}/`)
    expect(ok(await call('GET', `/api/v1/workers?orgUnitId=${units.west.id}`, { token: reg })).items.map((x: any) => x.id)).toEqual([wk.id])
    expect(ok(await call('GET', `/api/v1/workers?orgUnitId=${units.east.id}&limit=200`, { token: reg })).items.map((x: any) => x.id)).not.toContain(wk.id)
  }, 150_000)
})
