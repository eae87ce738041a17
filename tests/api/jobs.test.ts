import { PutItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { app } from '../../functions/api/app'
import { config } from '../../functions/core/config'
import { dynamo } from '../../functions/core/db/client'
import { fromAttr, toAttr } from '../../functions/core/db/marshal'
import { exportKey } from '../../functions/jobs/export'
import { importFiles } from '../../functions/core/import/files'
import { feedPaths } from '../../functions/fhir/feed/async'
import { exportDir, leftoverParts } from '../../functions/jobs/files'
import { jobItem, type JobRecord } from '../../functions/jobs/record'
import { runJob } from '../../functions/jobs/runner'
import { getJob } from '../../functions/jobs/store'
import { call } from '../support/http'
import { download, runToEnd } from '../support/jobs'
import { startRecordingProxy } from '../support/recording-proxy'
import { buildWorld, person, registry, type World } from '../support/world'

// a short lease, so a "crashed" runner's job is taken over within the test; small parts, so an export
// crosses many steps
process.env.CADRE_JOB_LEASE_MS = '4000'
process.env.CADRE_EXPORT_PART_BYTES = '6000'
process.env.CADRE_EXPORT_DIR = mkdtempSync(join(tmpdir(), 'cadre-jobs-test-'))
// one file per page, so an offboarding's removal of files crosses several steps
process.env.CADRE_FILE_REMOVE_PAGE = '1'

let w: World
let admin: string
let reg: string
let target: any
const twins: Record<'a' | 'b', { district: any; sub: any; clinic: any; workers: string[] }> = {} as never
const WORKERS = 60

const ok = (r: { status: number; text: string; json: any }, status = 200) => {
  expect(r.status, r.text).toBe(status)
  return r.json
}
const post = (path: string, body: unknown, token = reg) => call('POST', path, { token, body })
const owner = () => `T#${w.a.id}`

/**
 * A runner that dies right now, after a step's writes but before its checkpoint was saved: the job goes back
 * to `snapshot`, under the dead runner's lease (as renewed by its last save).
 */
async function loseLastSave(snapshot: JobRecord) {
  const current = (await getJob(snapshot.owner, snapshot.id))!
  const leaseUntil = new Date(Date.now() + Number(process.env.CADRE_JOB_LEASE_MS)).toISOString()
  await dynamo().send(new PutItemCommand({ TableName: config.table, Item: toAttr(jobItem({ ...snapshot, leaseUntil, version: current.version + 1 })) }))
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms))

beforeAll(async () => {
  w = await buildWorld()
  admin = w.a.users['ministry-admin'].token
  reg = w.a.users.registrar.token
  const source = ok(await post('/api/v1/org-units', { name: 'Source region', level: 'region' }), 201)
  target = ok(await post('/api/v1/org-units', { name: 'Target region', level: 'region' }), 201)
  const cadreId = w.a.registry.cadre.id
  for (const twin of ['a', 'b'] as const) {
    const district = ok(await post('/api/v1/org-units', { name: `Moving ${twin}`, level: 'district', parentId: source.id }), 201)
    const sub = ok(await post('/api/v1/org-units', { name: `Ward ${twin}`, level: 'ward', parentId: district.id }), 201)
    const clinic = ok(await post('/api/v1/facilities', { name: `Clinic ${twin}`, parentId: sub.id, facilityType: 'clinic', ownership: 'public' }), 201)
    const workers: string[] = []
    for (let i = 0; i < WORKERS; i++) {
      const home = i === 0 ? clinic.id : i % 2 ? district.id : sub.id
      const day = String((i % 28) + 1).padStart(2, '0')
      const body = { givenName: `Given${twin}${i}`, familyName: `Mover${twin}${i}`, sex: i % 2 ? 'male' : 'female', birthDate: `19${60 + (i % 30)}-03-${day}`, cadreId, orgUnitId: home, confirmNotDuplicate: true }
      workers.push(ok(await post('/api/v1/workers', body), 201).id)
    }
    twins[twin] = { district, sub, clinic, workers }
  }
}, 300_000)

