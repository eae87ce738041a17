import { beforeAll, describe, expect, it } from 'vitest'
import { call, type Reply } from '../support/http'
import { buildWorld, type World } from '../support/world'
import { fid, kenyaDirectory, type KenyaDirectory } from './fixture'
import { problems } from './validator'

/**
 * ITI-91 and reads: `_history?_since=` on every type, newest first, each entry with its version and time;
 * inactivations (an exit, an ended deployment) appear; read and vread; reads of people are audited.
 */
let w: World
let k: KenyaDirectory
let t0: string

beforeAll(async () => {
  w = await buildWorld()
  t0 = new Date().toISOString()
  k = await kenyaDirectory(w)
}, 180_000)

const registrar = () => w.a.users.registrar.token

async function fhir(path: string, token = w.a.users.viewer.token): Promise<Reply> {
  const r = await call('GET', `/fhir/KEN${path}`, { token })
  expect(r.headers.get('content-type')).toMatch(/^application\/fhir\+json/)
  if (r.json) expect(problems(r.json)).toEqual([])
  return r
}

async function history(path: string) {
  const r = await fhir(path)
  expect(r.status, r.text).toBe(200)
  expect(r.json).toMatchObject({ resourceType: 'Bundle', type: 'history' })
  return r.json
}

const entryIds = (b: any) => b.entry.map((e: any) => e.resource?.id ?? e.request.url)

async function patch(path: string, body: unknown) {
  const current = await call('GET', path, { token: registrar() })
  const r = await call('PATCH', path, { token: registrar(), body, headers: { 'if-match': `"${current.json.version}"` } })
  expect(r.status, r.text).toBe(200)
  return r.json
}

describe('_history', () => {
  it('lists each Practitioner changed since _since once, newest first, with version and time', async () => {
    const b = await history(`/Practitioner/_history?_since=${encodeURIComponent(t0)}`)
    const { achieng, otieno, jose, fatuma, wanjiku } = k.workers
    expect(entryIds(b).sort()).toEqual([achieng, otieno, jose, fatuma, wanjiku].map((x) => fid(x.id)).sort())
    const times = b.entry.map((e: any) => e.resource.meta.lastUpdated)
    expect(times).toEqual([...times].sort().reverse())
    for (const e of b.entry) {
      expect(e.resource.meta.versionId).toMatch(/^\d+\.\d+$/)
      expect(e.response.etag).toBe(`W/"${e.resource.meta.versionId}"`)
      expect(e.response.lastModified).toBe(e.resource.meta.lastUpdated)
    }
    // an exit is an inactivation, and it shows
    expect(b.entry.find((e: any) => e.resource.id === fid(fatuma.id)).resource.active).toBe(false)
    // the licence and training added after the worker: one entry, at the record's latest change, counted in its version
    const a = b.entry.find((e: any) => e.resource.id === fid(achieng.id)).resource
    expect(a.meta.lastUpdated >= k.training.updatedAt).toBe(true)
    expect(a.meta.versionId).toBe('2.2')
    expect(a.qualification.map((q: any) => q.code.text)).toEqual(['Licence, Nursing Council of Kenya', 'KRCHN'])
  }, 120_000) // the first to validate: it pays for compiling the validators on a shared machine

  it('shows what changed after a point, and only that, on every type', async () => {
    const since = new Date().toISOString()
    await new Promise((r) => setTimeout(r, 5))
    expect((await history(`/Practitioner/_history?_since=${since}`)).entry).toEqual([])
    await patch(`/api/v1/workers/${k.workers.wanjiku.id}`, { placeOfBirth: 'Eldoret' })
    await call('POST', `/api/v1/workers/${k.workers.otieno.id}/licences`, { token: registrar(), body: { council: 'Clinical Officers Council', number: 'COC-77', issuedAt: '2023-01-01', expiresAt: '2028-01-01' } })
    await patch(`/api/v1/facilities/${k.likoni.id}`, { name: 'Likoni Health Centre', facilityType: 'health-centre' })
    const end = await call('GET', `/api/v1/workers/${k.workers.jose.id}/deployments`, { token: registrar() })
    const dep = end.json.items[0]
    const ended = await call('PATCH', `/api/v1/workers/${k.workers.jose.id}/deployments/${dep.id}`, { token: registrar(), body: { endDate: '2025-01-31' }, headers: { 'if-match': `"${dep.version}"` } })
    expect(ended.status, ended.text).toBe(200)

    const people = await history(`/Practitioner/_history?_since=${since}`)
    // ending Jose's current deployment takes him back to his home unit: his record changed too
    expect(entryIds(people)).toEqual([fid(k.workers.jose.id), fid(k.workers.otieno.id), fid(k.workers.wanjiku.id)])
    expect(people.entry[1].resource.identifier.map((i: any) => i.value)).toContain('COC-77')
    const places = await history(`/Location/_history?_since=${since}`)
    expect(entryIds(places)).toEqual([fid(k.likoni.id)])
    expect(places.entry[0].resource).toMatchObject({ name: 'Likoni Health Centre', meta: { versionId: '2' } })
    expect(places.entry[0].request).toEqual({ method: 'PUT', url: `Location/${fid(k.likoni.id)}` })
    expect(entryIds(await history(`/Organization/_history?_since=${since}`))).toEqual([fid(k.likoni.id)])
    const roles = await history(`/PractitionerRole/_history?_since=${since}`)
    expect(roles.entry).toHaveLength(1)
    expect(roles.entry[0].resource).toMatchObject({ active: false, period: { start: '2022-01-01', end: '2025-01-31' } })
  })

  it('pages with _count and next links, newest first across pages', async () => {
    const all = entryIds(await history(`/Location/_history?_since=${t0}`))
    const paged: string[] = []
    for (let p: string | undefined = `/Location/_history?_since=${t0}&_count=2`; p; ) {
      const b = await history(p)
      expect(b.entry.length).toBeLessThanOrEqual(2)
      paged.push(...entryIds(b))
      p = b.link.find((l: any) => l.relation === 'next')?.url.replace(/^.*\/fhir\/KEN/, '')
    }
    expect(paged).toEqual(all)
  })

  it('refuses a _since that is not an instant, and unknown parameters', async () => {
    expect((await fhir('/Practitioner/_history?_since=yesterday')).status).toBe(400)
    expect((await fhir('/Practitioner/_history?_since=2025-01-01')).status).toBe(400)
    const r = await fhir('/Practitioner/_history?name=x')
    expect(r.status).toBe(400)
    expect(r.json.resourceType).toBe('OperationOutcome')
  })
})

