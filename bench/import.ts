import { BatchWriteItemCommand } from '@aws-sdk/client-dynamodb'
import { randomBytes } from 'node:crypto'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { app } from '../functions/api/app'
import { asTenantSystem, withActor } from '../functions/core/actor'
import { auditItem } from '../functions/core/audit/event'
import { config } from '../functions/core/config'
import { dynamo } from '../functions/core/db/client'
import { ensureTable } from '../functions/core/db/create-table'
import { keys } from '../functions/core/db/keys'
import { toAttr, type Item } from '../functions/core/db/marshal'
import { deploymentItem } from '../functions/core/deployment'
import { newId } from '../functions/core/id'
import { licenceItem, licenceNumberKey } from '../functions/core/licence'
import { provisionUser } from '../functions/core/user/provision'
import { workerWrites } from '../functions/core/worker/item'
import type { WorkerInfo } from '../functions/core/worker/schema'
import { runJob } from '../functions/jobs/runner'
import { startDynamoLocal } from '../functions/local/dynamo-local'

/**
 * `tsx bench/import.ts`: an import of BENCH_IMPORT_ROWS worker rows (default 50,000), each with a licence
 * and a deployment, through the API and its jobs, against DynamoDB Local: the dry run's rows per second, the
 * commit's, and the commit's ratio to a raw BatchWriteItem loop writing the same items (worker, identifier
 * guards, deployment, licence, the row's marker, three audit events) to the same table in the same run.
 * Then the CSV export of the registry: time and the process's peak memory.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true'
process.env.CADRE_JWT_SECRET = randomBytes(48).toString('base64url')
process.env.CADRE_TABLE = 'bench-import'
process.env.CADRE_SCRYPT_N = '1024'
process.env.CADRE_RATE_TENANT_PER_S = '100000'
process.env.CADRE_RATE_USER_PER_S = '100000'
const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 50_000)
const PASSWORD = 'bench-password-123'
process.env.CADRE_EXPORT_DIR = mkdtempSync(join(tmpdir(), 'cadre-bench-import-'))
const log = (s: string) => console.log(`· ${s}`)

const db = await startDynamoLocal()
process.env.CADRE_DYNAMO_ENDPOINT = db.endpoint
await ensureTable(dynamo(), config.table)

let peak = 0
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50)
const mb = (n: number) => `${Math.round(n / 1024 / 1024)} MB`

async function request(method: string, path: string, token: string, body?: unknown) {
  const res = await app.request(path, { method, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined })
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`)
  return res.json() as Promise<any>
}
async function login(email: string) {
  const res = await app.request('/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: PASSWORD }) })
  return ((await res.json()) as { accessToken: string }).accessToken
}
async function runToEnd(tenantId: string, jobId: string) {
  while ((await runJob(`T#${tenantId}`, jobId, { budgetMs: 60_000 })) === 'more');
}

/** A country with its ministry admin, 20 facilities with MFL codes and a cadre. */
async function country(id: string) {
  const system = { kind: 'system', requestId: 'bench', reason: 'bench' } as const
  const platform = await withActor(system, () => provisionUser({ email: `platform-${id}@bench.example`, name: 'p', password: PASSWORD }, { kind: 'global' }, 'Cadre', 'platform-admin'))
  const ptoken = await login(platform.email)
  const partner = await request('POST', '/api/v1/partners', ptoken, { name: `Partner ${id}` })
  await request('POST', '/api/v1/tenants', ptoken, { id, name: id, partnerId: partner.id })
  await withActor({ ...system, tenantId: id }, () => provisionUser({ email: `admin-${id}@bench.example`, name: 'a', password: PASSWORD }, { kind: 'tenant', id }, id, 'ministry-admin'))
  const token = await login(`admin-${id}@bench.example`)
  const region = await request('POST', '/api/v1/org-units', token, { name: 'Region' })
  const district = await request('POST', '/api/v1/org-units', token, { name: 'District', parentId: region.id })
  const facilities = []
  for (let f = 0; f < 20; f++) facilities.push(await request('POST', '/api/v1/facilities', token, { name: `Facility ${f}`, parentId: district.id, facilityType: 'health-centre', ownership: 'public', codes: { mfl: String(20000 + f) } }))
  const cadre = await request('POST', '/api/v1/cadres', token, { name: 'Registered Nurse', iscoCode: '2221' })
  return { id, token, facilities, cadre }
}

const pad = (n: number) => String(n).padStart(2, '0')
function csvOf(rows: number) {
  const lines = ['National ID,Given name,Family name,Sex,Birth date,Cadre,Facility code,Licensing council,Licence number,Licence issued on,Licence expires on,Deployment start']
  for (let n = 0; n < rows; n++)
    lines.push(`BN-${n},Given${n},Family${n % 997},${n % 2 ? 'F' : 'M'},${1960 + (n % 40)}-${pad(1 + (n % 12))}-${pad(1 + (n % 28))},Registered Nurse,${20000 + (n % 20)},Nursing Council,BL-${n},2024-01-01,2027-12-31,2025-01-01`)
  return new TextEncoder().encode(`${lines.join('\n')}\n`)
}

log(`fixtures: a country, 20 facilities; a file of ${ROWS} worker rows`)
const ken = await country('KEN')
const file = csvOf(ROWS)
log(`file: ${mb(file.byteLength)}`)