const versions = async (ids: string[]) => Object.fromEntries(await Promise.all(ids.map(async (id) => [id, ok(await call('GET', `/api/v1/workers/${id}`, { token: reg })).version])))

const startMove = async (unit: { id: string }, parentId: string) => {
  const current = ok(await call('GET', `/api/v1/org-units/${unit.id}`, { token: reg }))
  return call('POST', `/api/v1/org-units/${unit.id}/move`, { token: reg, body: { parentId }, headers: { 'if-match': `"${current.version}"` } })
}

/** The moved subtree's workers, with paths made relative to their twin's unit ids, for comparing twins. */
async function shapeOf(twin: 'a' | 'b') {
  const t = twins[twin]
  const rel = (path: string) => path.replaceAll(t.district.id, 'D').replaceAll(t.sub.id, 'S').replaceAll(t.clinic.id, 'C')
  const all = await Promise.all(t.workers.map(async (id) => ok(await call('GET', `/api/v1/workers/${id}`, { token: reg }))))
  return all.map((x, i) => ({ i, path: rel(x.path), version: x.version }))
}

describe('an org-unit move is a job that survives a crash', () => {
  let uninterrupted: any

  it('moves a subtree without interruption: the unit at once, the rest by the job', async () => {
    const before = await versions(twins.b.workers)
    const job = ok(await startMove(twins.b.district, target.id), 202)
    expect(job).toMatchObject({ kind: 'orgunit.move', state: 'queued', subjectId: twins.b.district.id, cancellable: false, progress: { done: 0 } })
    // one move at a time in a country
    expect((await startMove(twins.a.district, target.id)).json.code).toBe('orgunit.move_running')
    // a move cannot stop halfway
    expect((await post(`/api/v1/jobs/${job.id}/cancel`, undefined)).json.code).toBe('job.not_cancellable')
    expect(await runToEnd(owner(), job.id)).toBe('finished')
    uninterrupted = ok(await call('GET', `/api/v1/jobs/${job.id}`, { token: reg }))
    expect(uninterrupted).toMatchObject({ state: 'done', result: { nodes: 3, workers: WORKERS }, progress: { done: 2 + WORKERS, total: 2 + WORKERS } })
    const after = await versions(twins.b.workers)
    for (const id of twins.b.workers) expect(after[id]).toBe(before[id] + 1)
    expect(ok(await call('GET', `/api/v1/facilities/${twins.b.clinic.id}`, { token: reg })).path).toBe(`${target.path}${twins.b.district.id}/${twins.b.sub.id}/${twins.b.clinic.id}/`)
  }, 90_000)

  it('a runner that dies mid-move leaves its lease; the next one resumes and moves each record exactly once', async () => {
    const before = await versions(twins.a.workers)
    const job = ok(await startMove(twins.a.district, target.id), 202)
    // counting, the units, "no units left": then the first page of workers, whose checkpoint is lost
    expect(await runJob(owner(), job.id, { budgetMs: 60_000, holder: 'doomed', maxSteps: 3, release: false })).toBe('more')
    const snapshot = (await getJob(owner(), job.id))!
    expect(snapshot.phase).toBe('workers')
    expect(await runJob(owner(), job.id, { budgetMs: 60_000, holder: 'doomed', maxSteps: 1, release: false })).toBe('more')
    await loseLastSave(snapshot)
    // the lease is still held: another runner leaves the job alone until it runs out
    expect(await runJob(owner(), job.id, { budgetMs: 60_000 })).toBe('busy')

    // meanwhile readers see the unit in its new place at once, the workers following, and the job says so
    expect(ok(await call('GET', `/api/v1/org-units/${twins.a.district.id}`, { token: reg })).parentId).toBe(target.id)
    const progress = ok(await call('GET', `/api/v1/jobs/${job.id}`, { token: reg }))
    expect(progress).toMatchObject({ state: 'running', phase: 'workers', progress: { total: 2 + WORKERS } })
    const underNew = ok(await call('GET', `/api/v1/workers?orgUnitId=${twins.a.district.id}&limit=200`, { token: reg })).items.length
    expect(underNew).toBeGreaterThan(0)
    expect(underNew).toBeLessThan(WORKERS)

    await pause(Number(process.env.CADRE_JOB_LEASE_MS) + 200)
    expect(await runToEnd(owner(), job.id)).toBe('finished')

    const done = ok(await call('GET', `/api/v1/jobs/${job.id}`, { token: reg }))
    expect(done).toMatchObject({ state: 'done', result: uninterrupted.result })
    const after = await versions(twins.a.workers)
    for (const id of twins.a.workers) expect(after[id], `worker ${id} rewritten once`).toBe(before[id] + 1)
    expect(await shapeOf('a')).toEqual(await shapeOf('b'))
    expect(ok(await call('GET', `/api/v1/workers?orgUnitId=${twins.a.district.id}&limit=200`, { token: reg })).items).toHaveLength(WORKERS)
  }, 90_000)
})

