import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { call } from '../support/http'
import { buildWorld, type World } from '../support/world'

/** A tenant that floods the API is slowed to 429 + Retry-After; another tenant is served all the while. */
let w: World
beforeAll(async () => {
  w = await buildWorld()
  process.env.CADRE_RATE_TENANT_PER_S = '3' // 30 requests per 10-second window
  process.env.CADRE_RATE_USER_PER_S = '100'
}, 120_000)
afterAll(() => {
  delete process.env.CADRE_RATE_TENANT_PER_S
  delete process.env.CADRE_RATE_USER_PER_S
})

describe('per-tenant rate limiting', () => {
  it('answers a flooding tenant 429 with Retry-After, and keeps serving the others', async () => {
    // budgets are per 10-second window: start well inside one, so the whole flood falls in the same window
    const left = 10_000 - (Date.now() % 10_000)
    if (left < 6000) await new Promise((r) => setTimeout(r, left + 50))
    // waves of 10 concurrent requests: the budget is checked between waves as counts come back
    const flood = []
    for (let wave = 0; wave < 8; wave++)
      flood.push(...(await Promise.all(Array.from({ length: 10 }, () => call('GET', '/api/v1/workers?limit=5', { token: w.a.users.viewer.token })))))
    const limited = flood.filter((r) => r.status === 429)
    // the budget is 30 a window, shared with the fixtures' own requests made just before
    const served = flood.filter((r) => r.status === 200).length
    expect(served).toBeGreaterThan(0)
    expect(served).toBeLessThanOrEqual(30)
    expect(limited.length).toBeGreaterThan(0)
    expect(limited[0]!.json).toMatchObject({ code: 'rate.limited', scope: 'tenant' })
    const retry = Number(limited[0]!.headers.get('retry-after'))
    expect(retry).toBeGreaterThan(0)
    expect(retry).toBeLessThanOrEqual(10)
    // the same tenant, another user: limited too, the budget is the country's
    expect((await call('GET', '/api/v1/workers?limit=5', { token: w.a.users.registrar.token })).status).toBe(429)
    // another tenant is not touched
    const other = await Promise.all(Array.from({ length: 20 }, () => call('GET', '/api/v1/workers?limit=5', { token: w.b.users.viewer.token })))
    expect(other.every((r) => r.status === 200)).toBe(true)
  })
})
