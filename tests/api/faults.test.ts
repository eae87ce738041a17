import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dynamo } from '../../functions/core/db/client'
import { call, type Reply } from '../support/http'
import { startFaultProxy } from '../support/fault-proxy'
import { scanTable, type Stored } from '../support/table-snapshot'
import { buildWorld, type World } from '../support/world'

/**
 * DynamoDB throttling that outlasts the SDK's own retries (each refused request is refused for as many
 * attempts as the SDK makes, so the fault reaches the application), and transactions whose answer is lost
 * after DynamoDB applied them (the SDK sends the write again). Clients retry on 503 with the same
 * Idempotency-Key, as the console's outbox does. What a user sees: 503 with Retry-After, never a 500; and,
 * counted in the table afterwards, every write exactly once with exactly one audit event.
 */
let w: World
let proxy: Awaited<ReturnType<typeof startFaultProxy>>
let sdkAttempts: number
const direct = process.env.CADRE_DYNAMO_ENDPOINT!

beforeAll(async () => {
  w = await buildWorld()
  proxy = await startFaultProxy(direct, { faultRate: 0, delayRate: 0.1, delayMs: 30 })
  process.env.CADRE_DYNAMO_ENDPOINT = proxy.endpoint
  // the application's own client, as configured: how many attempts it makes before giving up
  sdkAttempts = await dynamo().config.maxAttempts()
}, 120_000)

afterAll(async () => {
  process.env.CADRE_DYNAMO_ENDPOINT = direct
  await proxy?.stop()
})

/** Faults that the SDK cannot retry away, and lost answers on a share of committed transactions. */
const hard = () => ({ faultRate: 0.08, persist: sdkAttempts, lostAnswerRate: 0.25, lostThenThrottled: 0.7 })
const calm = { faultRate: 0, lostAnswerRate: 0, lostThenThrottled: 0 }

