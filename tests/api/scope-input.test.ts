import { createHash, randomBytes } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import { app } from '../../functions/api/app'
import { withActor } from '../../functions/core/actor'
import { keys } from '../../functions/core/db/keys'
import { commit } from '../../functions/core/db/write'
import { call, type Reply } from '../support/http'
import { itemCount } from '../support/table'
import { buildWorld, email, person, type Person, type World } from '../support/world'

/**
 * Trust at the edges: a scoped user stays inside their subtree on every write, cursors are opaque and
 * tamper-proof, names are clean Unicode in every script, bodies are measured while read, If-Match is strong.
 */
let w: World
let reg: string
let admin: string
let manager: Person
let units: Record<string, any>
let cadreId: string

const ok = (r: Reply, status = 200) => {
  expect(r.status, r.text).toBe(status)
  return r.json
}
const refused = (r: Reply, status: number, code: string) => {
  expect(r.status, r.text).toBe(status)
  expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/)
  expect(r.json.code).toBe(code)
  return r.json
}

let n = 0
const newWorker = (body: Record<string, unknown>, token = reg) =>
  call('POST', '/api/v1/workers', { token, body: { givenName: 'Case', familyName: `Scope${n++}`, sex: 'female', birthDate: '1988-03-03', cadreId, confirmNotDuplicate: true, ...body } })

beforeAll(async () => {
  w = await buildWorld()
  reg = w.a.users.registrar.token
  admin = w.a.users['ministry-admin'].token
  const post = (path: string, body: unknown) => call('POST', path, { token: reg, body }).then((r) => ok(r, 201))
  const east = await post('/api/v1/org-units', { name: 'Eastern', level: 'region' })
  const kitui = await post('/api/v1/org-units', { name: 'Kitui', level: 'district', parentId: east.id })
  const machakos = await post('/api/v1/org-units', { name: 'Machakos', level: 'district', parentId: east.id })
  const kituiWard = await post('/api/v1/org-units', { name: 'Kitui Ward', level: 'ward', parentId: kitui.id })
  const kituiHospital = await post('/api/v1/facilities', { name: 'Kitui Hospital', parentId: kitui.id, facilityType: 'hospital', ownership: 'public' })
  const machakosClinic = await post('/api/v1/facilities', { name: 'Machakos Clinic', parentId: machakos.id, facilityType: 'clinic', ownership: 'public' })
  units = { east, kitui, machakos, kituiWard, kituiHospital, machakosClinic }
  cadreId = (await post('/api/v1/cadres', { name: 'Scope Nurse', iscoCode: '2221' })).id
  manager = await person({ kind: 'tenant', id: 'KEN' }, 'Kenya', 'manager', kitui.id)
}, 120_000)

