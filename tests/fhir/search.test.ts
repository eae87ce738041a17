import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { call, type Reply } from '../support/http'
import { buildWorld, type World } from '../support/world'
import { startOpsRecorder } from './dynamo-ops'
import { fid, kenyaDirectory, type KenyaDirectory, SID, MCSD_TYPES, ISCO } from './fixture'
import { problems } from './validator'

/**
 * ITI-90, one test per row of mCSD's search table (issue #12): each parameter alone, with its modifiers,
 * against a registry whose expected answers are known. Every response is validated (FHIR R4 and the mCSD
 * profiles' required elements), and no request may Scan the table.
 */
let w: World
let k: KenyaDirectory
let recorder: Awaited<ReturnType<typeof startOpsRecorder>>
const direct = process.env.CADRE_DYNAMO_ENDPOINT!

beforeAll(async () => {
  w = await buildWorld()
  k = await kenyaDirectory(w)
  recorder = await startOpsRecorder(direct)
  process.env.CADRE_DYNAMO_ENDPOINT = recorder.endpoint
}, 180_000)

afterAll(async () => {
  process.env.CADRE_DYNAMO_ENDPOINT = direct
  await recorder?.stop()
})

const viewer = () => w.a.users.viewer.token

async function fhir(method: string, path: string, options: { token?: string; raw?: string; headers?: Record<string, string> } = {}): Promise<Reply> {
  const r = await call(method, `/fhir/KEN${path}`, { token: options.token ?? viewer(), raw: options.raw, headers: options.headers })
  expect(r.headers.get('content-type')).toMatch(/^application\/fhir\+json/)
  if (r.json) expect(problems(r.json)).toEqual([])
  return r
}

async function search(path: string, token?: string) {
  const r = await fhir('GET', path, { token })
  expect(r.status, r.text).toBe(200)
  expect(r.json).toMatchObject({ resourceType: 'Bundle', type: 'searchset' })
  return r.json
}

const matches = (b: any): string[] => b.entry.filter((e: any) => e.search.mode === 'match').map((e: any) => e.resource.id).sort()
const included = (b: any): string[] => b.entry.filter((e: any) => e.search.mode === 'include').map((e: any) => `${e.resource.resourceType}/${e.resource.id}`).sort()
const ids = (...records: { id: string }[]) => records.map((r) => fid(r.id)).sort()
const role = (d: { id: string; workerId: string }) => `${fid(d.id)}.${fid(d.workerId)}`
const roles = (...ds: { id: string; workerId: string }[]) => ds.map(role).sort()
const q = encodeURIComponent

describe('Practitioner', () => {
  it('active', async () => {
    const { achieng, otieno, jose, fatuma, wanjiku } = k.workers
    expect(matches(await search('/Practitioner?active=true'))).toEqual(ids(achieng, otieno, jose, wanjiku, w.a.registry.worker))
    expect(matches(await search('/Practitioner?active=false'))).toEqual(ids(fatuma))
  })

  it('identifier: national id, registry number, licence number, with and without system', async () => {
    const { achieng, otieno } = k.workers
    expect(matches(await search('/Practitioner?identifier=KE-1001'))).toEqual(ids(achieng))
    expect(matches(await search(`/Practitioner?identifier=${q(`${SID}/national-id|KE-1002`)}`))).toEqual(ids(otieno))
    expect(matches(await search(`/Practitioner?identifier=${q(`${SID}/registry-number|NCK-0001`)}`))).toEqual(ids(achieng))
    expect(matches(await search(`/Practitioner?identifier=${q(`${SID}/licence/nursing-council-of-kenya|NCK/2020/001`)}`))).toEqual(ids(achieng))
    expect(matches(await search(`/Practitioner?identifier=${q(`${SID}/registry-number|KE-1001`)}`))).toEqual([])
    expect(matches(await search('/Practitioner?identifier=KE-1001,KE-1002'))).toEqual(ids(achieng, otieno))
  })

  it('name (starts with, accents and case folded), :exact, :contains', async () => {
    const { achieng, otieno, jose } = k.workers
    expect(matches(await search('/Practitioner?name=otieno'))).toEqual(ids(achieng, otieno))
    expect(matches(await search('/Practitioner?name=jose'))).toEqual(ids(jose))
    expect(matches(await search(`/Practitioner?name=${q('Otieno Kam')}`))).toEqual(ids(otieno))
    expect(matches(await search('/Practitioner?name:exact=Otieno'))).toEqual(ids(achieng, otieno))
    expect(matches(await search('/Practitioner?name:exact=otieno'))).toEqual([])
    expect(matches(await search('/Practitioner?name:contains=tien'))).toEqual(ids(achieng, otieno))
  })

  it('given and family, with :exact and :contains', async () => {
    const { achieng, otieno, jose, wanjiku } = k.workers
    expect(matches(await search('/Practitioner?given=otieno'))).toEqual(ids(otieno))
    expect(matches(await search('/Practitioner?family=otieno'))).toEqual(ids(achieng))
    expect(matches(await search(`/Practitioner?given:exact=${q('José')}`))).toEqual(ids(jose))
    expect(matches(await search('/Practitioner?given:exact=Jose'))).toEqual([])
    expect(matches(await search('/Practitioner?family:exact=Kamau'))).toEqual(ids(otieno))
    expect(matches(await search('/Practitioner?given:contains=anji'))).toEqual(ids(wanjiku))
    expect(matches(await search('/Practitioner?family:contains=wang'))).toEqual(ids(jose))
    expect(matches(await search('/Practitioner?family=otieno&given=achieng'))).toEqual(ids(achieng))
    expect(matches(await search('/Practitioner?family=otieno&given=otieno'))).toEqual([])
  })

  it('_id', async () => {
    const { achieng, jose } = k.workers
    expect(matches(await search(`/Practitioner?_id=${fid(achieng.id)},${fid(jose.id)}`))).toEqual(ids(achieng, jose))
    expect(matches(await search(`/Practitioner?_id=${fid(w.b.registry.worker.id)}`))).toEqual([])
  })
})