/** A client that does what the outbox does: the same Idempotency-Key until the server gives a final answer. */
async function persistently(method: string, path: string, token: string, body: unknown, key: string, headers: Record<string, string> = {}) {
  const replies: Reply[] = []
  for (let attempt = 0; attempt < 40; attempt++) {
    const r = await call(method, path, { token, body, headers: { 'idempotency-key': key, ...headers } })
    replies.push(r)
    if (r.status !== 503) return { final: r, replies }
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  throw new Error(`never landed: ${replies.map((r) => r.status).join(',')}`)
}

/** What a user saw: no 500, every 503 telling when to come back. */
function expectHonest(replies: Reply[]) {
  expect(replies.filter((r) => r.status >= 500 && r.status !== 503).map((r) => `${r.status} ${r.text.slice(0, 200)}`)).toEqual([])
  for (const r of replies.filter((r) => r.status === 503)) {
    expect(r.headers.get('retry-after'), r.text).toMatch(/^\d+$/)
    expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(r.json?.code).toBe('service.unavailable')
  }
}

const auditOf = (table: Stored[], action: string, entityId: string) => table.filter((i) => i.pk === `T#${w.a.id}#AUDIT` && i.action === action && i.entityId === entityId)

describe('under DynamoDB faults that outlast the SDK’s retries', () => {
  it('registers 60 workers concurrently: 503s reach the users, never a 500, and each worker is in the table once with one audit event', { timeout: 180_000 }, async () => {
    expect(sdkAttempts).toBeGreaterThan(1)
    const before = { ...proxy.stats }
    proxy.set(hard())
    const reg = w.a.users.registrar.token
    const cadreId = w.a.registry.cadre.id
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        persistently('POST', '/api/v1/workers', reg, { givenName: `Fault${i}`, familyName: 'Tolerant', sex: 'male', birthDate: `1980-01-${String((i % 28) + 1).padStart(2, '0')}`, nationalId: `FT-${i}`, cadreId, confirmNotDuplicate: true }, `fault-create-${i}`),
      ),
    )
    proxy.set(calm)
    const replies = results.flatMap((r) => r.replies)
    expectHonest(replies)
    expect(results.filter((r) => r.final.status !== 201).map((r) => `${r.final.status} ${r.final.text}`)).toEqual([])
    // the faults were real and reached the application: refusals that outlasted the SDK's attempts, users who saw 503,
    // and committed transactions whose answer was lost (the SDK sent them again)
    expect(proxy.stats.outlasted - before.outlasted).toBeGreaterThan(5)
    expect(replies.filter((r) => r.status === 503).length).toBeGreaterThan(5)
    expect(proxy.stats.lostAnswers - before.lostAnswers).toBeGreaterThan(5)
    // some answers were replays of a commit the user had not heard of
    expect(results.some((r) => r.final.headers.get('idempotent-replayed') === 'true')).toBe(true)

    const ids = results.map((r) => r.final.json.id)
    expect(new Set(ids).size).toBe(60)
    const table = await scanTable()
    const workers = table.filter((i) => i.sk === 'W' && i.familyName === 'Tolerant')
    expect(workers.map((x) => x.id).sort()).toEqual([...ids].sort())
    const guards = table.filter((i) => i.pk.startsWith(`T#${w.a.id}#NID#FT-`))
    expect(guards).toHaveLength(60)
    for (const id of ids) expect(auditOf(table, 'worker.create', id), id).toHaveLength(1)
  })

  it('edits land once per version and every read served has its audit event, counted in the table', { timeout: 180_000 }, async () => {
    const reg = w.a.users.registrar.token
    const id = w.a.registry.worker.id
    const start = await scanTable()
    const first = start.find((i) => i.pk === `T#${w.a.id}#W#${id}` && i.sk === 'W')!
    const readsBefore = new Set(auditOf(start, 'worker.read', id).map((e) => e.sk))
    const updatesBefore = auditOf(start, 'worker.update', id).length
    const before = { ...proxy.stats }
    proxy.set(hard())
    let served = 0
    let unserved = 0
    const replies: Reply[] = []
    for (let i = 0; i < 10; i++) {
      let current: Reply
      do {
        current = await call('GET', `/api/v1/workers/${id}`, { token: reg })
        replies.push(current)
        if (current.status === 200) served++
        else unserved++
      } while (current.status === 503)
      const version = current.json.version
      const edit = await persistently('PATCH', `/api/v1/workers/${id}`, reg, { placeOfBirth: `Town ${i}` }, `fault-edit-${i}`, { 'if-match': `"${version}"` })
      replies.push(...edit.replies)
      expect(edit.final.status, edit.final.text).toBe(200)
      expect(edit.final.json.version).toBe(version + 1)
    }
    proxy.set(calm)
    expectHonest(replies)
    expect(replies.every((r) => r.status === 200 || r.status === 503)).toBe(true)
    expect(proxy.stats.outlasted - before.outlasted).toBeGreaterThan(0)
    expect(replies.some((r) => r.status === 503)).toBe(true)

    const end = await scanTable()
    const last = end.find((i) => i.pk === `T#${w.a.id}#W#${id}` && i.sk === 'W')!
    expect(last.version).toBe((first.version as number) + 10)
    expect(last.placeOfBirth).toBe('Town 9')
    expect(auditOf(end, 'worker.update', id).length - updatesBefore).toBe(10)
    // every read served was recorded first; a read whose answer then failed (a 503 after its event was
    // written, as a dropped connection would) may have left its event too, but never two
    const readEvents = auditOf(end, 'worker.read', id).filter((e) => !readsBefore.has(e.sk))
    const isReplay = (e: Stored) => String(e.via).endsWith('(replayed)')
    const reads = readEvents.filter((e) => !isReplay(e)).length
    expect(reads).toBeGreaterThanOrEqual(served)
    expect(reads).toBeLessThanOrEqual(served + unserved)
    // an edit answered from its first commit shows the person again: a read of its own
    const replayedEdits = replies.filter((r) => r.status === 200 && r.headers.get('idempotent-replayed') === 'true').length
    expect(readEvents.filter(isReplay).length).toBeGreaterThanOrEqual(replayedEdits)
  })
})
