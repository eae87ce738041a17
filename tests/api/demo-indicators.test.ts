import { beforeAll, describe, expect, it } from 'vitest'
import { call } from '../support/http'

/** The demo data of `npm start`: the donor and the partner see figures on the first start. */
const login = async (email: string) => {
  const r = await call('POST', '/api/v1/auth/login', { body: { email, password: 'cadre-demo-2026' } })
  expect(r.status, r.text).toBe(200)
  return r.json.accessToken as string
}

beforeAll(async () => {
  // the demo's size is read when the module loads: set it first
  process.env.CADRE_DEMO_WORKERS = '40'
  const { seedDemo } = await import('../../functions/local/seed')
  await seedDemo()
}, 600_000)

describe('demo indicators', () => {
  it('last year is approved in two countries and shared with the donor and the partner', async () => {
    const year = new Date().getUTCFullYear() - 1
    const donor = await call('GET', '/api/v1/summaries?indicator=stock', { token: await login('donor@cadre.local') })
    expect(donor.status, donor.text).toBe(200)
    expect(donor.json.countries.map((c: any) => c.tenantId)).toEqual(['KEN', 'SEN'])
    for (const c of donor.json.countries) {
      expect(c.period).toMatchObject({ year, state: 'approved' })
      expect(c.tables[0].rows.some((r: any) => r.value > 0)).toBe(true)
    }
    const partner = await call('GET', '/api/v1/summaries', { token: await login('partner@cadre.local') })
    expect(partner.json.countries.map((c: any) => c.tenantId)).toEqual(['KEN', 'SEN'])
    expect(partner.json.countries[0].shared.length).toBeGreaterThan(0)
  })
})
