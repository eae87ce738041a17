import { PutItemCommand } from '@aws-sdk/client-dynamodb'
import { randomUUID } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { createServer, request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { config } from '../../functions/core/config'
import { dynamo } from '../../functions/core/db/client'
import { toAttr } from '../../functions/core/db/marshal'
import { freePort } from '../../functions/local/dynamo-local'
import { jobItem, type JobRecord } from '../../functions/jobs/record'
import { runJob, type RunOutcome } from '../../functions/jobs/runner'
import type { JobState } from '../../functions/jobs/schema'
import { getJob } from '../../functions/jobs/store'
import { call, type Reply } from '../support/http'
import { buildWorld, type World } from '../support/world'
import { clientToken, fid, ISCO, kenyaDirectory, MCSD_TYPES, SID, type KenyaDirectory, jobIdOf, pathOf } from './fixture'
import { problems } from './validator'

// steps of 3 entries, so a bundle of 7 is written in three
process.env.CADRE_FHIR_STEP_ENTRIES = '3'
process.env.CADRE_EXPORT_DIR = mkdtempSync(join(tmpdir(), 'cadre-fhir-async-failure-test-'))

/**
 * A bundle's job that does not finish (a step that throws, a job the runner marks failed, a cancelled one)
 * leaves none of its files behind — the bundle and the answers so far are person data — and its status URL
 * answers a plain-language 409 OperationOutcome in the client's language, never a 500, a stack or an
 * internal code. Sending the same bundle again writes what is missing. The status URL stays the sender's.
 */
let w: World
let k: KenyaDirectory
let feeder: string

beforeAll(async () => {
  w = await buildWorld()
  k = await kenyaDirectory(w)
  feeder = await clientToken(w, ['system/*.write', 'system/*.read'])
}, 180_000)

const post = (bundle: unknown) =>
  call('POST', '/fhir/KEN', { token: feeder, raw: JSON.stringify(bundle), headers: { 'content-type': 'application/fhir+json', prefer: 'respond-async' } })
const status = (path: string, token = feeder, headers: Record<string, string> = {}) => call('GET', path, { token, headers })
const owner = () => `T#${w.a.id}`
/** Where a job's files are kept: the bundle and answers so far under work/, the final answer beside it. */
const folder = (jobId: string) => join(process.env.CADRE_EXPORT_DIR!, 'fhir', 'KEN', jobId)

async function runToEnd(jobId: string) {
  let outcome: RunOutcome
  do outcome = await runJob(owner(), jobId, { budgetMs: 60_000 })
  while (outcome === 'more')
  return outcome
}

/** 7 entries: a facility (Organization and Location) in Mombasa, two practitioners, their roles there, a service. */
function feed(tag: string) {
  const org = `urn:uuid:${randomUUID()}`
  const loc = `urn:uuid:${randomUUID()}`
  const people = [0, 1].map(() => `urn:uuid:${randomUUID()}`)
  return {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: [
      { fullUrl: org, request: { method: 'POST', url: 'Organization' }, resource: { resourceType: 'Organization', name: `${tag} Clinic`, type: [{ coding: [{ system: MCSD_TYPES, code: 'facility' }] }], partOf: { reference: `Organization/${fid(k.mombasa.id)}` } } },
      {
        fullUrl: loc,
        request: { method: 'POST', url: 'Location', ifNoneExist: `identifier=${SID}/mfl|${tag}-MFL` },
        resource: {
          resourceType: 'Location', name: `${tag} Clinic`, status: 'active', identifier: [{ system: `${SID}/mfl`, value: `${tag}-MFL` }],
          type: [{ coding: [{ system: MCSD_TYPES, code: 'facility' }] }, { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-RoleCode', code: 'HOSP' }] }],
          managingOrganization: { reference: org }, partOf: { reference: `Location/${fid(k.mombasa.id)}` },
        },
      },
      ...people.map((fullUrl, i) => ({
        fullUrl,
        request: { method: 'POST', url: 'Practitioner', ifNoneExist: `identifier=${SID}/national-id|${tag}-${i}` },
        resource: { resourceType: 'Practitioner', identifier: [{ system: `${SID}/national-id`, value: `${tag}-${i}` }], name: [{ family: `${tag}fam`, given: [`Given${i}`] }], gender: i ? 'male' : 'female', birthDate: `198${i}-04-1${i}` },
      })),
      ...people.map((practitioner) => ({
        fullUrl: `urn:uuid:${randomUUID()}`,
        request: { method: 'POST', url: 'PractitionerRole' },
        resource: { resourceType: 'PractitionerRole', practitioner: { reference: practitioner }, location: [{ reference: loc }], code: [{ coding: [{ system: ISCO, code: '2221' }] }], period: { start: '2025-01-01' } },
      })),
      {
        fullUrl: `urn:uuid:${randomUUID()}`,
        request: { method: 'POST', url: 'HealthcareService' },
        resource: { resourceType: 'HealthcareService', active: true, name: `${tag} outpatients`, identifier: [{ system: `${SID}/hcs`, value: `${tag}-opd` }], location: [{ reference: loc }] },
      },
    ],
  }
}

const translations = (issue: any) =>
  Object.fromEntries(issue.details._text.extension.map((t: any) => [t.extension.find((e: any) => e.url === 'lang').valueCode, t.extension.find((e: any) => e.url === 'content').valueString]))

const failedInEnglish = 'This request stopped on an error on our side before every entry was written: at least 3 of 7 entries were written. Sending the same bundle again writes only what is missing.'

describe('a job whose step throws', () => {
  const tag = 'Brokenfeed'
  let bundle: ReturnType<typeof feed>
  let path: string
  let jobId: string
  /** the status URL of the bundle sent again, written whole */
  let done: string

  beforeAll(async () => {
    bundle = feed(tag)
    const accepted = await post(bundle)
    expect(accepted.status, accepted.text).toBe(202)
    path = pathOf(accepted)
    jobId = jobIdOf(accepted)
    expect(await runJob(owner(), jobId, { budgetMs: 60_000, maxSteps: 1 })).toBe('more')
    // the first step's answers no longer read as JSON (a damaged store): the next step throws on them
    const part = join(folder(jobId), 'work', 'answers', '000001.json')
    expect(existsSync(part)).toBe(true)
    writeFileSync(part, '[{"index": 0, "answer": ')
    expect(await runToEnd(jobId)).toBe('finished')
  }, 120_000)

  it('is failed by the runner, which removes its files at once', async () => {
    expect(await getJob(owner(), jobId)).toMatchObject({ state: 'failed', progress: { done: 3, total: 7 } })
    // looked at before anyone reads the status URL (which sweeps as well)
    expect(existsSync(folder(jobId))).toBe(false)
  })

  it('answers its status URL with a plain 409 OperationOutcome: no stack, no internal code, never a 500', async () => {
    const r = await status(path)
    expect(r.status, r.text).toBe(409)
    expect(problems(r.json)).toEqual([])
    expect(r.headers.get('content-language')).toBe('en')
    expect(r.json.issue).toHaveLength(1)
    expect(r.json.issue[0]).toMatchObject({
      severity: 'error',
      code: 'exception',
      details: { coding: [{ system: 'https://cadre.health/problems', code: 'fhir.request_failed' }], text: failedInEnglish },
      diagnostics: failedInEnglish,
    })
    expect(r.text).not.toMatch(/SyntaxError|JSON|job\.failed|unexpected|\n\s+at |\.ts:\d+/i)
    // the two other languages as FHIR translations
    expect(Object.keys(translations(r.json.issue[0]))).toEqual(['fr', 'pt'])
    // the country's ministry admin reads it too
    expect((await status(path, w.a.users['ministry-admin'].token)).status).toBe(409)
  })

  it('speaks the language the client asks for', async () => {
    const fr = await status(path, feeder, { 'accept-language': 'fr-CH, fr;q=0.9, en;q=0.8' })
    expect(fr.status).toBe(409)
    expect(fr.headers.get('content-language')).toBe('fr')
    expect(fr.json.issue[0].diagnostics).toBe('Cette demande s’est arrêtée sur une erreur de notre côté avant que toutes les entrées soient écrites : au moins 3 des 7 entrées ont été écrites. Renvoyer le même Bundle n’écrit que ce qui manque.')
    expect(translations(fr.json.issue[0])).toMatchObject({ en: failedInEnglish })
    expect(problems(fr.json)).toEqual([])
    const pt = await status(path, feeder, { 'accept-language': 'de;q=1, pt-BR;q=0.5' })
    expect(pt.headers.get('content-language')).toBe('pt')
    expect(pt.json.issue[0].diagnostics).toMatch(/^Este pedido parou devido a um erro do nosso lado .* pelo menos 3 de 7 entradas foram escritas/)
    const other = await status(path, feeder, { 'accept-language': 'de, sw;q=0.5' })
    expect(other.json.issue[0].diagnostics).toBe(failedInEnglish)
  })

  it('answers in XML when asked', async () => {
    const r = await status(`${path}?_format=xml`)
    expect(r.status, r.text).toBe(409)
    expect(r.headers.get('content-type')).toBe('application/fhir+xml; fhirVersion=4.0')
    expect(r.text).toContain('<code value="fhir.request_failed"/>')
    expect(r.text).toContain('url="http://hl7.org/fhir/StructureDefinition/translation"')
  })

  it("is 404 for another country's token, another sender of the country, and another id", async () => {
    const uganda = await clientToken(w, ['system/*.write'], w.b.users['ministry-admin'].token)
    for (const [p, token] of [
      [path, w.b.users['ministry-admin'].token],
      [path, uganda],
      [path.replace('/KEN/', '/UGA/'), uganda],
      [path, w.a.users.registrar.token],
      [path.replace(/job_[0-9a-z]{4}/, 'job_zzzz'), feeder],
    ] as const) {
      const r = await status(p, token)
      expect(r.status, `${p} ${r.text}`).toBe(404)
      expect(r.json.resourceType).toBe('OperationOutcome')
    }
  })

  it('sent again, writes only what is missing', async () => {
    const again = await post(bundle)
    expect(again.status, again.text).toBe(202)
    expect(await runToEnd(jobIdOf(again))).toBe('finished')
    const r = await status(pathOf(again))
    expect(r.status, r.text).toBe(200)
    const statuses = r.json.entry.map((e: any) => e.response.status)
    expect(statuses.filter((s: string) => s === '200 OK').length).toBeGreaterThanOrEqual(3)
    expect(statuses.every((s: string) => s === '200 OK' || s === '201 Created')).toBe(true)
    const people = (await call('GET', `/fhir/KEN/Practitioner?family=${tag}fam`, { token: feeder })).json.entry
    expect(people).toHaveLength(2)
    done = pathOf(again)
  })

  it('once done: a part a late runner left is swept, and an answer that no longer reads is 410, not a 500', async () => {
    const jobFolder = folder(done.split('/').pop()!)
    expect(existsSync(join(jobFolder, 'work'))).toBe(false)
    // a runner that lost the job mid-step writes its part after the end
    mkdirSync(join(jobFolder, 'work', 'answers'), { recursive: true })
    writeFileSync(join(jobFolder, 'work', 'answers', '000009.json'), '[]')
    expect((await status(done)).status).toBe(200)
    expect(existsSync(join(jobFolder, 'work'))).toBe(false)
    writeFileSync(join(jobFolder, 'response.json'), '{"status": 200, "bo')
    const r = await status(done)
    expect(r.status, r.text).toBe(410)
    expect(problems(r.json)).toEqual([])
    expect(r.json.issue[0].details.coding[0].code).toBe('fhir.response_gone')
  })
})

describe('a job stopped while its files were kept (a runner that died before removing them)', () => {
  /** A job accepted, never run, then saved as stopped the way the runner or a cancel saves it. */
  async function stoppedWithFiles(tag: string, state: JobState) {
    const accepted = await post(feed(tag))
    expect(accepted.status, accepted.text).toBe(202)
    const jobId = jobIdOf(accepted)
    const job = (await getJob(owner(), jobId))!
    const stopped = { ...job, state, finishedAt: new Date().toISOString(), version: job.version + 1, ...(state === 'failed' ? { error: { code: 'job.failed', message: 'The job stopped on an unexpected error' } } : {}) }
    await dynamo().send(new PutItemCommand({ TableName: config.table, Item: toAttr(jobItem(stopped as JobRecord)) }))
    expect(existsSync(join(folder(jobId), 'work', 'bundle.json'))).toBe(true)
    return { path: pathOf(accepted), jobId }
  }

  it('failed: its status URL removes them and answers 409', async () => {
    const { path, jobId } = await stoppedWithFiles('Leftfeed', 'failed')
    const r = await status(path)
    expect(r.status, r.text).toBe(409)
    expect(problems(r.json)).toEqual([])
    expect(r.json.issue[0].details.coding[0].code).toBe('fhir.request_failed')
    expect(r.json.issue[0].diagnostics).toContain('at least 0 of 7 entries were written')
    expect(existsSync(folder(jobId))).toBe(false)
    // another country's token neither reads it nor learns it exists
    expect((await status(path, w.b.users['ministry-admin'].token)).status).toBe(404)
  })

  it('cancelled: the same, said as a cancel', async () => {
    const { path, jobId } = await stoppedWithFiles('Cancelfeed', 'cancelled')
    const r = await status(path, feeder, { 'accept-language': 'pt' })
    expect(r.status, r.text).toBe(409)
    expect(problems(r.json)).toEqual([])
    expect(r.json.issue[0]).toMatchObject({ code: 'incomplete', details: { coding: [{ code: 'fhir.request_cancelled' }] } })
    expect(r.json.issue[0].diagnostics).toMatch(/^Este pedido foi cancelado/)
    expect(existsSync(folder(jobId))).toBe(false)
  })
})

/**
 * In front of DynamoDB Local: refuses, as DynamoDB does when throttled, every request whose body names
 * `word` (and passes the others), so what a bundle's step asks of the table fails and the job's own saves do not.
 */
async function throttling(word: string) {
  const upstream = new URL(process.env.CADRE_DYNAMO_ENDPOINT!)
  let refused = 0
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c) => chunks.push(c))
    req.on('end', () => {
      const body = Buffer.concat(chunks)
      if (body.toString().includes(word)) {
        refused++
        res.writeHead(400, { 'content-type': 'application/x-amz-json-1.0' })
        return res.end(JSON.stringify({ __type: 'com.amazonaws.dynamodb.v20120810#ThrottlingException', message: 'Rate of requests exceeds the allowed throughput.' }))
      }
      const out = request({ host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers }, (up) => {
        res.writeHead(up.statusCode ?? 500, up.headers)
        up.pipe(res)
      })
      out.on('error', () => res.destroy())
      out.end(body)
    })
  })
  const port = await freePort()
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r))
  return { endpoint: `http://127.0.0.1:${port}`, refused: () => refused, stop: () => new Promise<void>((r) => server.close(() => r())) }
}