describe('PractitionerRole', () => {
  it('active', async () => {
    const d = k.deployments
    expect(matches(await search('/PractitionerRole?active=true'))).toEqual(roles(d.achieng, d.otieno, d.jose, w.a.registry.deployment))
    expect(matches(await search('/PractitionerRole?active=false'))).toEqual(roles(d.fatuma))
  })

  it('location and organization (the facility of the pair)', async () => {
    const d = k.deployments
    expect(matches(await search(`/PractitionerRole?location=Location/${fid(k.cgh.id)}`))).toEqual(roles(d.achieng, d.fatuma))
    expect(matches(await search(`/PractitionerRole?location=${fid(k.cgh.id)}&active=true`))).toEqual(roles(d.achieng))
    expect(matches(await search(`/PractitionerRole?organization=Organization/${fid(k.likoni.id)}`))).toEqual(roles(d.otieno))
    expect(matches(await search(`/PractitionerRole?location=Location/${fid(k.mombasa.id)}`))).toEqual([])
  })

  it('practitioner, with _include=PractitionerRole:practitioner', async () => {
    const b = await search(`/PractitionerRole?practitioner=Practitioner/${fid(k.workers.jose.id)}&_include=PractitionerRole:practitioner`)
    expect(matches(b)).toEqual(roles(k.deployments.jose))
    expect(included(b)).toEqual([`Practitioner/${fid(k.workers.jose.id)}`])
  })

  it('role: ISCO-08 code, with or without its system, or the country cadre', async () => {
    const d = k.deployments
    expect(matches(await search('/PractitionerRole?role=2221'))).toEqual(roles(d.achieng, d.fatuma, w.a.registry.deployment))
    expect(matches(await search(`/PractitionerRole?role=${q(`${ISCO}|2240`)}`))).toEqual(roles(d.otieno))
    expect(matches(await search(`/PractitionerRole?role=${q(`${SID}/cadre|${k.cadres.doctor.id}`)}`))).toEqual(roles(d.jose))
    expect(matches(await search(`/PractitionerRole?role=${q(`${ISCO}|9999`)}`))).toEqual([])
  })

  it('service and specialty (none recorded for deployments)', async () => {
    expect(matches(await search('/PractitionerRole?service=HealthcareService/anc'))).toEqual([])
    expect(matches(await search('/PractitionerRole?specialty=394814009'))).toEqual([])
  })
})

