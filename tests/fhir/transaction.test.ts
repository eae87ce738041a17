import { beforeAll, describe, expect, it } from 'vitest'
import { call, type Reply } from '../support/http'
import { buildWorld, type World } from '../support/world'
import { fid, kenyaDirectory, type KenyaDirectory, SID, MCSD_TYPES, ISCO, clientToken } from './fixture'
import { problems } from './validator'

/**
 * ITI-130: a transaction Bundle fed by a system with write scopes, written through the registry's records,
 * read back and validated, synced by _history; the same bundle twice changes nothing; a bad entry is named in
 * the OperationOutcome and nothing at all is written.
 */
let w: World
let k: KenyaDirectory
let feeder: string
let reader: string

beforeAll(async () => {
  w = await buildWorld()
  k = await kenyaDirectory(w)
  feeder = await clientToken(w, ['system/*.write', 'system/*.read'])
  reader = await clientToken(w, ['system/*.read'])
}, 180_000)

const post = (bundle: unknown, token = feeder, path = '/fhir/KEN') => call('POST', path, { token, raw: JSON.stringify(bundle), headers: { 'content-type': 'application/fhir+json' } })

async function fhir(path: string, token = reader): Promise<Reply> {
  const r = await call('GET', `/fhir/KEN${path}`, { token })
  expect(r.status, `${path}: ${r.text}`).toBe(200)
  expect(problems(r.json)).toEqual([])
  return r
}

const transaction = (entry: unknown[]) => ({ resourceType: 'Bundle', type: 'transaction', entry })
const mcsd = (code: 'facility' | 'jurisdiction') => ({ coding: [{ system: MCSD_TYPES, code }] })

