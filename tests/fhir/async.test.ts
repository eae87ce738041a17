import { PutItemCommand } from '@aws-sdk/client-dynamodb'
import { randomUUID } from 'node:crypto'
import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { config } from '../../functions/core/config'
import { dynamo } from '../../functions/core/db/client'
import { toAttr } from '../../functions/core/db/marshal'
import { jobItem, type JobRecord } from '../../functions/jobs/record'
import { runJob, type RunOutcome } from '../../functions/jobs/runner'
import { getJob } from '../../functions/jobs/store'
import { call, type Reply } from '../support/http'
import { buildWorld, type World } from '../support/world'
import { fid, kenyaDirectory, type KenyaDirectory, SID, MCSD_TYPES, ISCO, clientToken, jobIdOf, pathOf } from './fixture'
import { problems } from './validator'

// steps of 100 entries, so a bundle of 600 crosses several; a short lease, so a "killed" runner's job is
// taken over within the test
process.env.CADRE_FHIR_STEP_ENTRIES = '100'
process.env.CADRE_JOB_LEASE_MS = '3000'
process.env.CADRE_EXPORT_DIR = mkdtempSync(join(tmpdir(), 'cadre-fhir-async-test-'))

/**
 * ITI-130 bundles larger than a request can write: checked and planned in the request, answered 202 with a
 * status URL, written by a `fhir.transaction` job in checkpointed steps; a runner killed mid-step is taken
 * over and writes nothing twice; the final transaction-response names every entry; a bad entry is refused at
 * once with nothing written and no job; the status URL is the sender's country's alone.
 */
let w: World
let k: KenyaDirectory
let feeder: string

beforeAll(async () => {
  w = await buildWorld()
  k = await kenyaDirectory(w)
  feeder = await clientToken(w, ['system/*.write', 'system/*.read'])
}, 180_000)

const post = (bundle: unknown, headers: Record<string, string> = {}, token = feeder) =>
  call('POST', '/fhir/KEN', { token, raw: JSON.stringify(bundle), headers: { 'content-type': 'application/fhir+json', ...headers } })

/**
 * A feed as another HRH system sends it: a new facility (Location and Organization) in Mombasa, `n`
 * practitioners (each with a national id), then each one's PractitionerRole at the new facility, and a
 * HealthcareService offered there. Entries 0–1 the facility, 2..n+1 the people, then their roles, then the service.
 */