describe('Location', () => {
  it('identifier: MFL code, DHIS2 uid, registry id', async () => {
    expect(matches(await search(`/Location?identifier=${q(`${SID}/mfl|11111`)}`))).toEqual(ids(k.cgh))
    expect(matches(await search('/Location?identifier=22222'))).toEqual(ids(k.likoni))
    expect(matches(await search(`/Location?identifier=${q(`${SID}/dhis2|CoastUid001`)}`))).toEqual(ids(k.coast))
    expect(matches(await search(`/Location?identifier=${q(`${SID}/registry-id|${k.nakuru.id}`)}`))).toEqual(ids(k.nakuru))
  })

  it('name, :exact, :contains', async () => {
    expect(matches(await search('/Location?name=coast'))).toEqual(ids(k.coast, k.cgh))
    expect(matches(await search('/Location?name:exact=Coast'))).toEqual(ids(k.coast))
    expect(matches(await search('/Location?name:contains=mission'))).toEqual(ids(k.clinic))
  })

  it('organization, with _include=Location:organization', async () => {
    const b = await search(`/Location?organization=Organization/${fid(k.cgh.id)}&_include=Location:organization`)
    expect(matches(b)).toEqual(ids(k.cgh))
    expect(included(b)).toEqual([`Organization/${fid(k.cgh.id)}`])
  })

  it('status', async () => {
    expect(matches(await search('/Location?status=active'))).toHaveLength(10)
    expect(matches(await search('/Location?status=inactive'))).toEqual([])
  })

  it('type: mCSD facility or jurisdiction, the facility type, its HL7 code', async () => {
    const facilities = ids(k.cgh, k.likoni, k.clinic, w.a.registry.facility)
    expect(matches(await search(`/Location?type=${q(`${MCSD_TYPES}|facility`)}`))).toEqual(facilities)
    expect(matches(await search('/Location?type=jurisdiction'))).toEqual(ids(k.coast, k.mombasa, k.rift, k.nakuru, w.a.registry.region, w.a.registry.district))
    expect(matches(await search(`/Location?type=${q('http://terminology.hl7.org/CodeSystem/v3-RoleCode|HOSP')}`))).toEqual(ids(k.cgh, w.a.registry.facility))
  })

  it('partof', async () => {
    expect(matches(await search(`/Location?partof=Location/${fid(k.mombasa.id)}`))).toEqual(ids(k.cgh, k.likoni))
  })
})

describe('Organization', () => {
  it('active, name, identifier, type', async () => {
    expect(matches(await search('/Organization?active=true'))).toHaveLength(10)
    expect(matches(await search('/Organization?name=nakuru'))).toEqual(ids(k.nakuru, k.clinic))
    expect(matches(await search('/Organization?identifier=11111'))).toEqual(ids(k.cgh))
    expect(matches(await search('/Organization?type=facility&name=likoni'))).toEqual(ids(k.likoni))
  })

  it('partof, with _revinclude=Location:organization', async () => {
    const b = await search(`/Organization?partof=Organization/${fid(k.coast.id)}&_revinclude=Location:organization`)
    expect(matches(b)).toEqual(ids(k.mombasa))
    expect(included(b)).toEqual([`Location/${fid(k.mombasa.id)}`])
  })
})