/** Every item of the tenant in the table, read with a Scan: only the test may, to check the export's walk. */
async function scanTenant(tenantId: string) {
  const items: Record<string, any>[] = []
  let start: Record<string, any> | undefined
  do {
    const out = await dynamo().send(new ScanCommand({ TableName: config.table, ExclusiveStartKey: start }))
    items.push(...(out.Items ?? []).map((i) => fromAttr(i)))
    start = out.LastEvaluatedKey
  } while (start)
  const own = items.filter((i) => i.pk === `T#${tenantId}` || (String(i.pk).startsWith(`T#${tenantId}#`) && !/#(RATE|JOB)$|#IDEM#/.test(String(i.pk))))
  const memberIds = new Set(items.filter((i) => i.sk === `M#T#${tenantId}`).map((i) => i.userId))
  const accounts = items.filter((i) => memberIds.has(i.userId ?? i.id) && (i.sk === 'USER' || i.sk === 'EMAIL' || i.sk === `M#T#${tenantId}`))
  const clients = items.filter((i) => String(i.pk).startsWith('G#CLI#') && i.tenantId === tenantId)
  return [...own, ...accounts, ...clients]
}

const keyOf = (i: Record<string, unknown>) => `${i.pk}|${i.sk}`
const notExportTrace = (i: Record<string, unknown>) => !(String(i.pk).endsWith('#AUDIT') && String(i.action).startsWith('tenant.export'))

describe('a tenant export is a job that writes a file in parts', () => {
  let first: { header: any; items: Record<string, unknown>[] }

  it('holds every item of the country, found through its own keys: exactly what a scan would find', async () => {
    const job = ok(await post(`/api/v1/tenants/${w.a.id}/export`, undefined, admin), 202)
    expect(job).toMatchObject({ kind: 'tenant.export', state: 'queued', tenantId: w.a.id, cancellable: true })
    expect(await runToEnd(owner(), job.id)).toBe('finished')
    const done = ok(await call('GET', `/api/v1/jobs/${job.id}`, { token: admin }))
    expect(done.state).toBe('done')
    expect(done.progress.done).toBe(done.progress.total)
    expect(done.itemsPerSecond).toBeGreaterThan(0)
    first = await download(admin, job.id)
    expect(first.header).toMatchObject({ format: 'cadre.tenant-export.v2', tenantId: w.a.id, jobId: job.id })
    expect(first.items.length).toBe(done.result.items)
    const expected = (await scanTenant(w.a.id)).filter(notExportTrace).map(keyOf).sort()
    expect(first.items.map(keyOf).sort()).toEqual(expected)
    // many steps wrote many parts, none left behind
    expect((await getJob(owner(), job.id))!.steps).toBeGreaterThan(5)
    expect(leftoverParts(exportKey((await getJob(owner(), job.id))!))).toEqual([])
    const text = JSON.stringify(first.items)
    for (const s of ['MARKER-TB', 'T#UGA', w.b.users.registrar.email]) expect(text).not.toContain(s)
    // the file holds what sign-in needs: accounts, email guards and membership pointers
    expect(first.items.some((i) => i.sk === 'USER' && i.email === w.a.users.registrar.email)).toBe(true)
    expect(first.items.some((i) => i.pk === `G#EMAIL#${w.a.users.registrar.email}`)).toBe(true)
    // taking every person's record leaves its trace in the country's log
    const log = ok(await call('GET', '/api/v1/audit?limit=5', { token: admin }))
    expect(log.items.map((e: any) => e.action)).toContain('tenant.export')
  })

  it('a crash mid-export resumes from the checkpoint: the same file, no line twice', async () => {
    const job = ok(await post(`/api/v1/tenants/${w.a.id}/export`, undefined, admin), 202)
    expect(await runJob(owner(), job.id, { budgetMs: 60_000, holder: 'doomed', maxSteps: 3, release: false })).toBe('more')
    const snapshot = (await getJob(owner(), job.id))!
    expect(await runJob(owner(), job.id, { budgetMs: 60_000, holder: 'doomed', maxSteps: 2, release: false })).toBe('more')
    await loseLastSave(snapshot)
    const midway = ok(await call('GET', `/api/v1/jobs/${job.id}`, { token: admin }))
    expect(midway.state).toBe('running')
    expect(midway.progress.done).toBeGreaterThan(0)
    expect(midway.progress.done).toBeLessThan(midway.progress.total)
    expect(midway.secondsLeft).toBeGreaterThanOrEqual(0)
    await pause(Number(process.env.CADRE_JOB_LEASE_MS) + 200)
    expect(await runToEnd(owner(), job.id)).toBe('finished')
    const second = await download(admin, job.id)
    expect(new Set(second.items.map(keyOf)).size).toBe(second.items.length)
    // the same registry, line for line; the log has only grown (reads leave traces) since the first export
    const registry = (i: Record<string, unknown>) => !String(i.pk).endsWith('#AUDIT')
    expect(second.items.filter(registry)).toEqual(first.items.filter(registry))
    const logged = new Set(second.items.map(keyOf))
    expect(first.items.filter((i) => !registry(i) && !logged.has(keyOf(i)))).toEqual([])
    // a file removed since (by hand, by an expiry rule) is said to be gone, never a 500
    rmSync(join(process.env.CADRE_EXPORT_DIR!, String(ok(await call('GET', `/api/v1/jobs/${job.id}`, { token: admin })).result.file)))
    const gone = await call('GET', `/api/v1/jobs/${job.id}/download`, { token: admin })
    expect(gone.status).toBe(410)
    expect(gone.json.code).toBe('job.file_gone')
  })

  it('reads no other country’s data: every request names this country’s keys, and none is a Scan', async () => {
    // the global items a country owns: its members' accounts and its API clients' credentials
    const allowed = new Set((await scanTenant(w.a.id)).map((i) => String(i.pk)).filter((pk) => pk.startsWith('G#')))
    const job = ok(await post(`/api/v1/tenants/${w.a.id}/export`, undefined, admin), 202)
    const proxy = await startRecordingProxy(process.env.CADRE_DYNAMO_ENDPOINT!)
    const direct = process.env.CADRE_DYNAMO_ENDPOINT
    process.env.CADRE_DYNAMO_ENDPOINT = proxy.endpoint
    try {
      expect(await runToEnd(owner(), job.id)).toBe('finished')
    } finally {
      process.env.CADRE_DYNAMO_ENDPOINT = direct
      await proxy.stop()
    }
    const reads = proxy.log.filter((r) => ['Query', 'GetItem', 'BatchGetItem', 'Scan'].includes(r.operation))
    expect(reads.length).toBeGreaterThan(10)
    expect(reads.filter((r) => r.operation === 'Scan')).toEqual([])
    const named: string[] = []
    for (const r of reads) {
      if (r.operation === 'Query') named.push(r.body.ExpressionAttributeValues[':h'].S)
      if (r.operation === 'GetItem') named.push(r.body.Key.pk.S)
      if (r.operation === 'BatchGetItem') for (const t of Object.values<any>(r.body.RequestItems)) named.push(...t.Keys.map((k: any) => k.pk.S))
    }
    const foreign = named.filter((pk) => !(pk === `T#${w.a.id}` || pk.startsWith(`T#${w.a.id}#`) || allowed.has(pk)))
    expect(foreign).toEqual([])
  })

  it('is cancelled on request, and leaves no part of its file behind', async () => {
    const job = ok(await post(`/api/v1/tenants/${w.a.id}/export`, undefined, admin), 202)
    expect(await runJob(owner(), job.id, { budgetMs: 60_000, maxSteps: 3 })).toBe('more')
    const record = (await getJob(owner(), job.id))!
    expect(leftoverParts(exportKey(record)).length).toBeGreaterThan(0)
    const cancelled = ok(await post(`/api/v1/jobs/${job.id}/cancel`, undefined, admin))
    expect(cancelled).toMatchObject({ state: 'cancelled' })
    expect(leftoverParts(exportKey(record))).toEqual([])
    // a runner that comes for it afterwards does nothing
    expect(await runJob(owner(), job.id, { budgetMs: 60_000 })).toBe('finished')
    expect((await getJob(owner(), job.id))!.steps).toBe(record.steps)
    expect((await call('GET', `/api/v1/jobs/${job.id}/download`, { token: admin })).json.code).toBe('job.not_done')
    expect(ok(await post(`/api/v1/jobs/${job.id}/cancel`, undefined, admin)).state).toBe('cancelled')
  })
})

describe('jobs belong to their country', () => {
  it('another country’s token cannot see, cancel or download a job (404); a viewer may not list them', async () => {
    const job = ok(await post(`/api/v1/tenants/${w.a.id}/export`, undefined, admin), 202)
    for (const token of [w.b.users['ministry-admin'].token, w.b.users.registrar.token, w.platform.token]) {
      expect((await call('GET', `/api/v1/jobs/${job.id}`, { token })).status).toBe(404)
      expect((await post(`/api/v1/jobs/${job.id}/cancel`, undefined, token)).status).toBe(404)
      const list = ok(await call('GET', '/api/v1/jobs?limit=200', { token }))
      expect(list.items.map((j: any) => j.id)).not.toContain(job.id)
    }
    expect((await call('GET', `/api/v1/jobs/${job.id}/download`, { token: w.b.users['ministry-admin'].token })).status).toBe(404)
    expect((await call('GET', '/api/v1/jobs', { token: w.a.users.viewer.token })).status).toBe(403)
    // a registrar of the same country sees it, but may not take the file
    expect(ok(await call('GET', `/api/v1/jobs/${job.id}`, { token: reg })).id).toBe(job.id)
    expect((await call('GET', `/api/v1/jobs/${job.id}/download`, { token: reg })).status).toBe(403)
    expect(ok(await post(`/api/v1/jobs/${job.id}/cancel`, undefined, admin)).state).toBe('cancelled')
    expect(ok(await call('GET', '/api/v1/jobs', { token: admin })).items[0]).toMatchObject({ id: job.id, state: 'cancelled' })
  })
})

describe('offboarding is a job: export, delete, tombstone', () => {
  it('deletes everything of the country but its tombstone; it cannot be resumed meanwhile', async () => {
    ok(await call('POST', '/api/v1/tenants', { token: w.partnerA.admin.token, body: { id: 'TZA', name: 'Tanzania MoH' } }), 201)
    const tzaAdmin = await person({ kind: 'tenant', id: 'TZA' }, 'Tanzania', 'ministry-admin')
    const tzaReg = await person({ kind: 'tenant', id: 'TZA' }, 'Tanzania', 'registrar')
    const tza = await registry('TZA', tzaReg.token)
    // what the country keeps beside its registry: a population, a sharing policy, a frozen year, an import
    ok(await call('PUT', `/api/v1/indicators/populations/${tza.district.id}`, { token: tzaAdmin.token, body: { population: [{ year: 2025, value: 250_000 }] } }))
    ok(await call('PUT', '/api/v1/sharing', { token: tzaAdmin.token, body: { threshold: 5, grants: [{ indicator: 'stock', breakdown: 'national', recipient: 'donors' }] }, headers: { 'if-match': '"0"' } }))
    ok(await call('POST', '/api/v1/periods/freeze', { token: tzaAdmin.token, body: { year: 2025 }, headers: { 'if-match': '"0"' } }))
    ok(await call('POST', '/api/v1/imports', { token: tzaAdmin.token, body: { kind: 'workers', fileName: 'staff.csv', bytes: 100 } }), 201)
    ok(await post('/api/v1/tenants/TZA/suspend', undefined, w.platform.token))
    const before = await scanTenant('TZA')
    const job = ok(await post('/api/v1/tenants/TZA/offboard', undefined, w.platform.token), 202)
    expect(job).toMatchObject({ kind: 'tenant.offboard', tenantId: 'TZA', cancellable: true })
    expect((await post('/api/v1/tenants/TZA/resume', undefined, w.platform.token)).json.code).toBe('tenant.offboarding')
    expect(await runToEnd('G', job.id)).toBe('finished')
    const done = ok(await call('GET', `/api/v1/jobs/${job.id}`, { token: w.platform.token }))
    expect(done).toMatchObject({ state: 'done', result: { items: expect.any(Number), deletedItems: expect.any(Number) } })
    expect(done.result.deletedItems).toBeGreaterThan(20)
    const file = await download(w.platform.token, job.id)
    expect(file.items.map(keyOf).sort()).toEqual(before.map(keyOf).sort())
    // what is left: the tombstone, and the accounts (global: a person may serve other countries)
    const left = (await scanTenant('TZA')).filter((i) => String(i.pk).startsWith('T#'))
    expect(left.map(keyOf)).toEqual(['T#TZA|TENANT'])
    expect(left[0]!.status).toBe('offboarded')
    const login = await call('POST', '/api/v1/auth/login', { body: { email: tzaAdmin.email, password: 'test-password-123' } })
    expect(login.json.code).toBe('auth.no_membership')
    const platformLog = (await dynamo().send(new ScanCommand({ TableName: config.table }))).Items!.map((i) => fromAttr(i)).filter((i) => i.pk === 'G#AUDIT')
    expect(platformLog.filter((e) => e.entityId === 'TZA').map((e) => e.action)).toEqual(expect.arrayContaining(['tenant.offboard_start', 'tenant.offboard', 'tenant.export_download']))
  })

  it('removes the country’s files from the file store but its offboarding’s export, resumes after a crash mid-removal, and leaves other countries’ files', async () => {
    ok(await call('POST', '/api/v1/tenants', { token: w.partnerA.admin.token, body: { id: 'MWI', name: 'Malawi MoH' } }), 201)
    const mwi = await person({ kind: 'tenant', id: 'MWI' }, 'Malawi', 'ministry-admin')
    await registry('MWI', mwi.token)
    // an uploaded import file, through the upload route, and its dry run's files beside it
    const csv = new TextEncoder().encode('given_name,family_name,sex,birth_date\nAmina,Phiri,female,1990-04-02\n')
    const created = ok(await call('POST', '/api/v1/imports', { token: mwi.token, body: { kind: 'workers', fileName: 'staff.csv', bytes: csv.byteLength } }), 201)
    const sent = await app.request(created.upload.url, { method: 'PUT', headers: { authorization: `Bearer ${mwi.token}`, 'content-type': 'text/csv' }, body: csv })
    expect(sent.status).toBe(202)
    expect(await runToEnd('T#MWI', ((await sent.json()) as { jobId: string }).jobId)).toBe('finished')
    // an earlier export, and one the suspension caught halfway (its parts on disk)
    const earlier = ok(await post('/api/v1/tenants/MWI/export', undefined, mwi.token), 202)
    expect(await runToEnd('T#MWI', earlier.id)).toBe('finished')
    const halfway = ok(await post('/api/v1/tenants/MWI/export', undefined, mwi.token), 202)
    expect(await runJob('T#MWI', halfway.id, { budgetMs: 60_000, maxSteps: 2 })).toBe('more')
    // a FHIR bundle's work files and answer, written through the store as its job writes them
    const store = await importFiles()
    const feed = feedPaths('MWI', 'bundle-job')
    for (const key of [feed.bundle, feed.part(1), feed.response]) await store.write(key, '{"resourceType":"Bundle"}')
    // another country's files, and keys that begin with the same letters: none may go
    const others = [`imports/${w.a.id}/neighbour/source`, `fhir/${w.a.id}/neighbour/response.json`, `exports/${w.a.id}/neighbour.jsonl`, 'imports/MWIX/neighbour/source', 'fhir/MWIX/neighbour/work/bundle.json', 'exports/MWIX/neighbour.jsonl', 'exports/MWI.jsonl']
    for (const key of others) await store.write(key, 'not Malawi')
    const countryFiles = () => ['imports/MWI', 'fhir/MWI', 'exports/MWI'].flatMap(filesUnder)
    const before = countryFiles()
    expect(before).toEqual(expect.arrayContaining([`imports/MWI/${created.id}/source`, feed.bundle, feed.response, exportKey(earlier), `${exportKey(halfway)}.parts/000001`]))
    expect(before.length).toBeGreaterThan(8)

    ok(await post('/api/v1/tenants/MWI/suspend', undefined, w.platform.token))
    const job = ok(await post('/api/v1/tenants/MWI/offboard', undefined, w.platform.token), 202)
    // one step at a time until files are being removed, by a runner that then dies before saving a step
    let snapshot: JobRecord
    do {
      expect(await runJob('G', job.id, { budgetMs: 60_000, holder: 'doomed', maxSteps: 1, release: false })).toBe('more')
      snapshot = (await getJob('G', job.id))!
    } while ((snapshot.checkpoint as { stage: string }).stage !== 'files')
    expect(await runJob('G', job.id, { budgetMs: 60_000, holder: 'doomed', maxSteps: 1, release: false })).toBe('more')
    const midway = ok(await call('GET', `/api/v1/jobs/${job.id}`, { token: w.platform.token }))
    expect(midway).toMatchObject({ state: 'running', phase: 'files', progress: { done: 4, total: null } })
    const left = countryFiles()
    expect(left.length).toBe(before.length + 1 - 4) // the offboarding's own export was written since
    await loseLastSave(snapshot)
    await pause(Number(process.env.CADRE_JOB_LEASE_MS) + 200)
    expect(await runToEnd('G', job.id)).toBe('finished')

    const done = ok(await call('GET', `/api/v1/jobs/${job.id}`, { token: w.platform.token }))
    expect(done).toMatchObject({ state: 'done', result: { file: exportKey(job), removedFiles: left.length - 1 } })
    // all that is left of the country in the file store: its copy to hand back, still whole
    expect(countryFiles()).toEqual([exportKey(job)])
    expect((await download(w.platform.token, job.id)).items.some((i) => i.pk === 'T#MWI')).toBe(true)
    for (const key of others) expect(readFileSync(join(exportDir(), key), 'utf8'), key).toBe('not Malawi')
  })
})

/** The files in the store under a folder, as keys from its root. */
function filesUnder(folder: string) {
  const dir = join(exportDir(), folder)
  if (!existsSync(dir)) return []
  return (readdirSync(dir, { recursive: true }) as string[]).filter((name) => !statSync(join(dir, name)).isDirectory()).map((name) => `${folder}/${name}`).sort()
}