describe('a district manager stays inside its subtree on every write', () => {
  it('cannot give a deployed worker a home unit outside its subtree (nor one that does not exist)', async () => {
    const worker = ok(await newWorker({ orgUnitId: units.kitui.id }, manager.token), 201)
    ok(await call('POST', `/api/v1/workers/${worker.id}/deployments`, { token: manager.token, body: { facilityId: units.kituiHospital.id, position: 'Nurse', startDate: '2026-01-01' } }), 201)
    const deployed = ok(await call('GET', `/api/v1/workers/${worker.id}`, { token: manager.token }))
    const before = await itemCount()
    const outside = await call('PATCH', `/api/v1/workers/${worker.id}`, { token: manager.token, body: { orgUnitId: units.machakos.id }, headers: { 'if-match': `"${deployed.version}"` } })
    refused(outside, 400, 'worker.org_unit_not_found')
    expect(outside.text).not.toContain('Machakos')
    const missing = await call('PATCH', `/api/v1/workers/${worker.id}`, { token: reg, body: { orgUnitId: 'ou_01jzzzzzzzzzzzzzzzzzzzzzzz' }, headers: { 'if-match': `"${deployed.version}"` } })
    refused(missing, 400, 'worker.org_unit_not_found')
    expect(await itemCount()).toBe(before)
    expect(ok(await call('GET', `/api/v1/workers/${worker.id}`, { token: reg })).orgUnitId).toBe(units.kitui.id)
    // inside its subtree, the home unit changes while the worker stays at its facility
    const moved = ok(await call('PATCH', `/api/v1/workers/${worker.id}`, { token: manager.token, body: { orgUnitId: units.kituiWard.id }, headers: { 'if-match': `"${deployed.version}"` } }))
    expect(moved).toMatchObject({ orgUnitId: units.kituiWard.id, facilityId: units.kituiHospital.id, path: units.kituiHospital.path })
  })

  it('cannot register, deploy, or add units and facilities outside its subtree', async () => {
    const before = await itemCount()
    refused(await newWorker({ orgUnitId: units.machakos.id }, manager.token), 400, 'worker.org_unit_not_found')
    refused(await newWorker({ orgUnitId: units.machakosClinic.id }, manager.token), 400, 'worker.org_unit_not_found')
    refused(await newWorker({ orgUnitId: w.b.registry.district.id }, manager.token), 400, 'worker.org_unit_not_found')
    const inside = ok(await newWorker({ orgUnitId: units.kitui.id }, manager.token), 201)
    const afterInside = await itemCount()
    const deploy = (facilityId: string) => call('POST', `/api/v1/workers/${inside.id}/deployments`, { token: manager.token, body: { facilityId, position: 'Nurse', startDate: '2026-02-01' } })
    refused(await deploy(units.machakosClinic.id), 400, 'deployment.facility_not_found')
    refused(await deploy(w.b.registry.facility.id), 400, 'deployment.facility_not_found')
    refused(await call('POST', '/api/v1/org-units', { token: manager.token, body: { name: 'Outpost', parentId: units.machakos.id } }), 400, 'orgunit.parent_not_found')
    refused(await call('POST', '/api/v1/org-units', { token: manager.token, body: { name: 'New Region' } }), 403, 'auth.forbidden')
    refused(await call('POST', '/api/v1/facilities', { token: manager.token, body: { name: 'Outpost Clinic', parentId: units.machakos.id, facilityType: 'clinic', ownership: 'public' } }), 400, 'orgunit.parent_not_found')
    expect(await itemCount()).toBe(afterInside)
    expect(afterInside).toBeGreaterThan(before)
  })

  it('a scoped registrar cannot move a unit out of its subtree', async () => {
    const scopedReg = await person({ kind: 'tenant', id: 'KEN' }, 'Kenya', 'registrar', units.kitui.id)
    const ward = ok(await call('POST', '/api/v1/org-units', { token: scopedReg.token, body: { name: 'Movable Ward', parentId: units.kitui.id } }), 201)
    const r = await call('POST', `/api/v1/org-units/${ward.id}/move`, { token: scopedReg.token, body: { parentId: units.machakos.id }, headers: { 'if-match': '"1"' } })
    expect(r.status).toBe(400)
    expect(ok(await call('GET', `/api/v1/org-units/${ward.id}`, { token: reg })).parentId).toBe(units.kitui.id)
  })

  it('learns that a national id is taken outside its area, never by whom', async () => {
    const holder = ok(await newWorker({ nationalId: 'SCOPE-NID-1', registryNumber: 'SCOPE-REG-1', orgUnitId: units.machakos.id }), 201)
    const mine = ok(await newWorker({ orgUnitId: units.kitui.id }, manager.token), 201)
    const before = await itemCount()
    const create = await newWorker({ nationalId: 'SCOPE-NID-1', orgUnitId: units.kitui.id }, manager.token)
    const problem = refused(create, 409, 'worker.duplicate')
    expect(problem.outsideYourArea).toBe(true)
    expect(problem).not.toHaveProperty('existingId')
    expect(create.text).not.toContain(holder.id)
    const patch = await call('PATCH', `/api/v1/workers/${mine.id}`, { token: manager.token, body: { registryNumber: 'SCOPE-REG-1' }, headers: { 'if-match': '"1"' } })
    expect(refused(patch, 409, 'worker.duplicate').outsideYourArea).toBe(true)
    expect(patch.text).not.toContain(holder.id)
    expect(await itemCount()).toBe(before)
    // inside the area (and for a country-wide role) the holder is named, so it can be opened
    const inArea = ok(await newWorker({ nationalId: 'SCOPE-NID-2', orgUnitId: units.kitui.id }, manager.token), 201)
    expect(refused(await newWorker({ nationalId: 'SCOPE-NID-2', orgUnitId: units.kitui.id }, manager.token), 409, 'worker.duplicate').existingId).toBe(inArea.id)
    expect(refused(await newWorker({ nationalId: 'SCOPE-NID-1' }), 409, 'worker.duplicate').existingId).toBe(holder.id)
  })
})

