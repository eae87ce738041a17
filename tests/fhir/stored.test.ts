import { beforeAll, describe, expect, it } from 'vitest'
import { call, type Reply } from '../support/http'
import { buildWorld, type World } from '../support/world'
import { fid, kenyaDirectory, type KenyaDirectory, clientToken } from './fixture'
import { problems } from './validator'

/**
 * HealthcareService, Endpoint and OrganizationAffiliation: fed through ITI-130, kept as received (unknown
 * extensions too, references into the bundle rewritten), served valid, found by each mCSD search parameter,
 * synced by _history with versions, unchanged when fed again, and confined to their country and scopes.
 */
let w: World
let k: KenyaDirectory
let feeder: string
let first: Reply

const MCSD = 'https://profiles.ihe.net/ITI/mCSD/StructureDefinition/IHE.mCSD'
const ORIGIN = 'https://moh.example.org/fhir/sid'

function feed(serviceName = 'Antenatal care') {
  const cgh = fid(k.cgh.id)
  return {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: [
      {
        fullUrl: 'urn:uuid:5e0b1f4a-0000-4000-8000-000000000001',
        request: { method: 'POST', url: 'HealthcareService', ifNoneExist: `identifier=${ORIGIN}/services|ANC-CGH` },
        resource: {
          resourceType: 'HealthcareService',
          meta: { profile: [`${MCSD}.HealthcareService`] },
          extension: [{ url: 'https://moh.example.org/fhir/StructureDefinition/catchment', valueString: 'Mombasa island' }],
          identifier: [{ system: `${ORIGIN}/services`, value: 'ANC-CGH' }],
          active: true,
          providedBy: { reference: `Organization/${cgh}` },
          type: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/service-type', code: '124', display: 'General Practice' }] }],
          location: [{ reference: `Location/${cgh}` }],
          name: serviceName,
          endpoint: [{ reference: 'urn:uuid:5e0b1f4a-0000-4000-8000-000000000002' }],
        },
      },
      {
        fullUrl: 'urn:uuid:5e0b1f4a-0000-4000-8000-000000000002',
        request: { method: 'POST', url: 'Endpoint', ifNoneExist: `identifier=${ORIGIN}/endpoints|EP-CGH` },
        resource: {
          resourceType: 'Endpoint',
          meta: { profile: [`${MCSD}.Endpoint`] },
          identifier: [{ system: `${ORIGIN}/endpoints`, value: 'EP-CGH' }],
          status: 'active',
          connectionType: { system: 'http://terminology.hl7.org/CodeSystem/endpoint-connection-type', code: 'hl7-fhir-rest' },
          managingOrganization: { reference: `Organization/${cgh}` },
          payloadType: [{ text: 'FHIR' }],
          address: 'https://cgh.example.org/fhir',
        },
      },
      {
        request: { method: 'PUT', url: 'OrganizationAffiliation/cgh-likoni-referral' },
        resource: {
          resourceType: 'OrganizationAffiliation',
          id: 'cgh-likoni-referral',
          meta: { profile: [`${MCSD}.OrganizationAffiliation`] },
          identifier: [{ system: `${ORIGIN}/affiliations`, value: 'AFF-1' }],
          active: true,
          period: { start: '2024-01-01', end: '2026-12-31' },
          organization: { reference: `Organization/${cgh}` },
          participatingOrganization: { reference: `Organization/${fid(k.likoni.id)}` },
          code: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/organization-role', code: 'provider' }] }],
        },
      },
    ],
  }
}

const post = (bundle: unknown) => call('POST', '/fhir/KEN', { token: feeder, raw: JSON.stringify(bundle), headers: { 'content-type': 'application/fhir+json' } })

async function fhir(path: string, token = w.a.users.viewer.token, tenant = 'KEN'): Promise<Reply> {
  const r = await call('GET', `/fhir/${tenant}${path}`, { token })
  if (r.json) expect(problems(r.json)).toEqual([])
  return r
}
const ids = (r: Reply) => (r.json.entry ?? []).map((e: any) => e.resource.id)
const idOf = (r: Reply, n: number) => r.json.entry[n].response.location.split('/')[1]

