import { BatchWriteItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { withActor } from '../../functions/core/actor'
import { auditItem, isView } from '../../functions/core/audit/event'
import { config } from '../../functions/core/config'
import { dynamo } from '../../functions/core/db/client'
import { keys } from '../../functions/core/db/keys'
import { fromAttr, toAttr, type Item } from '../../functions/core/db/marshal'
import { call, type Reply } from '../support/http'
import { buildWorld, type World } from '../support/world'

/**
 * A much-read worker: 300 reads beside a few changes. The changes are one key range of the worker's history
 * index and the reads another, so `/history` and `/record` read the changes alone, and the audit log of the
 * record pages through the reads, or through both merged, without loss or repeat. A read stored in the old
 * layout (among the changes) is still left out of the history and still counted as a read.
 */
let w: World
let workerId = ''
let legacyReadId = ''
const READS = 300

const ok = (r: Reply, status = 200) => {
  expect(r.status, r.text.slice(0, 300)).toBe(status)
  return r.json
}

/** Items a DynamoDB query of the worker's history index examined (its ScannedCount), per request. */
let scanned = 0
const meter = 'historyRangesMeter'
function installMeter() {
  dynamo().middlewareStack.add(
    (next, context) => async (args) => {
      const out = await next(args)
      const input = args.input as { IndexName?: string; ExpressionAttributeValues?: Record<string, { S?: string }> }
      const onHistory = context.commandName === 'QueryCommand' && input.IndexName === 'gsi1' && input.ExpressionAttributeValues?.[':h']?.S?.endsWith(`#HIST#${workerId}`)
      if (onHistory) scanned += (out.output as { ScannedCount?: number }).ScannedCount ?? 0
      return out
    },
    { step: 'initialize', name: meter },
  )
}

async function writeDirect(items: Item[]) {
  for (let i = 0; i < items.length; i += 25) {
    let pending = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item: toAttr(Item) } }))
    while (pending.length) {
      const out = await dynamo().send(new BatchWriteItemCommand({ RequestItems: { [config.table]: pending } }))
      pending = (out.UnprocessedItems?.[config.table] ?? []) as typeof pending
    }
  }
}

/** The truth: every event of the worker in the country's audit log itself (not the history index), newest first. */
async function logged() {
  const events: any[] = []
  let start: Record<string, any> | undefined
  do {
    const out = await dynamo().send(
      new QueryCommand({
        TableName: config.table,
        KeyConditionExpression: 'pk = :p',
        FilterExpression: 'entityId = :e',
        ExpressionAttributeValues: { ':p': { S: `T#${w.a.id}#AUDIT` }, ':e': { S: workerId } },
        ScanIndexForward: false,
        ExclusiveStartKey: start,
      }),
    )
    events.push(...(out.Items ?? []).map((i) => fromAttr<any>(i)))
    start = out.LastEvaluatedKey
  } while (start)
  return { events, all: events.map((e) => e.id), reads: events.filter((e) => isView(e.action)).map((e) => e.id), changes: events.filter((e) => !isView(e.action)).map((e) => e.id) }
}

/** Every page of a list, following its cursor; the pages' ids in the order shown. */
async function pages(path: string, token: string) {
  const ids: string[] = []
  let cursor: string | null = null
  let rounds = 0
  do {
    const sep = path.includes('?') ? '&' : '?'
    const page = ok(await call('GET', `${path}${cursor ? `${sep}cursor=${encodeURIComponent(cursor)}` : ''}`, { token }))
    ids.push(...page.items.map((e: any) => e.id))
    cursor = page.cursor
    expect(++rounds, 'pages never end').toBeLessThan(400)
  } while (cursor)
  return ids
}