describe('a ministry admin is country-wide: an org-unit scope on one is refused wherever roles are given', () => {
  it('refuses to invite a scoped ministry admin, through the users route and the tenant invitations route', async () => {
    const before = await itemCount()
    const body = { email: email('scoped-admin'), role: 'ministry-admin', orgUnitId: units.kitui.id }
    refused(await call('POST', '/api/v1/users', { token: admin, body }), 400, 'user.admin_scoped')
    refused(await call('POST', '/api/v1/tenants/KEN/invitations', { token: admin, body }), 400, 'user.admin_scoped')
    refused(await call('POST', '/api/v1/tenants/KEN/invitations', { token: w.platform.token, body }), 400, 'user.admin_scoped')
    // a scope is a unit of this country
    refused(await call('POST', '/api/v1/users', { token: admin, body: { ...body, role: 'registrar', orgUnitId: w.b.registry.district.id } }), 400, 'user.org_unit_not_found')
    refused(await call('POST', '/api/v1/users', { token: admin, body: { ...body, role: 'registrar', orgUnitId: 'ou_01jzzzzzzzzzzzzzzzzzzzzzzz' } }), 400, 'user.org_unit_not_found')
    expect(await itemCount()).toBe(before)
    const scoped = ok(await call('POST', '/api/v1/users', { token: admin, body: { ...body, role: 'manager' } }), 201)
    expect(scoped).toMatchObject({ role: 'manager', orgUnitId: units.kitui.id })
  })

  it('refuses to promote a scoped user to ministry admin, or to scope an admin', async () => {
    const scoped = await person({ kind: 'tenant', id: 'KEN' }, 'Kenya', 'registrar', units.kitui.id)
    const member = await call('GET', `/api/v1/users/${scoped.userId}`, { token: admin })
    const etag = member.headers.get('etag')!
    refused(await call('PATCH', `/api/v1/users/${scoped.userId}`, { token: admin, body: { role: 'ministry-admin' }, headers: { 'if-match': etag } }), 400, 'user.admin_scoped')
    const otherAdmin = await person({ kind: 'tenant', id: 'KEN' }, 'Kenya', 'ministry-admin')
    const adminMember = await call('GET', `/api/v1/users/${otherAdmin.userId}`, { token: admin })
    refused(await call('PATCH', `/api/v1/users/${otherAdmin.userId}`, { token: admin, body: { orgUnitId: units.kitui.id }, headers: { 'if-match': adminMember.headers.get('etag')! } }), 400, 'user.admin_scoped')
    expect(ok(await call('GET', `/api/v1/users/${scoped.userId}`, { token: admin })).role).toBe('registrar')
    // promotion with the scope lifted in the same change is allowed
    const promoted = ok(await call('PATCH', `/api/v1/users/${scoped.userId}`, { token: admin, body: { role: 'ministry-admin', orgUnitId: null }, headers: { 'if-match': etag } }))
    expect(promoted.role).toBe('ministry-admin')
    expect(promoted).not.toHaveProperty('orgUnitId')
  })

  it('a scoped ministry-admin invitation issued before the rule no longer opens', async () => {
    const secret = randomBytes(24).toString('base64url')
    const id = `inv_${randomBytes(13).toString('hex')}`
    const scope = { kind: 'tenant', id: 'KEN' } as const
    const legacy = {
      id, scope, scopeName: 'Kenya', email: email('legacy-admin'), role: 'ministry-admin', orgUnitId: units.kitui.id, status: 'pending',
      expiresAt: new Date(Date.now() + 86400_000).toISOString(), invitedBy: 'someone', version: 1, createdAt: new Date().toISOString(), updatedAt: new Date().toISOString(),
    }
    await withActor({ kind: 'system', requestId: 'test', reason: 'legacy fixture' }, () =>
      commit([{ put: { ...keys.invitation(scope, id), ...legacy, tokenHash: createHash('sha256').update(secret).digest('base64url') } }]))
    const token = `T-KEN.${id}.${secret}`
    refused(await call('POST', '/api/v1/auth/invitations/preview', { body: { token } }), 400, 'invitation.invalid')
  })
})