function bigBundle(tag: string, n: number) {
  const org = `urn:uuid:${randomUUID()}`
  const loc = `urn:uuid:${randomUUID()}`
  const people = Array.from({ length: n }, () => `urn:uuid:${randomUUID()}`)
  const facility = [mcsdType('facility'), { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-RoleCode', code: 'HOSP' }] }]
  return {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: [
      { fullUrl: org, request: { method: 'POST', url: 'Organization' }, resource: { resourceType: 'Organization', name: `${tag} Hospital`, type: [mcsdType('facility')], partOf: { reference: `Organization/${fid(k.mombasa.id)}` } } },
      {
        fullUrl: loc,
        request: { method: 'POST', url: 'Location', ifNoneExist: `identifier=${SID}/mfl|${tag}-MFL` },
        resource: { resourceType: 'Location', name: `${tag} Hospital`, status: 'active', identifier: [{ system: `${SID}/mfl`, value: `${tag}-MFL` }], type: facility, managingOrganization: { reference: org }, partOf: { reference: `Location/${fid(k.mombasa.id)}` } },
      },
      ...people.map((fullUrl, i) => ({
        fullUrl,
        request: { method: 'POST', url: 'Practitioner', ifNoneExist: `identifier=${SID}/national-id|${tag}-${i}` },
        resource: { resourceType: 'Practitioner', identifier: [{ system: `${SID}/national-id`, value: `${tag}-${i}` }], name: [{ family: `${tag}fam`, given: [`Given${i}`] }], gender: i % 2 ? 'male' : 'female', birthDate: `19${70 + (i % 30)}-0${1 + (i % 9)}-1${i % 10}` },
      })),
      ...people.map((practitioner) => ({
        fullUrl: `urn:uuid:${randomUUID()}`,
        request: { method: 'POST', url: 'PractitionerRole' },
        resource: { resourceType: 'PractitionerRole', practitioner: { reference: practitioner }, location: [{ reference: loc }], code: [{ coding: [{ system: ISCO, code: '2221' }], text: 'Ward nurse' }], period: { start: '2025-01-01' } },
      })),
      {
        fullUrl: `urn:uuid:${randomUUID()}`,
        request: { method: 'POST', url: 'HealthcareService' },
        resource: { resourceType: 'HealthcareService', active: true, name: `${tag} maternity`, identifier: [{ system: `${SID}/hcs`, value: `${tag}-maternity` }], location: [{ reference: loc }] },
      },
    ],
  }
}
const mcsdType = (code: string) => ({ coding: [{ system: MCSD_TYPES, code }] })

/** Every resource of a FHIR search, page after page. */
async function searchAll(path: string, token = feeder) {
  const out: any[] = []
  for (let next: string | undefined = `/fhir/KEN${path}`; next; ) {
    const r = await call('GET', next, { token })
    expect(r.status, r.text).toBe(200)
    out.push(...r.json.entry.filter((e: any) => e.search?.mode !== 'include').map((e: any) => e.resource))
    const link = r.json.link?.find((l: any) => l.relation === 'next')?.url
    next = link ? new URL(link).pathname + new URL(link).search : undefined
  }
  return out
}

const owner = () => `T#${w.a.id}`
async function runToEnd(jobId: string) {
  let outcome: RunOutcome
  do outcome = await runJob(owner(), jobId, { budgetMs: 120_000 })
  while (outcome === 'more')
  return outcome
}

/** A runner that dies after a step's writes, before its checkpoint was saved: the job goes back to `snapshot`, under the dead runner's lease. */
async function runAndDie(jobId: string) {
  const snapshot = (await getJob(owner(), jobId))!
  expect(await runJob(owner(), jobId, { budgetMs: 60_000, holder: 'doomed', maxSteps: 1, release: false })).toBe('more')
  const current = (await getJob(owner(), jobId))!
  const leaseUntil = new Date(Date.now() + Number(process.env.CADRE_JOB_LEASE_MS)).toISOString()
  await dynamo().send(new PutItemCommand({ TableName: config.table, Item: toAttr(jobItem({ ...snapshot, state: 'running', leaseHolder: 'doomed', leaseUntil, version: current.version + 1 } as JobRecord)) }))
}

/** Waits, as the next runner would, for the dead runner's lease to run out, then runs the job to its end. */
async function takeOver(jobId: string, maxSteps?: number) {
  let outcome = 'busy' as RunOutcome
  await expect.poll(async () => (outcome = await runJob(owner(), jobId, { budgetMs: 120_000, maxSteps })), { timeout: 30_000, interval: 300 }).not.toBe('busy')
  return outcome === 'more' && maxSteps === undefined ? runToEnd(jobId) : outcome
}

const status = (path: string, token = feeder) => call('GET', path, { token })

describe('a bundle larger than a request can write', () => {
  const tag = 'Asyncfeed'
  const N = 300
  let bundle: ReturnType<typeof bigBundle>
  let first: Reply

  it('is checked, answered 202 with a status URL, written in steps with visible progress, and answered with every entry', async () => {
    bundle = bigBundle(tag, N)
    const total = bundle.entry.length
    const accepted = await post(bundle)
    expect(accepted.status, accepted.text).toBe(202)
    expect(problems(accepted.json)).toEqual([])
    expect(pathOf(accepted)).toMatch(/^\/fhir\/KEN\/\$status\/job_[0-9a-z]{26}$/)
    const jobId = jobIdOf(accepted)

    // not yet run: 202, nothing written
    let r = await status(pathOf(accepted))
    expect(r.status, r.text).toBe(202)
    expect(r.headers.get('x-progress')).toBe(`0 of ${total} entries written`)
    expect(problems(r.json)).toEqual([])

    // one step at a time: the progress grows by a step's worth
    expect(await runJob(owner(), jobId, { budgetMs: 60_000, maxSteps: 1 })).toBe('more')
    r = await status(pathOf(accepted))
    expect(r.status).toBe(202)
    expect(r.headers.get('x-progress')).toBe(`100 of ${total} entries written`)
    // the console's list of work in progress shows it
    const jobs = (await call('GET', '/api/v1/jobs', { token: w.a.users['ministry-admin'].token })).json.items
    expect(jobs.find((j: any) => j.id === jobId)).toMatchObject({ kind: 'fhir.transaction', state: 'running', progress: { done: 100, total } })

    // a runner killed mid-job, in the steps that write people, and in the one that writes their roles:
    // the next one takes over from the last checkpoint
    await runAndDie(jobId) // step 2: people 98–197
    expect(await takeOver(jobId, 1)).toBe('more')
    r = await status(pathOf(accepted))
    expect(r.headers.get('x-progress')).toBe(`200 of ${total} entries written`)
    expect(await runJob(owner(), jobId, { budgetMs: 60_000, maxSteps: 2 })).toBe('more')
    await runAndDie(jobId) // step 5: roles 98–197
    expect(await takeOver(jobId)).toBe('finished')
    first = await status(pathOf(accepted))
    expect(first.status, first.text).toBe(200)
    expect(first.json.type).toBe('transaction-response')
    expect(first.json.entry).toHaveLength(total)
    expect(problems(first.json)).toEqual([])
    const statuses = first.json.entry.map((e: any) => e.response.status)
    // what the dead runner wrote is found by its successor (200, not a second 201); everything else is new
    expect(statuses.filter((s: string) => s === '201 Created').length).toBeGreaterThanOrEqual(total - 200)
    expect(statuses.every((s: string) => s === '201 Created' || s === '200 OK')).toBe(true)
    const locations = first.json.entry.map((e: any) => e.response.location.split('/_history')[0])
    expect(new Set(locations).size).toBe(total)
    expect(new Set(locations.map((l: string) => l.split('/')[1])).size).toBe(total - 1) // the Location and Organization of the facility share their id
    // each entry written once: 300 people, one deployment each at the new facility, one service
    const facility = locations[1]
    expect(await searchAll(`/Practitioner?family=${tag}fam&_count=200`)).toHaveLength(N)
    const roles = await searchAll(`/PractitionerRole?location=${facility}&_count=200`)
    expect(roles).toHaveLength(N)
    expect(new Set(roles.map((x: any) => x.practitioner.reference)).size).toBe(N)
    expect(await searchAll(`/HealthcareService?identifier=${encodeURIComponent(`${SID}/hcs|${tag}-maternity`)}`)).toHaveLength(1)
    // the roles point at what the earlier steps wrote
    const role = (await call('GET', `/fhir/KEN/${locations[2 + N]}`, { token: feeder })).json
    expect(role).toMatchObject({ practitioner: { reference: locations[2] }, location: [{ reference: facility }] })
    // the bundle and the answers so far are gone with the job's end; the answer is kept
    expect(existsSync(join(process.env.CADRE_EXPORT_DIR!, 'fhir', 'KEN', jobId, 'work'))).toBe(false)
    expect(existsSync(join(process.env.CADRE_EXPORT_DIR!, 'fhir', 'KEN', jobId, 'response.json'))).toBe(true)
    // audited as one feed, naming the job
    const feeds = (await call('GET', '/api/v1/audit?action=fhir.transaction', { token: w.a.users['ministry-admin'].token })).json.items
    expect(feeds.find((e: any) => e.after?.jobId === jobId)).toBeTruthy()
  }, 300_000)

  it('the same bundle again writes nothing new', async () => {
    const again = await post(bundle)
    expect(again.status, again.text).toBe(202)
    expect(await runToEnd(jobIdOf(again))).toBe('finished')
    const r = await status(pathOf(again))
    expect(r.status, r.text).toBe(200)
    expect(r.json.entry.map((e: any) => e.response.status)).toEqual(Array(bundle.entry.length).fill('200 OK'))
    // the same resources at the same versions
    expect(r.json.entry.map((e: any) => e.response.location)).toEqual(first.json.entry.map((e: any) => e.response.location))
  }, 300_000)
})

describe('refused at once', () => {
  it('a bad entry is its 4xx OperationOutcome in the request: nothing written, no job', async () => {
    const bundle = bigBundle('Badfeed', 150)
    delete (bundle.entry[2 + 140]!.resource as any).gender
    const jobsBefore = (await call('GET', '/api/v1/jobs', { token: w.a.users['ministry-admin'].token })).json.items.length
    const r = await post(bundle)
    expect(r.status, r.text).toBe(422)
    expect(problems(r.json)).toEqual([])
    expect(r.json.issue[0].expression).toEqual(['Bundle.entry[142]'])
    expect(r.headers.get('content-location')).toBeNull()
    expect(await searchAll('/Practitioner?family=Badfeedfam')).toHaveLength(0)
    expect(await searchAll(`/Location?identifier=${encodeURIComponent(`${SID}/mfl|Badfeed-MFL`)}`)).toHaveLength(0)
    expect((await call('GET', '/api/v1/jobs', { token: w.a.users['ministry-admin'].token })).json.items.length).toBe(jobsBefore)
  }, 120_000)
})

describe('the status URL', () => {
  let path: string
  beforeAll(async () => {
    // a small bundle, asked to run in the background
    const accepted = await post(bigBundle('Smallfeed', 2), { prefer: 'respond-async' })
    expect(accepted.status, accepted.text).toBe(202)
    path = pathOf(accepted)
    expect(await runToEnd(jobIdOf(accepted))).toBe('finished')
  }, 120_000)

  it("is the sender's: 200 for it and the country's ministry admin", async () => {
    const r = await status(path)
    expect(r.status, r.text).toBe(200)
    expect(r.json.entry).toHaveLength(7)
    expect(problems(r.json)).toEqual([])
    expect((await status(path, w.a.users['ministry-admin'].token)).status).toBe(200)
  })

  it("is 404 for another country's token (its own base or this one), another sender of the country, and an unknown id", async () => {
    const uganda = await clientToken(w, ['system/*.write'], w.b.users['ministry-admin'].token)
    for (const [p, token] of [
      [path, w.b.users['ministry-admin'].token],
      [path, uganda],
      [path.replace('/KEN/', '/UGA/'), uganda],
      [path.replace('/KEN/', '/UGA/'), w.b.users['ministry-admin'].token],
      [path, w.a.users.registrar.token],
      [path, await clientToken(w, ['system/*.write'])],
      [path.replace(/job_[0-9a-z]{4}/, 'job_zzzz'), feeder],
      ['/fhir/KEN/$status/nonsense', feeder],
    ] as const) {
      const r = await status(p, token)
      expect(r.status, `${p} ${r.text}`).toBe(404)
      expect(r.json.resourceType).toBe('OperationOutcome')
    }
  })
})

describe('a batch in the background', () => {
  it('is answered entry by entry: a bad entry its own failure, the others written', async () => {
    const otieno = fid(k.workers.otieno.id)
    const batch = {
      resourceType: 'Bundle',
      type: 'batch',
      entry: [
        {
          request: { method: 'PUT', url: `Practitioner/${otieno}` },
          resource: { resourceType: 'Practitioner', id: otieno, identifier: [{ system: `${SID}/national-id`, value: 'KE-1002' }], name: [{ family: 'Kamau', given: ['Otieno'] }], gender: 'male', birthDate: '1985-03-03', telecom: [{ system: 'email', value: 'otieno.batch@example.org' }] },
        },
        // no gender: refused, alone
        { request: { method: 'PUT', url: `Practitioner/${otieno}` }, resource: { resourceType: 'Practitioner', id: otieno, name: [{ family: 'Kamau', given: ['Otieno'] }], birthDate: '1985-03-03' } },
      ],
    }
    const accepted = await post(batch, { prefer: 'respond-async' })
    expect(accepted.status, accepted.text).toBe(202)
    expect(await runToEnd(jobIdOf(accepted))).toBe('finished')
    const r = await status(pathOf(accepted))
    expect(r.status, r.text).toBe(200)
    expect(problems(r.json)).toEqual([])
    expect(r.json.type).toBe('batch-response')
    expect(r.json.entry.map((e: any) => e.response.status)).toEqual(['200 OK', '422'])
    expect(r.json.entry[1].response.outcome.issue[0].expression).toEqual(['Bundle.entry[1]'])
    const worker = (await call('GET', `/api/v1/workers/${k.workers.otieno.id}`, { token: w.a.users.registrar.token })).json
    expect(worker.contacts.email).toBe('otieno.batch@example.org')
  }, 120_000)
})

describe('a concurrent change the job cannot get past', () => {
  it('is retried, then answered with the fault and exactly which entries were written and which not', async () => {
    const tag = 'Clashfeed'
    const bundle = bigBundle(tag, 120)
    // the last practitioner also carries a registry number
    const last = bundle.entry[2 + 119]!.resource as any
    last.identifier.push({ system: `${SID}/registry-number`, value: `${tag}-RN` })
    const accepted = await post(bundle)
    expect(accepted.status, accepted.text).toBe(202)
    const jobId = jobIdOf(accepted)
    expect(await runJob(owner(), jobId, { budgetMs: 60_000, maxSteps: 1 })).toBe('more')
    // meanwhile, in the console, the national id and the registry number are given to two different people
    const reg = w.a.users.registrar.token
    const worker = (body: Record<string, unknown>) => call('POST', '/api/v1/workers', { token: reg, body: { confirmNotDuplicate: true, sex: 'female', birthDate: '1990-01-01', cadreId: k.cadres.nurse.id, orgUnitId: k.mombasa.id, ...body } })
    expect((await worker({ givenName: 'One', familyName: 'Clash', nationalId: `${tag}-119` })).status).toBe(201)
    expect((await worker({ givenName: 'Two', familyName: 'Clash', registryNumber: `${tag}-RN` })).status).toBe(201)
    expect(await runToEnd(jobId)).toBe('finished')
    const r = await status(pathOf(accepted))
    expect(r.status, r.text).toBe(409)
    expect(problems(r.json)).toEqual([])
    expect(r.json.issue[0]).toMatchObject({ severity: 'error', expression: [`Bundle.entry[${2 + 119}]`] })
    // the first step's 100 entries (the facility and 98 people) were written; the rest were not
    expect(r.json.issue[1].diagnostics).toContain(`Written: entries 0–99 (100 of ${bundle.entry.length}); not written: entries 100–`)
    expect(r.json.issue[1].expression).toHaveLength(100)
    expect(await searchAll(`/Practitioner?family=${tag}fam&_count=200`)).toHaveLength(98)
    const job = (await call('GET', `/api/v1/jobs/${jobId}`, { token: w.a.users['ministry-admin'].token })).json
    expect(job).toMatchObject({ state: 'done', result: { status: 409 } })
  }, 300_000)
})