describe('read and vread', () => {
  it('reads every type with its ETag, and serves the current version by id', async () => {
    const paths = [
      `/Practitioner/${fid(k.workers.achieng.id)}`,
      `/PractitionerRole/${fid(k.deployments.achieng.id)}.${fid(k.workers.achieng.id)}`,
      `/Location/${fid(k.cgh.id)}`,
      `/Organization/${fid(k.cgh.id)}`,
    ]
    for (const path of paths) {
      const r = await fhir(path)
      expect(r.status, r.text).toBe(200)
      expect(r.headers.get('etag')).toBe(`W/"${r.json.meta.versionId}"`)
      const v = await fhir(`${path}/_history/${r.json.meta.versionId}`)
      expect(v.status).toBe(200)
      expect(v.json).toEqual(r.json)
      const old = await fhir(`${path}/_history/0`)
      expect(old.status).toBe(404)
      expect(old.json.issue[0].diagnostics).toContain(`current version is ${r.json.meta.versionId}`)
      const one = await fhir(`${path}/_history`)
      expect(one.json.entry).toHaveLength(1)
    }
  })

  it('maps a worker to an mCSD Practitioner: identifier systems, names, gender, birth date, qualifications', async () => {
    const p = (await fhir(`/Practitioner/${fid(k.workers.achieng.id)}`)).json
    const sid = 'https://cadre.health/fhir/sid/KEN'
    expect(p.identifier).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ system: `${sid}/national-id`, value: 'KE-1001', type: expect.objectContaining({ coding: [expect.objectContaining({ code: 'NI' })] }) }),
        expect.objectContaining({ system: `${sid}/registry-number`, value: 'NCK-0001' }),
        expect.objectContaining({ system: `${sid}/licence/nursing-council-of-kenya`, value: 'NCK/2020/001', period: { start: '2020-01-01', end: '2030-12-31' } }),
      ]),
    )
    expect(p).toMatchObject({ active: true, gender: 'female', birthDate: '1990-05-01', name: [{ family: 'Otieno', given: ['Achieng'] }] })
    expect(p.qualification[1]).toMatchObject({ code: { text: 'KRCHN' }, period: { start: '2008-09-01', end: '2011-07-31' }, issuer: { display: 'KMTC Mombasa' } })
    const role = (await fhir(`/PractitionerRole/${fid(k.deployments.otieno.id)}.${fid(k.workers.otieno.id)}`)).json
    expect(role.code[0].coding).toEqual(expect.arrayContaining([expect.objectContaining({ system: 'http://www.ilo.org/public/english/bureau/stat/isco/isco08', code: '2240' })]))
    expect(role).toMatchObject({ active: true, period: { start: '2023-06-01' }, location: [{ reference: `Location/${fid(k.likoni.id)}` }], organization: { reference: `Organization/${fid(k.likoni.id)}` } })
    const loc = (await fhir(`/Location/${fid(k.cgh.id)}`)).json
    expect(loc).toMatchObject({ position: { latitude: -4.05, longitude: 39.67 }, partOf: { reference: `Location/${fid(k.mombasa.id)}` }, managingOrganization: { reference: `Organization/${fid(k.cgh.id)}` } })
  })

  it('an unknown or malformed id is 404 or 400 OperationOutcome; an unserved type is 404', async () => {
    for (const [path, status] of [
      ['/Practitioner/wrk-00000000000000000000000000', 404],
      ['/Practitioner/not_an_id', 400],
      ['/PractitionerRole/dep-x', 404],
      ['/Patient/123', 404],
      ['/Practitioner/x/_history/1/extra', 404],
    ] as const) {
      const r = await fhir(path)
      expect(r.status, path).toBe(status)
      expect(r.json.resourceType).toBe('OperationOutcome')
    }
  })

  it('a FHIR read of a Practitioner leaves the same audit event as the JSON read; a search page leaves one naming everyone shown', async () => {
    const id = k.workers.jose.id
    const audit = async () => (await call('GET', `/api/v1/audit?entityId=${id}&limit=200`, { token: w.a.users['ministry-admin'].token })).json.items.filter((e: any) => e.action === 'worker.read')
    const before = (await audit()).length
    await fhir(`/Practitioner/${fid(id)}`)
    const after = await audit()
    expect(after.length).toBe(before + 1)
    expect(after[0].actor).toMatchObject({ email: w.a.users.viewer.email })
    const log = async () => (await call('GET', '/api/v1/audit?limit=20', { token: w.a.users['ministry-admin'].token })).json.items
    await fhir('/Practitioner?family=mwangi')
    expect((await log()).find((e: any) => e.action === 'worker.search')?.after?.ids).toEqual([id])
    const searches = async () => (await log()).filter((e: any) => e.action === 'worker.search').length
    const n = await searches()
    await fhir('/Location')
    expect(await searches()).toBe(n)
  })
})