beforeAll(async () => {
  w = await buildWorld()
  const token = w.a.users.registrar.token
  const r = w.a.registry
  // changes: the registration, a licence, a deployment
  const worker = ok(await call('POST', '/api/v1/workers', { token, body: { givenName: 'Much', familyName: 'Looked', sex: 'female', birthDate: '1981-06-07', cadreId: r.cadre.id, orgUnitId: r.district.id, confirmNotDuplicate: true } }), 201)
  workerId = worker.id
  ok(await call('POST', `/api/v1/workers/${workerId}/licences`, { token, body: { council: 'Council KEN', number: 'HR-1', issuedAt: '2024-01-01', expiresAt: '2029-01-01' } }), 201)
  // reads through the API, by the registrar, older than the bulk of reads below
  for (let i = 0; i < 3; i++) ok(await call('GET', `/api/v1/workers/${workerId}`, { token }))
  ok(await call('POST', `/api/v1/workers/${workerId}/deployments`, { token, body: { facilityId: r.facility.id, position: 'Nurse', startDate: '2025-01-01' } }), 201)
  // many reads, written directly (as the bench does), by a system actor of the country
  const system = { kind: 'system', requestId: 'history-ranges', reason: 'test', tenantId: w.a.id } as const
  const items = withActor(system, () => Array.from({ length: READS }, () => auditItem({ action: 'worker.read', entityType: 'worker', entityId: workerId })))
  // a read stored in the layout before reads were filed apart: under the changes' key range
  const legacy = withActor(system, () => auditItem({ action: 'worker.read', entityType: 'worker', entityId: workerId }))
  legacyReadId = legacy.id
  await writeDirect([...items, { ...legacy, gsi1sk: legacy.id }])
  installMeter()
}, 120_000)
afterAll(() => {
  dynamo().middlewareStack.remove(meter)
})

