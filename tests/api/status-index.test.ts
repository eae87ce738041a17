import { DeleteItemCommand, QueryCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { config } from '../../functions/core/config'
import { dynamo } from '../../functions/core/db/client'
import { fromAttr, toAttr } from '../../functions/core/db/marshal'
import { runJob } from '../../functions/jobs/runner'
import { call, type Reply } from '../support/http'
import { runToEnd } from '../support/jobs'
import { buildWorld, person, type Person, type World } from '../support/world'
import { importDriver } from './import-jobs'

// pages of four workers, so a small country's backfill takes several steps; a short lease, so a lost runner's job is taken up soon
process.env.CADRE_STATUS_INDEX_PAGE = '4'
process.env.CADRE_JOB_LEASE_MS = '3000'
process.env.CADRE_EXPORT_DIR = mkdtempSync(join(tmpdir(), 'cadre-status-index-'))

/**
 * A status other than `active` is listed from the sparse status index (gsi7): every worker who has it, in
 * name order, reading only them, for a country-wide user and, within their area, a district manager. Every
 * write of a worker keeps its entry right (an edit, an exit, a merge, an import, a move). A country registered
 * before the index existed lists correctly through the filtered name index until its backfill job has run,
 * and from the index after; the job resumes after a lost runner. Another country sees none of it.
 */
let w: World
let reg: string
let manager: Person
let east: any
let west: any
let midwife: any
const ids: Record<string, string> = {}

const ok = (r: Reply, status = 200) => {
  if (r.status !== status) throw new Error(`${r.status} ${r.text.slice(0, 300)}`)
  return r.json
}

/** What DynamoDB read per index partition (ScannedCount of each Query), counted at the client: nothing replaced. */
const reads = new Map<string, number>()
function installMeter() {
  dynamo().middlewareStack.add(
    (next, context) => async (args) => {
      const out = await next(args)
      if (context.commandName === 'QueryCommand') {
        const input = args.input as { IndexName?: string; ExpressionAttributeValues?: Record<string, { S?: string }> }
        const at = `${input.IndexName ?? 'table'} ${input.ExpressionAttributeValues?.[':h']?.S}`
        reads.set(at, (reads.get(at) ?? 0) + ((out.output as { ScannedCount?: number }).ScannedCount ?? 0))
      }
      return out
    },
    { step: 'initialize', name: 'statusIndexMeter' },
  )
}
/** Every page of a list, and what its queries read, by index and partition (the worker indexes only). */
async function listed(path: string, token: string) {
  reads.clear()
  const items: any[] = []
  let pages = 0
  let cursor: string | null = null
  do {
    const page: any = ok(await call('GET', cursor ? `${path}&cursor=${encodeURIComponent(cursor)}` : path, { token }))
    items.push(...page.items)
    cursor = page.cursor
    pages++
  } while (cursor && pages < 100)
  const read = Object.fromEntries([...reads].filter(([at]) => /#W[NSP]/.test(at)))
  return { names: items.map((x) => x.familyName as string), items, pages, read }
}

const newWorker = async (token: string, body: Record<string, unknown>) =>
  ok(await call('POST', '/api/v1/workers', { token, body: { sex: 'female', birthDate: '1984-03-04', cadreId: w.a.registry.cadre.id, confirmNotDuplicate: true, ...body } }), 201)
const worker = async (id: string, token = reg) => ok(await call('GET', `/api/v1/workers/${id}`, { token }))
const patch = async (id: string, body: Record<string, unknown>) =>
  ok(await call('PATCH', `/api/v1/workers/${id}`, { token: reg, body, headers: { 'if-match': `"${(await worker(id)).version}"` } }))

const SUSPENDED = ['Sueast0', 'Sueast1', 'Sueast2', 'Sumid0', 'Suwest0', 'Suwest1', 'Suwest2', 'Suwest3']

beforeAll(async () => {
  installMeter()
  w = await buildWorld()
  reg = w.a.users.registrar.token
  const unit = async (name: string) => ok(await call('POST', '/api/v1/org-units', { token: reg, body: { name, level: 'district', parentId: w.a.registry.region.id } }), 201)
  east = await unit('Status East')
  west = await unit('Status West')
  midwife = ok(await call('POST', '/api/v1/cadres', { token: reg, body: { name: 'Midwife KEN', iscoCode: '2222' } }), 201)
  manager = await person({ kind: 'tenant', id: w.a.id }, w.a.name, 'manager', east.id)
  const rows: [string, Record<string, unknown>][] = []
  // active workers first in name order: more than the pages of a rare status would read
  for (let n = 0; n < 30; n++) rows.push([`Aa${n}`, { givenName: `Filler${n}`, familyName: `Aafiller${String(n).padStart(2, '0')}`, orgUnitId: west.id }])
  for (let n = 0; n < 3; n++) rows.push([`Sueast${n}`, { givenName: `East${n}`, familyName: `Sueast${n}`, orgUnitId: east.id, status: 'suspended' }])
  for (let n = 0; n < 4; n++) rows.push([`Suwest${n}`, { givenName: `West${n}`, familyName: `Suwest${n}`, orgUnitId: west.id, status: 'suspended' }])
  for (let n = 0; n < 2; n++) rows.push([`Leave${n}`, { givenName: `Leave${n}`, familyName: `Leave${n}`, orgUnitId: east.id, status: 'on-leave' }])
  rows.push(['Sumid0', { givenName: 'Mid', familyName: 'Sumid0', orgUnitId: west.id, status: 'suspended', cadreId: midwife.id }])
  for (let i = 0; i < rows.length; i += 6) await Promise.all(rows.slice(i, i + 6).map(async ([key, body]) => (ids[key] = (await newWorker(reg, body)).id)))
}, 240_000)

describe('a status other than active is read from the status index', () => {
  it('lists every suspended worker once, in name order, across pages, reading only them', async () => {
    const first = ok(await call('GET', '/api/v1/workers?status=suspended&limit=3', { token: reg }))
    expect(first.items.map((x: any) => x.familyName)).toEqual(SUSPENDED.slice(0, 3))
    const all = await listed('/api/v1/workers?status=suspended&limit=3', reg)
    expect(all.names).toEqual(SUSPENDED)
    expect(all.items.every((x: any) => x.status === 'suspended' && !('gsi7pk' in x) && !('gsi7sk' in x))).toBe(true)
    // one partition read: the suspended workers, each once (the name index's 40 workers are never touched)
    expect(Object.keys(all.read)).toEqual([`gsi7 T#${w.a.id}#WS#suspended`])
    expect(Object.values(all.read)[0]).toBe(SUSPENDED.length)
    // in reverse, and narrowed by a name prefix, a cadre, a unit
    expect((await listed('/api/v1/workers?status=suspended&sort=-name&limit=5', reg)).names).toEqual([...SUSPENDED].reverse())
    expect((await listed('/api/v1/workers?status=suspended&q=suw&sort=name&limit=5', reg)).names).toEqual(['Suwest0', 'Suwest1', 'Suwest2', 'Suwest3'])
    expect((await listed(`/api/v1/workers?status=suspended&cadreId=${midwife.id}&limit=5`, reg)).names).toEqual(['Sumid0'])
    expect((await listed(`/api/v1/workers?status=suspended&orgUnitId=${west.id}&limit=2`, reg)).names).toEqual(['Sumid0', 'Suwest0', 'Suwest1', 'Suwest2', 'Suwest3'])
    expect((await listed('/api/v1/workers?status=on-leave&limit=5', reg)).names).toEqual(['Leave0', 'Leave1'])
    // the common status still reads the name index
    const active = await listed('/api/v1/workers?status=active&limit=200', reg)
    expect(active.names).toHaveLength(31)
    expect(Object.keys(active.read)).toEqual([`gsi1 T#${w.a.id}#WN`])
  })

  it('a district manager sees only the district’s, in name order, through the same few reads', async () => {
    const suspended = await listed('/api/v1/workers?status=suspended&limit=2', manager.token)
    expect(suspended.names).toEqual(['Sueast0', 'Sueast1', 'Sueast2'])
    expect(Object.keys(suspended.read)).toEqual([`gsi7 T#${w.a.id}#WS#suspended`])
    expect(Object.values(suspended.read)[0]).toBeLessThanOrEqual(SUSPENDED.length)
    expect((await listed('/api/v1/workers?status=on-leave&limit=5', manager.token)).names).toEqual(['Leave0', 'Leave1'])
    // the neighbouring district does not exist for them
    const outside = await call('GET', `/api/v1/workers?status=suspended&orgUnitId=${west.id}`, { token: manager.token })
    expect(outside.status).toBe(404)
    expect(outside.text).not.toContain('Suwest')
  })
})

describe('every write of a worker keeps its place in the status index', () => {
  const suspended = async () => (await listed('/api/v1/workers?status=suspended&limit=50', reg)).names

  it('an edit of the status moves the worker in and out; an edit of the name moves it within', async () => {
    await patch(ids.Aa0!, { status: 'suspended' })
    expect(await suspended()).toEqual(['Aafiller00', ...SUSPENDED])
    await patch(ids.Aa0!, { status: 'on-leave' })
    expect(await suspended()).toEqual(SUSPENDED)
    expect((await listed('/api/v1/workers?status=on-leave&limit=50', reg)).names).toEqual(['Aafiller00', 'Leave0', 'Leave1'])
    await patch(ids.Aa0!, { status: 'active' })
    expect((await listed('/api/v1/workers?status=on-leave&limit=50', reg)).names).toEqual(['Leave0', 'Leave1'])
    await patch(ids.Sueast0!, { familyName: 'Suzed' })
    expect(await suspended()).toEqual([...SUSPENDED.slice(1), 'Suzed'])
    await patch(ids.Sueast0!, { familyName: 'Sueast0' })
    expect(await suspended()).toEqual(SUSPENDED)
  })

  it('an exit takes the worker to the exited list; a merge takes the merged record out of every list', async () => {
    const leaving = await newWorker(reg, { givenName: 'Gone', familyName: 'Suexit', orgUnitId: west.id, status: 'suspended' })
    expect(await suspended()).toContain('Suexit')
    ok(await call('POST', `/api/v1/workers/${leaving.id}/exits`, { token: reg, body: { kind: 'voluntary', reason: 'emigration', date: '2025-06-01', destinationCountry: 'GBR' } }), 201)
    expect(await suspended()).toEqual(SUSPENDED)
    expect((await listed('/api/v1/workers?status=exited&limit=50', reg)).names).toEqual(['Suexit'])

    const survivor = await newWorker(reg, { givenName: 'Twin', familyName: 'Mergekeep', orgUnitId: west.id, birthDate: '1970-01-02' })
    const duplicate = await newWorker(reg, { givenName: 'Twin', familyName: 'Sumerged', orgUnitId: west.id, birthDate: '1970-01-02', status: 'suspended' })
    expect(await suspended()).toContain('Sumerged')
    ok(await call('POST', `/api/v1/workers/${survivor.id}/merge`, { token: reg, body: { duplicateId: duplicate.id } }))
    expect(await suspended()).toEqual(SUSPENDED)
    const merged = await listed('/api/v1/workers?status=merged&limit=50', reg)
    expect(merged.names).toEqual([])
    expect(merged.read).toEqual({})
  })

  it('an import that renames a suspended worker moves it within the list', async () => {
    const drive = importDriver(w.a.id)
    await newWorker(reg, { nationalId: 'NID-SI-1', givenName: 'Imported', familyName: 'Suoriginal', orgUnitId: west.id, birthDate: '1990-05-06', status: 'suspended' })
    expect(await suspended()).toContain('Suoriginal')
    const header = 'National ID,Registry number,Licensing council,Licence number,Licence issued on,Licence expires on,Given name,Family name,Sex,Birth date,Cadre,Phone,MFL code,Deployment start'
    const report = await drive.dryRun('workers', 'rename.csv', [header, 'NID-SI-1,,,,,,Imported,Suarenamed,F,1990-05-06,,,,'].join('\n'), reg)
    expect(report.byRow[2].status, JSON.stringify(report.byRow[2])).toBe('update')
    await drive.commitToEnd(report.id, reg)
    expect(await suspended()).toEqual(['Suarenamed', ...SUSPENDED])
  })

  it('a move of a district carries its suspended workers to their new place in the list', async () => {
    const moving = ok(await call('POST', '/api/v1/org-units', { token: reg, body: { name: 'Status Moving', level: 'district', parentId: w.a.registry.region.id } }), 201)
    const target = ok(await call('POST', '/api/v1/org-units', { token: reg, body: { name: 'Status Target', level: 'region' } }), 201)
    await newWorker(reg, { givenName: 'Moved', familyName: 'Sumoved', orgUnitId: moving.id, status: 'suspended' })
    const current = ok(await call('GET', `/api/v1/org-units/${moving.id}`, { token: reg }))
    const job = ok(await call('POST', `/api/v1/org-units/${moving.id}/move`, { token: reg, body: { parentId: target.id }, headers: { 'if-match': `"${current.version}"` } }), 202)
    expect(await runToEnd(`T#${w.a.id}`, job.id)).toBe('finished')
    const there = await listed(`/api/v1/workers?status=suspended&orgUnitId=${target.id}&limit=50`, reg)
    expect(there.names).toEqual(['Sumoved'])
    expect(there.items[0].path.startsWith(`/${target.id}/${moving.id}/`)).toBe(true)
    expect(Object.keys(there.read)).toEqual([`gsi7 T#${w.a.id}#WS#suspended`])
  })
})

/** A country as it was before the index: its workers without their status-index keys, and no marker. */
async function makeLegacy(tenantId: string) {
  let start: Record<string, any> | undefined
  let stripped = 0
  do {
    const out = await dynamo().send(
      new QueryCommand({ TableName: config.table, IndexName: 'gsi2', KeyConditionExpression: 'gsi2pk = :p', ExpressionAttributeValues: { ':p': { S: `T#${tenantId}#WP` } }, ExclusiveStartKey: start }),
    )
    for (const raw of out.Items ?? []) {
      const item = fromAttr<any>(raw)
      if (item.gsi7pk === undefined) continue
      await dynamo().send(new UpdateItemCommand({ TableName: config.table, Key: toAttr({ pk: item.pk, sk: item.sk }), UpdateExpression: 'REMOVE gsi7pk, gsi7sk' }))
      stripped++
    }
    start = out.LastEvaluatedKey
  } while (start)
  await dynamo().send(new DeleteItemCommand({ TableName: config.table, Key: toAttr({ pk: `T#${tenantId}#IDX`, sk: 'WS' }) }))
  return stripped
}
const rawWorker = async (tenantId: string, id: string) => {
  const out = await dynamo().send(new QueryCommand({ TableName: config.table, KeyConditionExpression: 'pk = :p AND sk = :s', ExpressionAttributeValues: toAttr({ ':p': `T#${tenantId}#W#${id}`, ':s': 'W' }), ConsistentRead: true }))
  return fromAttr<any>(out.Items![0]!)
}

describe('a country registered before the index: the filtered name index until its backfill has run', () => {
  const C = 'TZA'
  let creg: Person
  const cids: Record<string, string> = {}
  const LEGACY_SUSPENDED = ['Tsus0', 'Tsus1', 'Tsus2', 'Tsus3', 'Tsus4']

  beforeAll(async () => {
    ok(await call('POST', '/api/v1/tenants', { token: w.partnerA.admin.token, body: { id: C, name: 'Tanzania MARKER-TC', population: [{ year: 2025, value: 60_000_000 }] } }), 201)
    creg = await person({ kind: 'tenant', id: C }, 'Tanzania MARKER-TC', 'registrar')
    const cadre = ok(await call('POST', '/api/v1/cadres', { token: creg.token, body: { name: 'Nurse TZA', iscoCode: '2221' } }), 201)
    const rows: [string, Record<string, unknown>][] = []
    for (let n = 0; n < 12; n++) rows.push([`Ta${n}`, { givenName: `Act${n}`, familyName: `Tact${String(n).padStart(2, '0')}` }])
    for (let n = 0; n < 5; n++) rows.push([`Tsus${n}`, { givenName: `Sus${n}`, familyName: `Tsus${n}`, status: 'suspended' }])
    for (let i = 0; i < rows.length; i += 6)
      await Promise.all(rows.slice(i, i + 6).map(async ([key, body]) => (cids[key] = ok(await call('POST', '/api/v1/workers', { token: creg.token, body: { sex: 'male', birthDate: '1979-09-09', cadreId: cadre.id, confirmNotDuplicate: true, ...body } }), 201).id)))
    expect(await makeLegacy(C)).toBe(5)
    // and a key left wrong: an active worker still indexed as suspended
    await dynamo().send(new UpdateItemCommand({ TableName: config.table, Key: toAttr({ pk: `T#${C}#W#${cids.Ta3}`, sk: 'W' }), UpdateExpression: 'SET gsi7pk = :p, gsi7sk = :s', ExpressionAttributeValues: toAttr({ ':p': `T#${C}#WS#suspended`, ':s': `tact03 act3#${cids.Ta3}` }) }))
  }, 120_000)

  it('lists correctly from the name index, then, after the backfill (resumed after a lost runner), from the status index', async () => {
    const before = await listed('/api/v1/workers?status=suspended&limit=2', creg.token)
    expect(before.names).toEqual(LEGACY_SUSPENDED)
    expect(Object.keys(before.read)).toEqual([`gsi1 T#${C}#WN`])

    // only the platform starts it; one at a time per country
    for (const token of [w.a.users['ministry-admin'].token, w.partnerA.admin.token, creg.token]) expect((await call('POST', `/api/v1/tenants/${C}/status-index`, { token })).status).toBe(403)
    expect((await call('POST', '/api/v1/tenants/MWI/status-index', { token: w.platform.token })).status).toBe(404)
    const job = ok(await call('POST', `/api/v1/tenants/${C}/status-index`, { token: w.platform.token }), 202)
    expect(job).toMatchObject({ kind: 'workers.status_index', state: 'queued', tenantId: C })
    // the country's own log says the platform started it
    const log = await dynamo().send(new QueryCommand({ TableName: config.table, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: toAttr({ ':pk': `T#${C}#AUDIT` }) }))
    expect((log.Items ?? []).map((i) => fromAttr<{ action: string; entityId: string }>(i)).filter((e) => e.action === 'tenant.status_index').map((e) => e.entityId)).toEqual([C])
    const again = await call('POST', `/api/v1/tenants/${C}/status-index`, { token: w.platform.token })
    expect([again.status, again.json.code]).toEqual([409, 'tenant.status_index_running'])
    // the job is the platform's: the country's own admin does not see it
    expect((await call('GET', `/api/v1/jobs/${job.id}`, { token: w.a.users['ministry-admin'].token })).status).toBe(404)

    // a runner lost after the count and two pages of four: the list still reads the name index, and is right
    expect(await runJob('G', job.id, { budgetMs: 60_000, holder: 'lost', maxSteps: 3, release: false })).toBe('more')
    const halfway = ok(await call('GET', `/api/v1/jobs/${job.id}`, { token: w.platform.token }))
    expect(halfway).toMatchObject({ state: 'running', phase: 'indexing', progress: { done: 8, total: 17 } })
    const meanwhile = await listed('/api/v1/workers?status=suspended&limit=2', creg.token)
    expect(meanwhile.names).toEqual(LEGACY_SUSPENDED)
    expect(Object.keys(meanwhile.read)).toEqual([`gsi1 T#${C}#WN`])
    // a worker changed while the backfill runs is indexed by its own write
    await call('PATCH', `/api/v1/workers/${cids.Ta11}`, { token: creg.token, body: { status: 'suspended' }, headers: { 'if-match': `"${(await worker(cids.Ta11!, creg.token)).version}"` } }).then(ok)

    // the lease runs out; another runner goes on from the last checkpoint
    for (const until = Date.now() + 60_000; ; ) {
      const outcome = await runJob('G', job.id, { budgetMs: 60_000 })
      if (outcome === 'finished') break
      expect(outcome).toBe('busy')
      if (Date.now() > until) throw new Error('the lost runner’s lease never ran out')
      await new Promise((r) => setTimeout(r, 250))
    }
    const done = ok(await call('GET', `/api/v1/jobs/${job.id}`, { token: w.platform.token }))
    // 17 workers (12 active, 5 suspended): the 5 suspended indexed, the wrong key taken away (the edited one had its own)
    expect(done).toMatchObject({ state: 'done', progress: { done: 17, total: 17 }, result: { workers: 17, indexed: 6 } })
    expect((await rawWorker(C, cids.Ta3!)).gsi7pk).toBeUndefined()

    const after = await listed('/api/v1/workers?status=suspended&limit=2', creg.token)
    expect(after.names).toEqual(['Tact11', ...LEGACY_SUSPENDED])
    expect(after.read).toEqual({ [`gsi7 T#${C}#WS#suspended`]: 6 })

    // run again, it finds every key in place
    const rerun = ok(await call('POST', `/api/v1/tenants/${C}/status-index`, { token: w.platform.token }), 202)
    expect(await runToEnd('G', rerun.id)).toBe('finished')
    expect(ok(await call('GET', `/api/v1/jobs/${rerun.id}`, { token: w.platform.token })).result).toEqual({ workers: 17, indexed: 0 })
  }, 120_000)
})

describe('tenant isolation', () => {
  it('another country lists none of these, by any status, and cannot reach them by id', async () => {
    const b = w.b.users.registrar.token
    for (const status of ['suspended', 'on-leave', 'exited']) {
      const page = await listed(`/api/v1/workers?status=${status}&limit=50`, b)
      expect(page.names.filter((n) => /^(Su|Leave|Tsus|Aa)/.test(n)), status).toEqual([])
      expect(Object.keys(page.read).every((at) => at.includes(`T#${w.b.id}#`))).toBe(true)
    }
    // A's unit and cadre in B's list: 404 / nothing, never A's rows
    const unit = await call('GET', `/api/v1/workers?status=suspended&orgUnitId=${west.id}`, { token: b })
    expect(unit.status).toBe(404)
    const cadre = await call('GET', `/api/v1/workers?status=suspended&cadreId=${midwife.id}`, { token: b })
    expect(cadre.text).not.toContain('Sumid0')
    // A's cursor does not open B's list
    const first = ok(await call('GET', '/api/v1/workers?status=suspended&limit=2', { token: reg }))
    const crossed = await call('GET', `/api/v1/workers?status=suspended&limit=2&cursor=${encodeURIComponent(first.cursor)}`, { token: b })
    expect([crossed.status, crossed.json.code]).toEqual([400, 'cursor.invalid'])
    // B's people cannot build A's index
    expect((await call('POST', `/api/v1/tenants/${w.a.id}/status-index`, { token: w.b.users['ministry-admin'].token })).status).toBe(403)
  })
})