beforeAll(async () => {
  w = await buildWorld()
  k = await kenyaDirectory(w)
  feeder = await clientToken(w, ['system/*.write', 'system/*.read'])
  first = await post(feed())
}, 180_000)

describe('kept as received', () => {
  it('creates each, rewrites references into the bundle, keeps unknown extensions, and serves them valid', async () => {
    expect(first.status, first.text).toBe(200)
    expect(problems(first.json)).toEqual([])
    expect(first.json.entry.map((e: any) => e.response.status)).toEqual(['201 Created', '201 Created', '201 Created'])
    const [service, endpoint, affiliation] = [0, 1, 2].map((n) => idOf(first, n))
    expect(affiliation).toBe('cgh-likoni-referral')
    const s = await fhir(`/HealthcareService/${service}`)
    expect(s.status).toBe(200)
    expect(s.json.extension).toEqual([{ url: 'https://moh.example.org/fhir/StructureDefinition/catchment', valueString: 'Mombasa island' }])
    expect(s.json.endpoint).toEqual([{ reference: `Endpoint/${endpoint}` }])
    expect(s.json.meta).toMatchObject({ versionId: '1', profile: [`${MCSD}.HealthcareService`] })
    expect((await fhir(`/Endpoint/${endpoint}`)).json.address).toBe('https://cgh.example.org/fhir')
    expect((await fhir(`/OrganizationAffiliation/${affiliation}/_history/1`)).status).toBe(200)
  }, 120_000)

  it('is found by every mCSD search parameter of each type', async () => {
    const [service, endpoint, affiliation] = [0, 1, 2].map((n) => idOf(first, n))
    const cgh = fid(k.cgh.id)
    const finds = async (path: string, id: string | undefined) => expect(ids(await fhir(path)), path).toEqual(id ? [id] : [])
    await finds('/HealthcareService?active=true', service)
    await finds('/HealthcareService?active=false', undefined)
    await finds(`/HealthcareService?identifier=${ORIGIN}/services|ANC-CGH`, service)
    await finds(`/HealthcareService?location=Location/${cgh}`, service)
    await finds(`/HealthcareService?location=Location/${fid(k.likoni.id)}`, undefined)
    await finds('/HealthcareService?name=antenatal', service)
    await finds('/HealthcareService?name:contains=natal', service)
    await finds('/HealthcareService?name:exact=antenatal care', undefined)
    await finds(`/HealthcareService?organization=${cgh}`, service)
    await finds('/HealthcareService?service-type=http://terminology.hl7.org/CodeSystem/service-type|124', service)
    await finds('/HealthcareService?service-type=125', undefined)
    await finds(`/HealthcareService?_id=${service}`, service)
    await finds(`/Endpoint?identifier=EP-CGH`, endpoint)
    await finds(`/Endpoint?organization=Organization/${cgh}`, endpoint)
    await finds('/Endpoint?status=active', endpoint)
    await finds('/Endpoint?status=off', undefined)
    await finds('/OrganizationAffiliation?active=true', affiliation)
    await finds('/OrganizationAffiliation?date=2025-06-01', affiliation)
    await finds('/OrganizationAffiliation?date=2027-01-01', undefined)
    await finds('/OrganizationAffiliation?date=ge2026-12-31', affiliation)
    await finds('/OrganizationAffiliation?date=gt2027', undefined)
    await finds('/OrganizationAffiliation?identifier=AFF-1', affiliation)
    await finds(`/OrganizationAffiliation?participating-organization=Organization/${fid(k.likoni.id)}`, affiliation)
    await finds(`/OrganizationAffiliation?primary-organization=Organization/${cgh}`, affiliation)
    await finds(`/OrganizationAffiliation?primary-organization=Organization/${fid(k.likoni.id)}`, undefined)
    await finds('/OrganizationAffiliation?role=provider', affiliation)
    expect((await fhir('/Endpoint?name=x')).status).toBe(400)
  }, 120_000)

  it('fed again unchanged keeps its version; changed, it gets a new one that _history shows', async () => {
    const since = new Date().toISOString()
    const again = await post(feed())
    expect(again.status, again.text).toBe(200)
    expect(again.json.entry.map((e: any) => e.response.status)).toEqual(['200 OK', '200 OK', '200 OK'])
    expect(again.json.entry.map((e: any) => e.response.location)).toEqual(first.json.entry.map((e: any) => e.response.location))
    expect((await fhir(`/HealthcareService/_history?_since=${since}`)).json.entry ?? []).toEqual([])
    const renamed = await post(feed('Antenatal and postnatal care'))
    expect(renamed.json.entry.map((e: any) => e.response.status)).toEqual(['200 OK', '200 OK', '200 OK'])
    const service = idOf(first, 0)
    expect(renamed.json.entry[0].response.location).toBe(`HealthcareService/${service}/_history/2`)
    const history = await fhir(`/HealthcareService/_history?_since=${since}`)
    expect(history.json.entry.map((e: any) => [e.resource.id, e.resource.meta.versionId, e.resource.name])).toEqual([[service, '2', 'Antenatal and postnatal care']])
    const trail = await call('GET', `/api/v1/audit?entityId=${service.replace('-', '_')}`, { token: w.a.users['ministry-admin'].token })
    expect(trail.json.items.map((e: any) => e.action)).toEqual(expect.arrayContaining(['healthcare_service.create', 'healthcare_service.update']))
  }, 120_000)

  it('a dangling bundle reference or a contained resource is refused, and nothing is written', async () => {
    const since = new Date().toISOString()
    const dangling = feed('Dental care')
    dangling.entry[0]!.resource.endpoint = [{ reference: 'urn:uuid:5e0b1f4a-0000-4000-8000-00000000dead' }]
    ;(dangling.entry[0]!.request as any).ifNoneExist = undefined
    ;(dangling.entry[0]!.resource as any).identifier = [{ system: `${ORIGIN}/services`, value: 'DENT-CGH' }]
    const r = await post(dangling)
    expect(r.status).toBe(422)
    expect(r.json.issue[0].expression).toEqual(['Bundle.entry[0]'])
    const contained = feed('Dental care')
    ;(contained.entry[1]!.resource as any).contained = [{ resourceType: 'Organization', id: 'x', name: 'x' }]
    expect((await post(contained)).status).toBe(422)
    for (const type of ['HealthcareService', 'Endpoint', 'OrganizationAffiliation']) expect((await fhir(`/${type}/_history?_since=${since}`)).json.entry ?? [], type).toEqual([])
  }, 120_000)
})

