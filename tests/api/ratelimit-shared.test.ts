import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { App } from '../../functions/api/app'
import { getItem } from '../../functions/core/db/read'
import { call } from '../support/http'
import { buildWorld, type World } from '../support/world'

/**
 * A country's bucket is one, whichever instance serves it: a second instance of the API (a second Lambda
 * container, with memory of its own) learns from the shared bucket that the country has spent it, and
 * refuses after its first flush instead of granting a fresh burst of its own.
 */
let w: World
let second: App
const RATE = 2 // 2 requests a second, a burst of 10 seconds of them: 20
beforeAll(async () => {
  w = await buildWorld()
  // a fresh copy of every module: what a second container would hold
  vi.resetModules()
  second = (await import('../../functions/api/app')).app
  process.env.CADRE_RATE_TENANT_PER_S = String(RATE)
  process.env.CADRE_RATE_USER_PER_S = '100'
}, 120_000)
afterAll(() => {
  delete process.env.CADRE_RATE_TENANT_PER_S
  delete process.env.CADRE_RATE_USER_PER_S
})

const viaFirst = (token: string, n = 10) => Promise.all(Array.from({ length: n }, () => call('GET', '/api/v1/workers?limit=5', { token }).then((r) => r.status)))
const viaSecond = (token: string, n = 10) =>
  Promise.all(
    Array.from({ length: n }, async () => {
      const r = await second.request('/api/v1/workers?limit=5', { headers: { authorization: `Bearer ${token}` } })
      await r.text()
      return r.status
    }),
  )

describe('the rate bucket is shared between instances', () => {
  it('a country that spent its bucket on one instance is refused on another after one wave', async () => {
    // spend the country's bucket on the first instance (waves until it refuses: a slow machine refills more)
    const first: number[] = []
    for (let i = 0; i < 15 && !first.includes(429); i++) first.push(...(await viaFirst(w.a.users.viewer.token, 20)))
    expect(first).toContain(429)
    // what it admitted last reaches the shared bucket within a flush interval (longer on a loaded machine)
    await expect.poll(async () => Number((await getItem({ pk: `T#${w.a.id}#RATE`, sk: 'BUCKET' }))?.tat ?? 0) - Date.now()).toBeGreaterThan(5_000)
    // the second instance has seen nothing of it: its first wave goes out before a count comes back, then the
    // shared bucket answers and the rest is refused. The bucket refills at RATE a second while the waves run,
    // so what may be served grows with the time they take: the first wave (5), the refill, and one request of
    // flush slack. A bucket of its own would serve its 20-request burst and the refill.
    const served: number[] = []
    const started = Date.now()
    for (let i = 0; i < 6; i++) served.push(...(await viaSecond(w.a.users.registrar.token, 5)))
    const refill = Math.ceil((RATE * (Date.now() - started)) / 1000)
    expect(served.filter((s) => s === 200).length).toBeLessThanOrEqual(5 + refill + 1)
    expect(served.filter((s) => s !== 200).every((s) => s === 429)).toBe(true)
    expect(5 + refill + 1).toBeLessThan(Math.min(served.length, 20 + refill)) // else the test could not tell the shared bucket from a bucket of its own
    // another country on the second instance is served meanwhile
    expect((await viaSecond(w.b.users.viewer.token)).every((s) => s === 200)).toBe(true)
  }, 180_000) // waves until a refusal: on a loaded machine they may take a minute
})