describe('a much-read worker: changes and reads are apart in the history index', () => {
  it('the changes key range holds the changes and nothing written since, the reads range every new read', async () => {
    const range = async (prefix: string) => {
      const out = await dynamo().send(
        new QueryCommand({
          TableName: config.table,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :h AND gsi1sk BETWEEN :a AND :b',
          ExpressionAttributeValues: toAttr({ ':h': `T#${w.a.id}#HIST#${workerId}`, ':a': prefix, ':b': `${prefix}\u{10FFFF}` }),
        }),
      )
      return (out.Items ?? []).map((i) => fromAttr<any>(i))
    }
    const truth = await logged()
    const changes = await range(keys.historyChanges())
    // the legacy read is the one read there: every read written now is filed in the reads range
    expect(changes.map((e) => e.id).sort()).toEqual([...truth.changes, legacyReadId].sort())
    const reads = await range(keys.historyReads())
    expect(reads.length).toBeGreaterThanOrEqual(READS + 3)
    expect(reads.every((e) => isView(e.action))).toBe(true)
  })

  it('/history shows exactly the changes, newest first, page by page, and reads nothing of the reads', async () => {
    const token = w.a.users.registrar.token
    const { changes } = await logged()
    expect(changes.length).toBeGreaterThanOrEqual(3)
    scanned = 0
    expect(await pages(`/api/v1/workers/${workerId}/history?limit=2`, token)).toEqual(changes)
    // the changes and the one legacy read, each page reading on from the last key: never the 300 reads
    expect(scanned).toBeLessThanOrEqual(changes.length + 1)
    scanned = 0
    ok(await call('GET', `/api/v1/workers/${workerId}/history`, { token }))
    expect(scanned).toBe(changes.length + 1)
  })

  it('/record has exactly the changes in its history, reading only them', async () => {
    const { changes } = await logged()
    scanned = 0
    const rec = ok(await call('GET', `/api/v1/workers/${workerId}/record`, { token: w.a.users.registrar.token }))
    expect(rec.history.map((e: any) => e.id).sort()).toEqual([...changes].sort())
    expect(rec.history.map((e: any) => e.action)).not.toContain('worker.read')
    expect(scanned).toBe(changes.length + 1)
  })

  it('the audit log of the record pages through exactly the reads (the legacy one too), newest first', async () => {
    const admin = w.a.users['ministry-admin'].token
    const { reads } = await logged()
    expect(reads).toContain(legacyReadId)
    expect(await pages(`/api/v1/audit?entityId=${workerId}&views=only&limit=50`, admin)).toEqual(reads)
  })

  it('leaves the reads out on request, the legacy one too', async () => {
    const admin = w.a.users['ministry-admin'].token
    const { changes } = await logged()
    expect(await pages(`/api/v1/audit?entityId=${workerId}&views=without&limit=2`, admin)).toEqual(changes)
  })

  it('pages through reads and changes merged, in order, without loss or repeat', async () => {
    const admin = w.a.users['ministry-admin'].token
    const { all } = await logged()
    // small pages, a prime number and the most allowed: each page boundary falls elsewhere (pages of one made
    // 300 requests, over a minute on a loaded machine)
    for (const limit of [3, 37, 200]) expect(await pages(`/api/v1/audit?entityId=${workerId}&limit=${limit}`, admin)).toEqual(all)
  }, 150_000)

  it('a filter that thins the pages (who acted) still pages through every match in order', async () => {
    const admin = w.a.users['ministry-admin'].token
    const registrar = w.a.users.registrar.email
    const events = (await logged()).events.filter((e) => e.actor.email === registrar)
    const mine = events.map((e) => e.id)
    expect(mine.length).toBeGreaterThanOrEqual(6)
    // 300 reads by another actor lie among the registrar's: pages come back thin, the cursor carries on
    expect(await pages(`/api/v1/audit?entityId=${workerId}&actor=${encodeURIComponent(registrar)}&limit=2`, admin)).toEqual(mine)
    const reads = events.filter((e) => e.action === 'worker.read').map((e) => e.id)
    expect(await pages(`/api/v1/audit?entityId=${workerId}&action=worker.read&actor=${encodeURIComponent(registrar)}&limit=2`, admin)).toEqual(reads)
  })

  it('refuses a cursor that is not one of its own', async () => {
    const admin = w.a.users['ministry-admin'].token
    const logCursor = ok(await call('GET', '/api/v1/audit?limit=1', { token: admin })).cursor
    // a bare event id (what the cursor holds, unsealed) is refused too: cursors are sealed to their list
    const shownId = ok(await call('GET', `/api/v1/audit?entityId=${workerId}&limit=1`, { token: admin })).items[0].id
    for (const cursor of ['not-a-cursor', logCursor, 'aud_' + 'Z'.repeat(26), shownId]) {
      const r = await call('GET', `/api/v1/audit?entityId=${workerId}&cursor=${encodeURIComponent(cursor)}`, { token: admin })
      expect(r.status, r.text).toBe(400)
      expect(r.json.code).toBe('cursor.invalid')
    }
  })

  it('another country gets nothing of the record, whatever it names, and cannot use its cursor', async () => {
    const b = w.b.users['ministry-admin'].token
    const cursor = ok(await call('GET', `/api/v1/audit?entityId=${workerId}&limit=5`, { token: w.a.users['ministry-admin'].token })).cursor
    for (const views of ['with', 'only', 'without']) {
      const page = ok(await call('GET', `/api/v1/audit?entityId=${workerId}&views=${views}`, { token: b }))
      expect(page.items).toEqual([])
      // A's cursor is sealed to A's record: refused, as every list's cursor is in another country
      const further = await call('GET', `/api/v1/audit?entityId=${workerId}&views=${views}&cursor=${encodeURIComponent(cursor)}`, { token: b })
      expect([further.status, further.json.code]).toEqual([400, 'cursor.invalid'])
    }
    for (const what of ['history', 'record']) expect((await call('GET', `/api/v1/workers/${workerId}/${what}`, { token: w.b.users.registrar.token })).status).toBe(404)
  })
})