/** A county, a hospital in it (each a Location and Organization pair), a new nurse deployed there, and a change to a registered worker. */
function kisumuFeed() {
  return transaction([
    { fullUrl: 'urn:uuid:9a1e2c2e-0000-4000-8000-000000000001', request: { method: 'POST', url: 'Organization', ifNoneExist: `identifier=${SID}/dhis2|KisumuUid01` }, resource: { resourceType: 'Organization', name: 'Kisumu', type: [mcsd('jurisdiction')], identifier: [{ system: `${SID}/dhis2`, value: 'KisumuUid01' }] } },
    { fullUrl: 'urn:uuid:9a1e2c2e-0000-4000-8000-000000000002', request: { method: 'POST', url: 'Location' }, resource: { resourceType: 'Location', name: 'Kisumu', status: 'active', type: [mcsd('jurisdiction')], managingOrganization: { reference: 'urn:uuid:9a1e2c2e-0000-4000-8000-000000000001' } } },
    {
      fullUrl: 'urn:uuid:9a1e2c2e-0000-4000-8000-000000000003',
      request: { method: 'POST', url: 'Organization' },
      resource: { resourceType: 'Organization', name: 'Jaramogi Oginga Odinga Hospital', type: [mcsd('facility'), { coding: [{ system: 'https://cadre.health/fhir/CodeSystem/ownership', code: 'public' }] }], partOf: { reference: 'urn:uuid:9a1e2c2e-0000-4000-8000-000000000001' } },
    },
    {
      fullUrl: 'urn:uuid:9a1e2c2e-0000-4000-8000-000000000004',
      request: { method: 'POST', url: 'Location', ifNoneExist: `identifier=${SID}/mfl|33333` },
      resource: {
        resourceType: 'Location',
        name: 'Jaramogi Oginga Odinga Hospital',
        status: 'active',
        identifier: [{ system: `${SID}/mfl`, value: '33333' }],
        type: [mcsd('facility'), { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-RoleCode', code: 'HOSP' }] }],
        position: { latitude: -0.09, longitude: 34.77 },
        managingOrganization: { reference: 'urn:uuid:9a1e2c2e-0000-4000-8000-000000000003' },
        partOf: { reference: 'urn:uuid:9a1e2c2e-0000-4000-8000-000000000002' },
      },
    },
    {
      fullUrl: 'urn:uuid:9a1e2c2e-0000-4000-8000-000000000005',
      request: { method: 'POST', url: 'Practitioner', ifNoneExist: `identifier=${SID}/national-id|KE-2001` },
      resource: { resourceType: 'Practitioner', identifier: [{ system: `${SID}/national-id`, value: 'KE-2001' }], name: [{ family: 'Akinyi', given: ['Grace', 'Adhiambo'] }], gender: 'female', birthDate: '1993-04-04', telecom: [{ system: 'phone', value: '+254 700 000001' }] },
    },
    {
      fullUrl: 'urn:uuid:9a1e2c2e-0000-4000-8000-000000000006',
      request: { method: 'POST', url: 'PractitionerRole' },
      resource: { resourceType: 'PractitionerRole', practitioner: { reference: 'urn:uuid:9a1e2c2e-0000-4000-8000-000000000005' }, location: [{ reference: 'urn:uuid:9a1e2c2e-0000-4000-8000-000000000004' }], code: [{ coding: [{ system: ISCO, code: '2221' }], text: 'Ward nurse' }], period: { start: '2025-02-01' } },
    },
    {
      request: { method: 'PUT', url: `Practitioner/${fid(k.workers.otieno.id)}` },
      resource: { resourceType: 'Practitioner', id: fid(k.workers.otieno.id), identifier: [{ system: `${SID}/national-id`, value: 'KE-1002' }], name: [{ family: 'Kamau', given: ['Otieno'] }], gender: 'male', birthDate: '1985-03-03', telecom: [{ system: 'email', value: 'otieno@example.org' }] },
    },
  ])
}

const statuses = (r: Reply) => r.json.entry.map((e: any) => e.response.status)
const locations = (r: Reply) => r.json.entry.map((e: any) => e.response.location)

describe('ITI-130 transaction feed', () => {
  it('writes the bundle through the registry, answers a transaction-response, and every resource reads back valid', async () => {
    const since = new Date().toISOString()
    const r = await post(kisumuFeed())
    expect(r.status, r.text).toBe(200)
    expect(problems(r.json)).toEqual([])
    expect(r.json.type).toBe('transaction-response')
    expect(statuses(r)).toEqual(['201 Created', '201 Created', '201 Created', '201 Created', '201 Created', '201 Created', '200 OK'])
    const [county, countyLoc, hospital, hospitalLoc, grace, role] = locations(r).map((l: string) => l.split('/_history')[0])
    // a Location and its managing Organization are one unit of the registry: the same id
    expect(county.replace('Organization/', '')).toBe(countyLoc.replace('Location/', ''))
    expect(hospital.replace('Organization/', '')).toBe(hospitalLoc.replace('Location/', ''))

    const loc = (await fhir(`/${hospitalLoc}`)).json
    expect(loc).toMatchObject({ name: 'Jaramogi Oginga Odinga Hospital', partOf: { reference: countyLoc }, position: { latitude: -0.09, longitude: 34.77 }, managingOrganization: { reference: hospital } })
    expect(loc.identifier).toContainEqual({ use: 'official', system: `${SID}/mfl`, value: '33333' })
    expect((await fhir(`/${county}`)).json.identifier).toContainEqual({ use: 'official', system: `${SID}/dhis2`, value: 'KisumuUid01' })
    const person = (await fhir(`/${grace}`)).json
    expect(person).toMatchObject({ name: [{ family: 'Akinyi', given: ['Grace', 'Adhiambo'] }], gender: 'female', birthDate: '1993-04-04', active: true })
    const deployment = (await fhir(`/${role}`)).json
    expect(deployment).toMatchObject({ practitioner: { reference: grace }, location: [{ reference: hospitalLoc }], period: { start: '2025-02-01' }, active: true })
    expect(deployment.code[0].coding).toContainEqual(expect.objectContaining({ system: ISCO, code: '2221' }))
    expect((await fhir('/Practitioner?identifier=KE-2001')).json.entry.map((e: any) => e.resource.id)).toEqual([grace.split('/')[1]])
    expect((await fhir(`/PractitionerRole?location=${hospitalLoc}`)).json.entry.map((e: any) => e.resource.id)).toEqual([role.split('/')[1]])
    const otieno = (await call('GET', `/api/v1/workers/${k.workers.otieno.id}`, { token: w.a.users.registrar.token })).json
    expect(otieno.contacts.email).toBe('otieno@example.org')

    // ITI-91 sees the feed
    const history = (await fhir(`/Location/_history?_since=${since}`)).json.entry.map((e: any) => e.resource.id)
    expect(history).toEqual(expect.arrayContaining([countyLoc.split('/')[1], hospitalLoc.split('/')[1]]))
    expect((await fhir(`/Practitioner/_history?_since=${since}`)).json.entry.map((e: any) => e.resource.id)).toEqual(expect.arrayContaining([grace.split('/')[1], fid(k.workers.otieno.id)]))

    // audited: each registry change, and the bundle as a whole
    const admin = w.a.users['ministry-admin'].token
    const graceId = grace.split('/')[1].replace('-', '_')
    const trail = (await call('GET', `/api/v1/audit?entityId=${graceId}`, { token: admin })).json.items.map((e: any) => e.action)
    expect(trail).toEqual(expect.arrayContaining(['worker.create', 'deployment.create']))
    const feeds = (await call('GET', '/api/v1/audit?action=fhir.transaction', { token: admin })).json.items
    expect(feeds.length).toBeGreaterThan(0)
    expect(feeds[0].actor.role).toBe('api-client')

    // the same bundle again: found, not created, and no new version of anything
    const again = await post(kisumuFeed())
    expect(again.status, again.text).toBe(200)
    expect(statuses(again)).toEqual(Array(7).fill('200 OK'))
    expect(locations(again)).toEqual(locations(r).slice(0, 6).concat([locations(again)[6]]))
    expect(locations(again)[6]).toBe(locations(r)[6])
    expect((await fhir('/Location?name=jaramogi')).json.entry).toHaveLength(1)
    expect((await fhir('/Practitioner?family=akinyi')).json.entry).toHaveLength(1)
  }, 120_000)

  it('reads mCSD 3 facility codes with a warning, and ends a deployment when the period ends', async () => {
    const r = await post(
      transaction([
        { fullUrl: 'urn:uuid:l1', request: { method: 'POST', url: 'Location' }, resource: { resourceType: 'Location', name: 'Ahero Health Centre', status: 'active', type: [{ coding: [{ system: 'urn:ietf:rfc:3986', code: 'urn:ihe:iti:mcsd:2019:facility' }] }], partOf: { reference: `Location/${fid(k.nakuru.id)}` } } },
        { request: { method: 'POST', url: 'PractitionerRole' }, resource: { resourceType: 'PractitionerRole', practitioner: { reference: `Practitioner/${fid(k.workers.wanjiku.id)}` }, location: [{ reference: 'urn:uuid:l1' }], code: [{ coding: [{ code: '2221' }] }], period: { start: '2025-03-01', end: '2025-09-30' } } },
      ]),
    )
    expect(r.status, r.text).toBe(200)
    expect(problems(r.json)).toEqual([])
    expect(r.json.entry[0].response.outcome.issue.map((i: any) => i.diagnostics).join(' ')).toMatch(/mCSD 3/)
    const role = (await fhir(`/${r.json.entry[1].response.location.split('/_history')[0]}`)).json
    expect(role).toMatchObject({ active: false, period: { start: '2025-03-01', end: '2025-09-30' } })
  }, 120_000)
})

describe('a batch', () => {
  it('answers each entry on its own: one failing writes nothing of its own and stops none of the others', async () => {
    const clinic = fid(k.clinic.id)
    const r = await post({
      resourceType: 'Bundle',
      type: 'batch',
      entry: [
        { request: { method: 'PUT', url: `Organization/${clinic}` }, resource: { resourceType: 'Organization', id: clinic, name: 'Nakuru Mission Clinic Annex', type: [mcsd('facility')] } },
        { request: { method: 'POST', url: 'Practitioner' }, resource: { resourceType: 'Practitioner', identifier: [{ system: `${SID}/national-id`, value: 'KE-7777' }], name: [{ family: 'Nobody', given: ['No'] }], birthDate: '1990-01-01' } },
        { request: { method: 'POST', url: 'HealthcareService' }, resource: { resourceType: 'HealthcareService', meta: { profile: ['https://profiles.ihe.net/ITI/mCSD/StructureDefinition/IHE.mCSD.HealthcareService'] }, name: 'Outreach', type: [{ text: 'Outreach' }], providedBy: { reference: `Organization/${clinic}` } } },
      ],
    })
    expect(r.status, r.text).toBe(200)
    expect(problems(r.json)).toEqual([])
    expect(r.json.type).toBe('batch-response')
    expect(r.json.entry.map((e: any) => e.response.status)).toEqual(['200 OK', '422', '201 Created'])
    expect(r.json.entry[1].response.outcome.issue[0].details.coding[0].code).toBe('fhir.gender_required')
    expect((await fhir(`/Location/${clinic}`)).json.name).toBe('Nakuru Mission Clinic Annex')
    expect((await fhir('/Practitioner?identifier=KE-7777')).json.entry ?? []).toEqual([])
  }, 120_000)
})

describe('feeds shaped like real exports', () => {
  it('a DHIS2 conversion: no mCSD types, the condition in the POST url, literal ids as references, DHIS2 identifiers under the server’s own system', async () => {
    const DHIS2 = 'https://dhis2.example.org/api/organisationUnits'
    const unit = (type: 'Organization' | 'Location', uid: string, code: string, name: string, parent?: string) => ({
      request: { method: 'POST', url: `${type}?identifier=${uid}`, ifNoneExist: `identifier=${uid}` },
      resource: {
        resourceType: type,
        id: uid,
        identifier: [{ system: DHIS2, value: uid }, { system: DHIS2, value: code }],
        name,
        ...(type === 'Organization'
          ? { type: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/organization-type', code: 'prov', display: 'Facility' }] }] }
          : { status: 'active', mode: 'instance', type: [{ text: 'OF' }], managingOrganization: { reference: `Organization/${uid}` }, ...(parent ? { partOf: { reference: `Location/${parent}` } } : {}) }),
      },
    })
    const bundle = transaction([
      unit('Organization', 'DistUid0001', 'OU_1001', 'Bo'),
      unit('Organization', 'ChiefUid001', 'OU_1002', 'Badjia'),
      unit('Organization', 'FacUid00001', 'OU_1003', 'Ngelehun CHC'),
      unit('Location', 'DistUid0001', 'OU_1001', 'Bo'),
      unit('Location', 'ChiefUid001', 'OU_1002', 'Badjia', 'DistUid0001'),
      unit('Location', 'FacUid00001', 'OU_1003', 'Ngelehun CHC', 'ChiefUid001'),
    ])
    const r = await post(bundle, w.a.users['ministry-admin'].token)
    expect(r.status, r.text).toBe(200)
    expect(problems(r.json)).toEqual([])
    const warned = r.json.entry.map((e: any) => (e.response.outcome?.issue ?? []).map((i: any) => i.diagnostics).join(' '))
    expect(warned[3]).toMatch(/taken as a jurisdiction/)
    expect(warned[5]).toMatch(/taken as a facility/)
    const facility = (await fhir(`/${r.json.entry[5].response.location.split('/_history')[0]}`)).json
    expect(facility.meta.profile).toEqual(['https://profiles.ihe.net/ITI/mCSD/StructureDefinition/IHE.mCSD.FacilityLocation'])
    expect(facility.identifier).toContainEqual({ use: 'official', system: `${SID}/dhis2`, value: 'FacUid00001' })
    expect(facility.partOf.reference).toBe(r.json.entry[4].response.location.split('/_history')[0])
    // the same export again finds every unit by its DHIS2 uid
    const again = await post(bundle, w.a.users['ministry-admin'].token)
    expect(again.json.entry.map((e: any) => e.response.status)).toEqual(Array(6).fill('200 OK'))
    expect(again.json.entry.map((e: any) => e.response.location)).toEqual(r.json.entry.map((e: any) => e.response.location))
  }, 120_000)
})

describe('a bad bundle writes nothing', () => {
  /** Nothing changed anywhere in the country since `since`: the change feed every registry write lands in. */
  async function nothingSince(since: string) {
    for (const type of ['Location', 'Organization', 'Practitioner', 'PractitionerRole']) expect((await fhir(`/${type}/_history?_since=${since}`)).json.entry ?? [], type).toEqual([])
  }

  const bad: [string, (b: any) => void, number, string, number][] = [
    ['a Practitioner without gender', (b) => delete b.entry[4].resource.gender, 422, 'fhir.gender_required', 4],
    ['a Practitioner without a birth date', (b) => delete b.entry[4].resource.birthDate, 422, 'fhir.birthdate_required', 4],
    ['a string where a reference belongs', (b) => (b.entry[5].resource.practitioner = 'urn:uuid:9a1e2c2e-0000-4000-8000-000000000005'), 422, 'fhir.invalid_reference', 5],
    ['a dangling reference', (b) => (b.entry[5].resource.location = [{ reference: 'urn:uuid:00000000-dead-4000-8000-000000000000' }]), 422, 'fhir.dangling_reference', 5],
    ['a facility of another country', (b) => (b.entry[3].resource.partOf = { reference: `Location/${fid(w.b.registry.district.id)}` }), 422, 'fhir.dangling_reference', 3],
    ['a cadre the country does not have', (b) => (b.entry[5].resource.code = [{ coding: [{ system: ISCO, code: '9999' }] }]), 422, 'fhir.unknown_cadre', 5],
    ['a bad DHIS2 uid', (b) => (b.entry[0].resource.identifier = [{ system: `${SID}/dhis2`, value: 'short' }]), 422, 'fhir.invalid_identifier', 0],
    ['a facility name longer than the registry takes', (b) => (b.entry[3].resource.name = b.entry[2].resource.name = 'x'.repeat(300)), 422, 'fhir.invalid_resource', 3],
    ['a Location and its Organization that disagree on facility or jurisdiction', (b) => (b.entry[2].resource.type = [mcsd('jurisdiction')]), 422, 'fhir.type_conflict', 3],
    ['a new Practitioner without an identifier', (b) => delete b.entry[4].resource.identifier && delete b.entry[4].request.ifNoneExist, 422, 'fhir.identifier_required', 4],
    ['a resource type the feed does not take', (b) => b.entry.push({ request: { method: 'POST', url: 'Patient' }, resource: { resourceType: 'Patient' } }), 422, 'fhir.unsupported', 7],
    ['a DELETE', (b) => b.entry.push({ request: { method: 'DELETE', url: `Practitioner/${fid(k.workers.jose.id)}` } }), 422, 'fhir.delete_not_supported', 7],
    ['a PUT of an id not in the Directory', (b) => (b.entry[6].request.url = `Practitioner/${fid(w.b.registry.worker.id)}`) && (b.entry[6].resource.id = fid(w.b.registry.worker.id)), 404, 'fhir.not_found', 6],
  ]

  it.each(bad)('%s: the OperationOutcome names the entry', async (_name, spoil, status, code, entry) => {
    const bundle = kisumuFeed()
    // a fresh county and person each time, so that nothing of the first test is found instead
    ;(bundle.entry[0] as any).resource.name = (bundle.entry[1] as any).resource.name = `County ${code}`
    ;(bundle.entry[0] as any).request.ifNoneExist = undefined
    ;(bundle.entry[2] as any).resource.name = `Hospital ${code}`
    ;(bundle.entry[0] as any).resource.identifier = undefined
    ;(bundle.entry[3] as any).request.ifNoneExist = undefined
    ;(bundle.entry[3] as any).resource.identifier = undefined
    ;(bundle.entry[4] as any).resource.identifier = [{ system: `${SID}/national-id`, value: `KE-9${entry}${status}` }]
    ;(bundle.entry[4] as any).request.ifNoneExist = undefined
    spoil(bundle)
    const since = new Date().toISOString()
    const r = await post(bundle)
    expect(r.status, r.text).toBe(status)
    expect(r.json.resourceType).toBe('OperationOutcome')
    expect(problems(r.json)).toEqual([])
    expect(r.json.issue[0].details.coding[0].code).toBe(code)
    expect(r.json.issue[0].expression).toEqual([`Bundle.entry[${entry}]`])
    await nothingSince(since)
  }, 120_000)

  it('refuses what is not a transaction, a client without the write scope, and another country’s path', async () => {
    const since = new Date().toISOString()
    expect((await post({ ...kisumuFeed(), type: 'collection' })).status).toBe(400)
    expect((await post({ resourceType: 'Patient' })).status).toBe(400)
    const notJson = await call('POST', '/fhir/KEN', { token: feeder, raw: '{', headers: { 'content-type': 'application/fhir+json' } })
    expect(notJson.status).toBe(400)
    expect(notJson.json.resourceType).toBe('OperationOutcome')
    const readOnly = await post(kisumuFeed(), reader)
    expect(readOnly.status).toBe(403)
    expect(readOnly.json.issue[0].expression).toEqual(['Bundle.entry[0]'])
    const partial = await post(kisumuFeed(), await clientToken(w, ['system/Location.write', 'system/Organization.write', 'system/*.read']))
    expect(partial.status).toBe(403)
    expect(partial.json.issue[0].expression).toEqual(['Bundle.entry[4]'])
    expect((await post(kisumuFeed(), feeder, '/fhir/UGA')).status).toBe(404)
    expect((await post(kisumuFeed(), w.b.users.registrar.token)).status).toBe(404)
    expect((await post(kisumuFeed(), w.a.users.viewer.token)).status).toBe(403)
    await nothingSince(since)
  }, 120_000)
})