describe('common parameters and paging', () => {
  it('_lastUpdated with gt, lt, ge, le, sa, eb and ne', async () => {
    const latest = Math.max(...(await search('/Practitioner')).entry.map((e: any) => Date.parse(e.resource.meta.lastUpdated)))
    const at = new Date(latest + 1).toISOString()
    const { achieng, otieno, jose, fatuma, wanjiku } = k.workers
    const all = ids(achieng, otieno, jose, fatuma, wanjiku, w.a.registry.worker)
    // nothing changed after `at` yet
    expect(matches(await search(`/Practitioner?_lastUpdated=gt${q(at)}`))).toEqual([])
    await new Promise((r) => setTimeout(r, 5))
    const v = (await call('GET', `/api/v1/workers/${jose.id}`, { token: w.a.users.registrar.token })).json.version
    const patched = await call('PATCH', `/api/v1/workers/${jose.id}`, { token: w.a.users.registrar.token, body: { placeOfBirth: 'Nyeri' }, headers: { 'if-match': `"${v}"` } })
    expect(patched.status, patched.text).toBe(200)
    for (const p of ['gt', 'sa', 'ge']) expect(matches(await search(`/Practitioner?_lastUpdated=${p}${q(at)}`))).toEqual(ids(jose))
    const rest = all.filter((id) => id !== fid(jose.id))
    for (const p of ['lt', 'eb', 'le']) expect(matches(await search(`/Practitioner?_lastUpdated=${p}${q(at)}`))).toEqual(rest)
    // a day is a range: starting after it, or ending before it, excludes everything changed during it
    const day = at.slice(0, 10)
    for (const p of ['sa', 'eb', 'gt', 'lt']) expect(matches(await search(`/Practitioner?_lastUpdated=${p}${day}`)), p).toEqual([])
    for (const p of ['ge', 'le', 'eq']) expect(matches(await search(`/Practitioner?_lastUpdated=${p}${day}`)), p).toEqual(all)
    expect(matches(await search('/Practitioner?_lastUpdated=lt2000-01-01'))).toEqual([])
    expect(matches(await search('/Practitioner?_lastUpdated=ne1999'))).toEqual(all)
    expect(matches(await search(`/Practitioner?_lastUpdated=gt2000&_lastUpdated=lt${q(at)}&family=otieno`))).toEqual(ids(achieng))
    expect(matches(await search(`/Location?_lastUpdated=ge2000-01&name=likoni`))).toEqual(ids(k.likoni))
    expect((await fhir('GET', '/Practitioner?_lastUpdated=gt2024-13-01')).status).toBe(400)
  }, 120_000)

  it('_count pages through every match once, with next links carrying opaque cursors', async () => {
    const everyone = matches(await search('/Location'))
    const seen: string[] = []
    let path: string | undefined = '/Location?_count=3'
    let pages = 0
    while (path) {
      const b = await search(path)
      expect(b.entry.length).toBeLessThanOrEqual(3)
      seen.push(...b.entry.map((e: any) => e.resource.id))
      const next = b.link.find((l: any) => l.relation === 'next')?.url
      path = next ? next.replace(/^.*\/fhir\/KEN/, '') : undefined
      pages++
    }
    expect(pages).toBe(4)
    expect(seen.sort()).toEqual(everyone)
    const names = []
    for (let p: string | undefined = '/Practitioner?name=o&_count=1'; p; ) {
      const b = await search(p)
      names.push(...matches(b))
      p = b.link.find((l: any) => l.relation === 'next')?.url.replace(/^.*\/fhir\/KEN/, '')
    }
    expect(names.sort()).toEqual(ids(k.workers.achieng, k.workers.otieno))
    expect((await fhir('GET', '/Location?_cursor=bm90LWEtY3Vyc29y')).status).toBe(400)
  })

  it('POST _search with a form body gives the GET answer', async () => {
    const r = await fhir('POST', '/Practitioner/_search', { raw: 'family=otieno', headers: { 'content-type': 'application/x-www-form-urlencoded' } })
    expect(r.status, r.text).toBe(200)
    expect(matches(r.json)).toEqual(ids(k.workers.achieng))
    const both = await fhir('POST', '/Practitioner/_search?active=true', { raw: 'given=otieno', headers: { 'content-type': 'application/x-www-form-urlencoded' } })
    expect(matches(both.json)).toEqual(ids(k.workers.otieno))
    const json = await fhir('POST', '/Practitioner/_search', { raw: '{"family":"x"}', headers: { 'content-type': 'application/json' } })
    expect(json.status).toBe(415)
  })

  it('an unknown parameter, modifier or include is 400 OperationOutcome, unless Prefer: handling=lenient', async () => {
    for (const path of ['/Practitioner?colour=blue', '/Practitioner?name:fuzzy=x', '/Practitioner?active:exact=true', '/Location?_include=Location:endpoint', '/Organization?_sort=name']) {
      const r = await fhir('GET', path)
      expect(r.status, path).toBe(400)
      expect(r.json.resourceType).toBe('OperationOutcome')
      expect(r.json.issue[0]).toMatchObject({ severity: 'error', code: 'not-supported' })
    }
    const lenient = await fhir('GET', '/Practitioner?colour=blue&family=otieno', { headers: { prefer: 'handling=lenient' } })
    expect(lenient.status).toBe(200)
    expect(matches(lenient.json)).toEqual(ids(k.workers.achieng))
    expect(lenient.json.link[0].url).not.toContain('colour')
  })

  it('no search asks DynamoDB for a Scan', () => {
    expect(recorder.ops.length).toBeGreaterThan(100)
    expect(recorder.ops.filter((o) => o.op === 'Scan')).toEqual([])
    expect(new Set(recorder.ops.filter((o) => o.op === 'Query').map((o) => o.index ?? 'table'))).toEqual(new Set(['table', 'gsi1', 'gsi2', 'gsi3', 'gsi5', 'gsi6']))
  })
})
