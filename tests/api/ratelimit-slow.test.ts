import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dynamo } from '../../functions/core/db/client'
import { startFaultProxy } from '../support/fault-proxy'
import { call } from '../support/http'
import { buildWorld, type World } from '../support/world'

/**
 * The rate bucket when the database behind it is slow or failing. An instance adds what it admitted to the
 * shared bucket a few times a second; while an addition is on its way, or when it fails, the instance must
 * still count it, or a slow table becomes a window in which a flooding country is served anew.
 * Faults and delays touch only the bucket's own writes; everything else reaches DynamoDB untouched.
 */
let w: World
let proxy: Awaited<ReturnType<typeof startFaultProxy>>
const direct = process.env.CADRE_DYNAMO_ENDPOINT!
const RATE = 2 // 2 requests a second, a burst of 10 seconds of them: 20
const bucketWrite = (operation: string, body: string) => operation.endsWith('.UpdateItem') && body.includes('#RATE"')

beforeAll(async () => {
  w = await buildWorld()
  proxy = await startFaultProxy(direct, { faultRate: 0, only: bucketWrite })
  process.env.CADRE_DYNAMO_ENDPOINT = proxy.endpoint
  process.env.CADRE_RATE_TENANT_PER_S = String(RATE)
  process.env.CADRE_RATE_USER_PER_S = '100'
}, 120_000)
afterAll(async () => {
  process.env.CADRE_DYNAMO_ENDPOINT = direct
  delete process.env.CADRE_RATE_TENANT_PER_S
  delete process.env.CADRE_RATE_USER_PER_S
  await proxy?.stop()
})

const wave = (token: string) => Promise.all(Array.from({ length: 20 }, () => call('GET', '/api/v1/workers?limit=5', { token }).then((r) => r.status)))

/**
 * Waves of twenty from one country, until more were sent than the bucket allows: at most a burst, what
 * refilled meanwhile, and one (the time is measured: a slow machine refills more, and sends more waves).
 */
async function flood(token: string) {
  const started = Date.now()
  const statuses: number[] = []
  const allowed = () => 10 * RATE + Math.ceil(((Date.now() - started) / 1000) * RATE) + 1
  for (let i = 0; i < 12 && statuses.length <= allowed() + 10; i++) statuses.push(...(await wave(token)))
  return { sent: statuses.length, served: statuses.filter((s) => s === 200).length, refused: statuses.filter((s) => s === 429).length, allowed: allowed() }
}

describe('the rate bucket behind a slow or failing table', () => {
  it('counts what it is adding while the addition is on its way', async () => {
    proxy.set({ delayRate: 1, delayMs: 1500 })
    const { sent, served, refused, allowed } = await flood(w.a.users.viewer.token)
    expect(sent).toBeGreaterThan(allowed) // else the flood could not tell a counted request from a forgotten one
    expect(served).toBeLessThanOrEqual(allowed)
    expect(served + refused).toBe(sent)
    expect(proxy.stats.delayed).toBeGreaterThan(0)
  }, 120_000)

  it('keeps its own count when the shared bucket cannot be reached, and still serves', async () => {
    proxy.set({ delayRate: 0, faultRate: 1, persist: await dynamo().config.maxAttempts() })
    const { sent, served, refused, allowed } = await flood(w.b.users.viewer.token)
    expect(sent).toBeGreaterThan(allowed)
    expect(served).toBeGreaterThan(0)
    expect(served).toBeLessThanOrEqual(allowed)
    expect(served + refused).toBe(sent)
    expect(proxy.stats.faults).toBeGreaterThan(0)
  }, 120_000)
})