describe('confined to the country and the scopes', () => {
  it("another country sees none of them; a client without the type's scope is refused", async () => {
    const service = idOf(first, 0)
    const uganda = w.b.users.viewer.token
    expect((await fhir(`/HealthcareService/${service}`, uganda, 'UGA')).status).toBe(404)
    expect(ids(await fhir('/HealthcareService?name=antenatal', uganda, 'UGA'))).toEqual([])
    expect(ids(await fhir('/OrganizationAffiliation', uganda, 'UGA'))).toEqual([])
    expect((await fhir('/HealthcareService/_history', uganda, 'UGA')).json.entry ?? []).toEqual([])
    expect((await fhir(`/HealthcareService/${service}`, uganda, 'KEN')).status).toBe(404)
    const locationsOnly = await clientToken(w, ['system/Location.read'])
    expect((await fhir(`/HealthcareService/${service}`, locationsOnly)).status).toBe(403)
    expect((await fhir('/Endpoint', locationsOnly)).status).toBe(403)
    const r = await call('POST', '/fhir/KEN', { token: await clientToken(w, ['system/Location.write', 'system/*.read']), raw: JSON.stringify(feed()), headers: { 'content-type': 'application/fhir+json' } })
    expect(r.status).toBe(403)
  }, 120_000)
})