describe('cursors', () => {
  let first: Reply
  beforeAll(async () => {
    for (const given of ['Una', 'Dos', 'Tres']) ok(await newWorker({ givenName: given, familyName: 'Zyxopaquename' }), 201)
    first = await call('GET', '/api/v1/workers?q=zyxopaquename&sort=name&limit=1', { token: reg })
  })

  it('carry no names, keys or tenant in clear', async () => {
    const cursor = ok(first).cursor as string
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/)
    for (const decoded of [cursor, Buffer.from(cursor, 'base64url').toString('latin1'), Buffer.from(cursor, 'base64').toString('latin1')])
      for (const clear of ['zyxopaquename', 'Zyxopaquename', 'KEN', 'gsi1', 'wrk_']) expect(decoded).not.toContain(clear)
    // the same position twice gives two different cursors (a fresh nonce each time)
    expect((await call('GET', '/api/v1/workers?q=zyxopaquename&sort=name&limit=1', { token: reg })).json.cursor).not.toBe(cursor)
  })

  it('still page through a list', async () => {
    const names: string[] = []
    let cursor: string | null = null
    do {
      const page: any = ok(await call('GET', `/api/v1/workers?q=zyxopaquename&sort=name&limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token: reg }))
      names.push(...page.items.map((x: any) => x.givenName))
      cursor = page.cursor
    } while (cursor)
    expect(names.sort()).toEqual(['Dos', 'Tres', 'Una'])
  })

  it('malformed, tampered, multi-byte or foreign cursors are 400 cursor.invalid, never 500', async () => {
    const cursor = ok(first).cursor as string
    const flipped = (at: number) => cursor.slice(0, at) + (cursor[at] === 'A' ? 'B' : 'A') + cursor.slice(at + 1)
    const users = ok(await call('GET', '/api/v1/users?limit=1', { token: admin }))
    const otherTenant = ok(await call('GET', '/api/v1/users?limit=1', { token: w.b.users['ministry-admin'].token }))
    expect(users.cursor).toBeTruthy()
    expect(otherTenant.cursor).toBeTruthy()
    const bad = [
      `${'é'.repeat(30)}.${'ü'.repeat(22)}`, // the old signature check threw on multi-byte characters
      `${Buffer.from('{"pk":{"S":"x"}').toString('base64url')}.${'a'.repeat(22)}`,
      `${Buffer.from('not json').toString('base64url')}.${'a'.repeat(22)}`,
      '😀', 'a', 'a.b', '....', 'AAAA', 'A'.repeat(1999), '%00', '\u0000', ' ',
      Buffer.from(JSON.stringify({ gsi1pk: { S: 'T#KEN#WN' } })).toString('base64url'),
      flipped(3), flipped(Math.floor(cursor.length / 2)), flipped(cursor.length - 2), cursor.slice(0, -4), `${cursor}AAAA`,
      users.cursor, // another list of the same tenant
    ]
    for (const c of bad) refused(await call('GET', `/api/v1/workers?q=zyxopaquename&sort=name&limit=1&cursor=${encodeURIComponent(c)}`, { token: reg }), 400, 'cursor.invalid')
    // the same list of another tenant; and a worker cursor on the users list
    refused(await call('GET', `/api/v1/users?limit=1&cursor=${encodeURIComponent(otherTenant.cursor)}`, { token: admin }), 400, 'cursor.invalid')
    refused(await call('GET', `/api/v1/users?cursor=${encodeURIComponent(cursor)}`, { token: admin }), 400, 'cursor.invalid')
    ok(await call('GET', `/api/v1/users?limit=1&cursor=${encodeURIComponent(users.cursor)}`, { token: admin }))
  })
})

describe('names in every script', () => {
  const people = [
    { script: 'Arabic', givenName: 'محمد', familyName: 'عبد الرحمن', prefix: 'عبد' },
    { script: 'Amharic', givenName: 'አበበ', familyName: 'በቂላ', prefix: 'በቂ' },
    { script: 'Devanagari', givenName: 'अनिल', familyName: 'कुमार', prefix: 'कुमा' },
    { script: 'Vietnamese', givenName: 'Văn Đức', familyName: 'Nguyễn', prefix: 'nguy' },
    { script: 'Wolof', givenName: 'Ndèye Sëñ', familyName: 'Jóob', prefix: 'joo' },
  ]

  it.each(people)('$script names round-trip through create, read and search by prefix', async ({ givenName, familyName, prefix }) => {
    // sent decomposed (as some keyboards and systems do): stored composed, so equal names compare equal
    const created = ok(await newWorker({ givenName: givenName.normalize('NFD'), familyName: familyName.normalize('NFD') }), 201)
    expect(created.givenName).toBe(givenName.normalize('NFC'))
    expect(created.familyName).toBe(familyName.normalize('NFC'))
    const read = ok(await call('GET', `/api/v1/workers/${created.id}`, { token: reg }))
    expect([read.givenName, read.familyName]).toEqual([givenName.normalize('NFC'), familyName.normalize('NFC')])
    const byFamily = ok(await call('GET', `/api/v1/workers?q=${encodeURIComponent(prefix)}`, { token: reg }))
    expect(byFamily.items.map((x: any) => x.id)).toContain(created.id)
    const byGiven = ok(await call('GET', `/api/v1/workers?q=${encodeURIComponent(givenName.split(' ')[0]!.normalize('NFD'))}`, { token: reg }))
    expect(byGiven.items.map((x: any) => x.id)).toContain(created.id)
  })

  it('a Devanagari vowel sign is part of the letter: "अनि" finds अनिल, not अनल', async () => {
    const anil = ok(await newWorker({ givenName: 'Ravi', familyName: 'अनिल' }), 201)
    const anal = ok(await newWorker({ givenName: 'Ravi', familyName: 'अनल' }), 201)
    const found = ok(await call('GET', `/api/v1/workers?q=${encodeURIComponent('अनि')}`, { token: reg })).items.map((x: any) => x.id)
    expect(found).toContain(anil.id)
    expect(found).not.toContain(anal.id)
  })

  it('refuses control, bidi-override and broken characters and piled-up marks, in plain words', async () => {
    const before = await itemCount()
    const bad: [string, string, RegExp][] = [
      ['givenName', 'Ali\u0007', /control characters/],
      ['givenName', 'Ali\nBaba', /control characters/],
      ['familyName', '\u202Eilama', /hidden direction marks/],
      ['familyName', 'Ali\u2066x\u2069', /hidden direction marks/],
      ['givenName', 'Ali\u2028Baba', /control characters/],
      ['givenName', 'Ali\ud800', /broken characters/],
      ['givenName', `Zal${'\u0336'.repeat(5)}go`, /at most 4/],
      ['givenName', '12345', /must contain a letter/],
      ['placeOfBirth', 'Nairobi\u202E', /hidden direction marks/],
      ['placeOfBirth', 'Nairobi\nKenya', /control characters/],
      ['otherNames', 'Wa\u0000ngari', /control characters/],
    ]
    for (const [field, value, message] of bad) {
      const r = refused(await newWorker({ [field]: value }), 400, 'request.invalid')
      expect(r.errors[0]).toMatchObject({ path: field })
      expect(r.errors[0].message).toMatch(message)
    }
    // the same through raw JSON escapes, as a client in another language would send them
    const raw = (json: string) => call('POST', '/api/v1/workers', { token: reg, raw: json })
    refused(await raw(`{"givenName":"A\\udc00li","familyName":"X","sex":"female","birthDate":"1988-03-03","cadreId":"${cadreId}"}`), 400, 'request.invalid')
    refused(await call('POST', '/api/v1/org-units', { token: reg, body: { name: 'East\u202Eern' } }), 400, 'request.invalid')
    refused(await call('POST', '/api/v1/facilities', { token: reg, body: { name: 'Clinic\u0000', parentId: units.kitui.id, facilityType: 'clinic', ownership: 'public' } }), 400, 'request.invalid')
    refused(await call('GET', `/api/v1/workers?q=${encodeURIComponent('ab\u202E')}`, { token: reg }), 400, 'request.invalid')
    expect(await itemCount()).toBe(before)
    // at the bound, four marks in a row (Tibetan and Devanagari stack this many); line breaks stay allowed in notes
    ok(await newWorker({ givenName: `Ba${'\u0336'.repeat(4)}`, familyName: 'བསྒྲུབས' }), 201)
    ok(await newWorker({ contacts: { address: 'Plot 4\nKitui Road' } }), 201)
  })
})

describe('bodies and If-Match', () => {
  it('a chunked body with no Content-Length stops being read at the limit: 413, not 50 MB buffered', async () => {
    const chunk = new Uint8Array(64 * 1024).fill(0x20)
    let pulled = 0
    const total = 50 * 1024 * 1024
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulled >= total) return controller.close()
        pulled += chunk.byteLength
        controller.enqueue(pulled === chunk.byteLength ? new TextEncoder().encode('{"givenName":"') : chunk)
      },
    })
    const request = new Request('http://localhost/api/v1/workers', {
      method: 'POST',
      headers: { authorization: `Bearer ${reg}`, 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit)
    expect(request.headers.get('content-length')).toBeNull()
    const res = await app.request(request)
    expect(res.status).toBe(413)
    expect(((await res.json()) as any).code).toBe('request.too_large')
    // the worker route takes 128 KiB: reading stopped within a couple of chunks past it
    expect(pulled).toBeLessThanOrEqual(128 * 1024 + 3 * chunk.byteLength)
  })

  it('a body that is not UTF-8 is a 400', async () => {
    const res = await app.request('/api/v1/workers', { method: 'POST', headers: { authorization: `Bearer ${reg}`, 'content-type': 'application/json' }, body: new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]) })
    expect(res.status).toBe(400)
    expect(((await res.json()) as any).code).toBe('request.invalid_encoding')
  })

  it('If-Match compares strongly: a weak ETag is refused with 412, and nothing changes', async () => {
    const worker = ok(await newWorker({}), 201)
    const weak = await call('PATCH', `/api/v1/workers/${worker.id}`, { token: reg, body: { placeOfBirth: 'Weakville' }, headers: { 'if-match': 'W/"1"' } })
    refused(weak, 412, 'version.weak_etag')
    expect(weak.json.detail).toMatch(/W\//)
    expect(ok(await call('GET', `/api/v1/workers/${worker.id}`, { token: reg })).version).toBe(1)
    const strong = ok(await call('PATCH', `/api/v1/workers/${worker.id}`, { token: reg, body: { placeOfBirth: 'Strongville' }, headers: { 'if-match': '"1"' } }))
    expect(strong.version).toBe(2)
  })
})