describe('a job the runner gives up on after its attempts (the table throttled, at the network edge)', () => {
  it('is failed, leaves no files, and its status URL says so', async () => {
    const tag = 'Throttledfeed'
    const accepted = await post(feed(tag))
    expect(accepted.status, accepted.text).toBe(202)
    const jobId = jobIdOf(accepted)
    // the job was already given back for a busy table as many times as the runner allows (8, each after a longer pause)
    const job = (await getJob(owner(), jobId))!
    await dynamo().send(new PutItemCommand({ TableName: config.table, Item: toAttr(jobItem({ ...job, retries: 8, version: job.version + 1 })) }))
    const direct = process.env.CADRE_DYNAMO_ENDPOINT!
    const proxy = await throttling(tag)
    process.env.CADRE_DYNAMO_ENDPOINT = proxy.endpoint
    try {
      expect(await runJob(owner(), jobId, { budgetMs: 60_000 })).toBe('finished')
    } finally {
      process.env.CADRE_DYNAMO_ENDPOINT = direct
      await proxy.stop()
    }
    expect(proxy.refused()).toBeGreaterThan(0)
    expect(await getJob(owner(), jobId)).toMatchObject({ state: 'failed', progress: { done: 0 } })
    expect(existsSync(folder(jobId))).toBe(false)
    const r = await status(pathOf(accepted))
    expect(r.status, r.text).toBe(409)
    expect(problems(r.json)).toEqual([])
    expect(r.json.issue[0]).toMatchObject({ code: 'exception', details: { coding: [{ code: 'fhir.request_failed' }] } })
    expect(r.text).not.toMatch(/Throttl|throughput|service\.unavailable/i)
  }, 60_000)
})
