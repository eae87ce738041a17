import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { allItems, call } from '../support/http'
import { startFaultProxy } from '../support/fault-proxy'
import { buildWorld, type World } from '../support/world'

/**
 * With 20% of DynamoDB calls throttled (and some delayed), clients retrying on 503 as the console's outbox
 * does: no 500 ever, 503 only with Retry-After, and in the end every write exactly once with its audit event.
 */
let w: World
let proxy: Awaited<ReturnType<typeof startFaultProxy>>
const direct = process.env.CADRE_DYNAMO_ENDPOINT!

beforeAll(async () => {
  w = await buildWorld()
  proxy = await startFaultProxy(direct, { faultRate: 0, delayRate: 0.1, delayMs: 30 })
  process.env.CADRE_DYNAMO_ENDPOINT = proxy.endpoint
}, 120_000)

afterAll(async () => {
  process.env.CADRE_DYNAMO_ENDPOINT = direct
  await proxy?.stop()
})

/** A client that does what the outbox does: same Idempotency-Key until the server gives a final answer. */
function persistently(method: string, path: string, token: string, body: unknown, key: string) {
  return persistentlyWith(method, path, token, body, key, {})
}

describe('under injected DynamoDB faults', () => {
  it('registers 60 workers concurrently: no 500, each exactly once, each audited', async () => {
    const before = { ...proxy.stats }
    proxy.setFaultRate(0.2)
    const reg = w.a.users.registrar.token
    const cadreId = w.a.registry.cadre.id
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        persistently('POST', '/api/v1/workers', reg, { givenName: `Fault${i}`, familyName: 'Tolerant', sex: 'male', birthDate: `1980-01-${String((i % 28) + 1).padStart(2, '0')}`, nationalId: `FT-${i}`, cadreId, confirmNotDuplicate: true }, `fault-create-${i}`),
      ),
    )
    const statuses = results.flatMap((r) => r.statuses)
    expect(statuses).not.toContain(500)
    expect(results.filter((r) => r.final.status !== 201).map((r) => `${r.final.status} ${r.final.text}`)).toEqual([])
    // faults really were injected, at about the rate asked (a bound wide enough for chance)
    const faults = proxy.stats.faults - before.faults
    const requests = proxy.stats.requests - before.requests
    expect(faults).toBeGreaterThan(5)
    expect(faults / requests).toBeGreaterThan(0.08)
    expect(faults / requests).toBeLessThan(0.35)
    proxy.setFaultRate(0)

    const ids = results.map((r) => r.final.json.id)
    expect(new Set(ids).size).toBe(60)
    const listed = (await allItems('/api/v1/workers?q=tolerant&limit=200', reg)).map((x) => x.id)
    expect(listed.sort()).toEqual([...ids].sort())
    const audit = (await allItems('/api/v1/audit?limit=200', w.a.users['ministry-admin'].token)).filter((e) => e.action === 'worker.create').map((e) => e.entityId)
    for (const id of ids) expect(audit.filter((a) => a === id)).toHaveLength(1)
  })

  it('edits under faults land once per version; every read served has its audit event', async () => {
    const reg = w.a.users.registrar.token
    const admin = w.a.users['ministry-admin'].token
    const id = w.a.registry.worker.id
    const readsBefore = await auditCount(admin, id, 'worker.read')
    proxy.setFaultRate(0.2)
    let served = 0
    const statuses: number[] = []
    let version = 0
    for (let i = 0; i < 10; i++) {
      let current
      do {
        current = await call('GET', `/api/v1/workers/${id}`, { token: reg })
        statuses.push(current.status)
        if (current.status === 200) served++
      } while (current.status === 503)
      version = current.json.version
      const edit = await persistentlyWith('PATCH', `/api/v1/workers/${id}`, reg, { placeOfBirth: `Town ${i}` }, `fault-edit-${i}`, { 'if-match': `"${version}"` })
      statuses.push(...edit.statuses)
      expect(edit.final.status, edit.final.text).toBe(200)
      expect(edit.final.json.version).toBe(version + 1)
    }
    proxy.setFaultRate(0)
    expect(statuses).not.toContain(500)
    expect(statuses.every((s) => s === 200 || s === 503)).toBe(true)
    expect(await auditCount(admin, id, 'worker.read')).toBe(readsBefore + served)
    expect((await call('GET', `/api/v1/workers/${id}`, { token: reg })).json.placeOfBirth).toBe('Town 9')
  })
})

async function persistentlyWith(method: string, path: string, token: string, body: unknown, key: string, headers: Record<string, string>) {
  const statuses: number[] = []
  for (let attempt = 0; attempt < 30; attempt++) {
    const r = await call(method, path, { token, body, headers: { 'idempotency-key': key, ...headers } })
    statuses.push(r.status)
    if (r.status !== 503) return { final: r, statuses }
    expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0)
  }
  throw new Error(`never landed: ${statuses.join(',')}`)
}

async function auditCount(token: string, entityId: string, action: string) {
  return (await allItems(`/api/v1/audit?entityId=${entityId}&limit=200`, token)).filter((e) => e.action === action).length
}