describe('CapabilityStatement', () => {
  it('declares the mCSD Directory: each type with read, search-type and history-type and the parameters mCSD requires', async () => {
    const r = await call('GET', '/fhir/KEN/metadata')
    expect(r.status).toBe(200)
    expect(problems(r.json)).toEqual([])
    const cs = r.json
    expect(cs.instantiates).toContain('https://profiles.ihe.net/ITI/mCSD/CapabilityStatement/IHE.mCSD.Directory')
    expect(cs.fhirVersion).toBe('4.0.1')
    // what IHE.mCSD.Directory and IHE.mCSD.Directory.Update require of each type this Directory serves
    const required: Record<string, string[]> = {
      Organization: ['active', 'identifier', 'name', 'type', 'partof'],
      Location: ['identifier', 'name', 'organization', 'status', 'type', 'partof'],
      Practitioner: ['active', 'identifier', 'name', 'given', 'family'],
      PractitionerRole: ['active', 'location', 'organization', 'practitioner', 'role', 'service', 'specialty'],
      HealthcareService: ['active', 'identifier', 'location', 'name', 'organization', 'service-type'],
      Endpoint: ['identifier', 'organization', 'status'],
      OrganizationAffiliation: ['active', 'date', 'identifier', 'participating-organization', 'primary-organization', 'role'],
    }
    // the Directory.Update actor's ITI-130 feed
    expect(cs.rest[0].interaction.map((i: any) => i.code)).toContain('transaction')
    const includes: Record<string, string[]> = { Location: ['Location:organization'], PractitionerRole: ['PractitionerRole:practitioner'] }
    for (const [type, params] of Object.entries(required)) {
      const res = cs.rest[0].resource.find((x: any) => x.type === type)
      expect(res.interaction.map((i: any) => i.code)).toEqual(expect.arrayContaining(['read', 'search-type', 'history-type']))
      expect(res.searchParam.map((p: any) => p.name)).toEqual(expect.arrayContaining([...params, '_id', '_lastUpdated']))
      expect(res.searchInclude).toEqual(expect.arrayContaining(includes[type] ?? []))
      expect(res.supportedProfile.every((p: string) => p.startsWith('https://profiles.ihe.net/ITI/mCSD/StructureDefinition/'))).toBe(true)
    }
    expect(cs.rest[0].resource.find((x: any) => x.type === 'Organization').searchRevInclude).toContain('Location:organization')
  })
})
