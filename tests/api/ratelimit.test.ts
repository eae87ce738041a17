import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { call } from '../support/http'
import { buildWorld, type World } from '../support/world'

/** A tenant that floods the API is slowed to 429 + Retry-After; another tenant is served all the while. */
let w: World
const RATE = 2 // a bucket of 2 requests a second holding 10 seconds of them: 20
beforeAll(async () => {
  w = await buildWorld()
  process.env.CADRE_RATE_TENANT_PER_S = String(RATE)
  process.env.CADRE_RATE_USER_PER_S = '100'
}, 120_000)
afterAll(() => {
  delete process.env.CADRE_RATE_TENANT_PER_S
  delete process.env.CADRE_RATE_USER_PER_S
})

const wave = (token: string, n = 10) => Promise.all(Array.from({ length: n }, () => call('GET', '/api/v1/workers?limit=5', { token })))

describe('per-tenant rate limiting (token bucket)', () => {
  it('answers a flooding tenant 429 with Retry-After, refills at its rate, and keeps serving the others', async () => {
    const started = Date.now()
    // waves of 10 concurrent requests, at least six, until one is refused (a slow machine refills more)
    const flood: Awaited<ReturnType<typeof wave>> = []
    for (let i = 0; i < 20 && (i < 6 || !flood.some((r) => r.status === 429)); i++) flood.push(...(await wave(w.a.users.viewer.token)))
    const floodEnded = Date.now()
    const seconds = (floodEnded - started) / 1000
    const limited = flood.filter((r) => r.status === 429)
    const served = flood.filter((r) => r.status === 200).length
    // at most a full bucket, what it refilled meanwhile, and one wave admitted before a flush came back
    expect(served).toBeGreaterThan(0)
    expect(served).toBeLessThanOrEqual(10 * RATE + Math.ceil(seconds * RATE) + 10)
    expect(limited.length).toBeGreaterThan(0)
    expect(limited[0]!.json).toMatchObject({ code: 'rate.limited', scope: 'tenant' })
    const retry = Number(limited[0]!.headers.get('retry-after'))
    expect(retry).toBeGreaterThan(0)
    expect(retry).toBeLessThanOrEqual(10)
    // the same tenant, another user: limited too, the bucket is the country's. What refilled since the flood
    // may be served (RATE a second: on CI's slower machine a wave takes seconds); a bucket of the user's own
    // would serve all twenty (its burst)
    const second = await wave(w.a.users.registrar.token, 20)
    const refilled = Math.ceil((RATE * (Date.now() - floodEnded)) / 1000) + 1
    expect(refilled).toBeLessThan(20) // else this wave could not tell the country's bucket from the user's
    expect(second.filter((r) => r.status === 200).length).toBeLessThanOrEqual(refilled)
    expect(second.every((r) => r.status === 200 || r.status === 429)).toBe(true)
    // another tenant, well inside its own bucket (half of it at once), is not touched
    expect((await wave(w.b.users.viewer.token, 10)).every((r) => r.status === 200)).toBe(true)
    // tokens come back at the bucket's rate: after a pause, requests are served again
    // (asked again for a few seconds: on a loaded machine the waves above may end later than they were sent)
    await new Promise((r) => setTimeout(r, 1000 + 1000 / RATE))
    await expect.poll(async () => (await call('GET', '/api/v1/workers?limit=5', { token: w.a.users.viewer.token })).status, { timeout: 6000, interval: 1000 / RATE }).toBe(200)
  }, 180_000) // waves until a refusal: on a loaded machine they may take a minute
})