const created = await request('POST', '/api/v1/imports', ken.token, { kind: 'workers', fileName: 'bench.csv', bytes: file.byteLength })
let started = Date.now()
const put = await app.request(created.upload.url, { method: 'PUT', headers: { authorization: `Bearer ${ken.token}` }, body: file })
if (put.status !== 202) throw new Error(await put.text())
const upload = (Date.now() - started) / 1000
const checkJob = ((await put.json()) as { jobId: string }).jobId
started = Date.now()
await runToEnd('KEN', checkJob)
const dry = (Date.now() - started) / 1000
const checked = await request('GET', `/api/v1/imports/${created.id}?limit=1`, ken.token)
if (checked.counts.valid !== ROWS) throw new Error(`dry run: ${JSON.stringify(checked.counts)}`)
log(`upload ${upload.toFixed(1)} s; dry run ${dry.toFixed(1)} s: ${Math.round(ROWS / dry)} rows/s`)

started = Date.now()
const commit = await request('POST', `/api/v1/imports/${created.id}/commit`, ken.token)
await runToEnd('KEN', commit.jobId)
const committed = (Date.now() - started) / 1000
const done = await request('GET', `/api/v1/imports/${created.id}?limit=1`, ken.token)
if (done.committed.created !== ROWS) throw new Error(`commit: ${JSON.stringify(done.committed)}`)
log(`commit ${committed.toFixed(1)} s: ${Math.round(ROWS / committed)} rows/s`)

// the same items, written raw: what each committed row wrote, by the same builders, with BatchWriteItem
const uga = await country('UGA')
started = Date.now()
const raw = await asTenantSystem('UGA', 'bench', async () => {
  const actor = { kind: 'system', requestId: 'bench', reason: 'bench', tenantId: 'UGA' } as const
  let items: Item[] = []
  let written = 0
  const flush = async (force = false) => {
    while (items.length >= 25 * 16 || (force && items.length)) {
      const chunk = items.splice(0, 25 * 16)
      await Promise.all(Array.from({ length: Math.ceil(chunk.length / 25) }, (_, i) => batch(chunk.slice(i * 25, i * 25 + 25))))
      written += chunk.length
    }
  }
  return withActor(actor, async () => {
    const now = new Date().toISOString()
    for (let n = 0; n < ROWS; n++) {
      const facility = uga.facilities[n % 20]
      const w = { id: newId('worker'), nationalId: `BN-${n}`, givenName: `Given${n}`, familyName: `Family${n % 997}`, sex: 'female', birthDate: '1980-01-01', cadreId: uga.cadre.id, qualifications: [], contacts: {}, status: 'active', trainingOrigin: 'unknown', facilityId: facility.id, orgUnitId: facility.parentId, path: facility.path, version: 1, createdAt: now, updatedAt: now } as WorkerInfo
      const d = { id: newId('deployment'), workerId: w.id, facilityId: facility.id, facilityName: facility.name, position: 'Registered Nurse', cadreId: w.cadreId, sector: 'public', fte: 1, startDate: '2025-01-01', fundingSource: 'government', version: 1, createdAt: now, updatedAt: now }
      const l = { id: newId('licence'), workerId: w.id, council: 'Nursing Council', number: `BL-${n}`, issuedAt: '2024-01-01', expiresAt: '2027-12-31', status: 'active', renewals: [], actions: [], version: 1, createdAt: now, updatedAt: now }
      for (const wr of workerWrites(w, 'absent')) if ('put' in wr) items.push(wr.put)
      items.push({ ...keys.nationalId(w.nationalId!), workerId: w.id }, deploymentItem(d as never), licenceItem(l as never), { ...licenceNumberKey(l.council, l.number), licenceId: l.id, workerId: w.id })
      items.push({ ...keys.importRow('0'.repeat(64), n + 2), importId: 'imp_bench', outcome: 'created', entityId: w.id })
      for (const action of ['worker.create', 'deployment.create', 'licence.create']) items.push(auditItem({ action, entityType: 'worker', entityId: w.id, after: action === 'worker.create' ? w : action === 'licence.create' ? l : d }))
      await flush()
    }
    await flush(true)
    return written
  })
})
const rawSeconds = (Date.now() - started) / 1000
log(`raw BatchWriteItem of the same ${raw} items: ${rawSeconds.toFixed(1)} s: ${Math.round(ROWS / rawSeconds)} rows/s`)

async function batch(items: Item[]) {
  let pending = items.map((Item) => ({ PutRequest: { Item: toAttr(Item) } }))
  for (let attempt = 0; pending.length; attempt++) {
    if (attempt) await new Promise((r) => setTimeout(r, 20 * attempt))
    const out = await dynamo().send(new BatchWriteItemCommand({ RequestItems: { [config.table]: pending } }))
    pending = (out.UnprocessedItems?.[config.table] ?? []) as typeof pending
  }
}

// the CSV export of the registry, streamed: time, and the process's memory while it runs
peak = 0
const before = process.memoryUsage().rss
started = Date.now()
// signed in afresh: a 50,000-row run outlasts the 15-minute access token it started with
const res = await app.request('/api/v1/exports/workers.csv', { headers: { authorization: `Bearer ${await login(`admin-${ken.id}@bench.example`)}` } })
if (res.status !== 200) throw new Error(`the CSV export answered ${res.status}: ${await res.text()}`)
let bytes = 0
for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) bytes += chunk.byteLength
const exportSeconds = (Date.now() - started) / 1000
log(`export of ${ROWS} workers: ${exportSeconds.toFixed(1)} s, ${mb(bytes)}; memory ${mb(before)} before, ${mb(peak)} at most while exporting`)

clearInterval(sampler)
console.log(
  JSON.stringify({
    rows: ROWS, uploadSeconds: upload, dryRunRowsPerSecond: Math.round(ROWS / dry), commitRowsPerSecond: Math.round(ROWS / committed),
    rawRowsPerSecond: Math.round(ROWS / rawSeconds), ratio: Number((rawSeconds / committed).toFixed(3)), exportSeconds, exportBytes: bytes, rssBefore: before, rssPeak: peak,
  }),
)
await db.stop()
process.exit(0)
