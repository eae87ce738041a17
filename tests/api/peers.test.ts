import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startPoller, type Poller } from '../../functions/streams/poller'
import { tenantItems } from '../support/aggregates'
import { call } from '../support/http'
import { secretsOf } from '../support/route-calls'
import { seedStock } from '../support/stock'
import { buildWorld, person, type World } from '../support/world'

/**
 * The peer-ministry view: another country's ministry admin or viewer reads what a country shared with
 * "peer countries" — approved years only, nothing granted to donors or partners alone, no count from 1 to 4
 * nor one derivable from the others, no person — and every figure shown equals a count of the raw records.
 */
let w: World
let poller: Poller
let admin: string
const year = new Date().getUTCFullYear() - 1
const units: Record<string, any> = {}
let frozenStock: any[] = []

const ok = (r: { status: number; text: string; json: any }, status = 200) => {
  expect(r.status, r.text).toBe(status)
  return r.json
}
const summary = (token: string, q = '') => call('GET', `/api/v1/summaries${q}`, { token })

beforeAll(async () => {
  poller = startPoller({ onError: (e) => console.error(e) })
  w = await buildWorld()
  admin = w.a.users['ministry-admin'].token
  // East: 8 nurses, 3 doctors (a small cell); West: 6 nurses, 7 doctors
  const seeded = await seedStock(w, poller, { east: [8, 3], west: [6, 7] }, 'Peer', '1984-04-04')
  Object.assign(units, seeded.units)
  frozenStock = seeded.stock
  ok(await call('PUT', '/api/v1/sharing', {
    token: admin,
    headers: { 'if-match': '"0"' },
    body: { grants: [
      { indicator: 'stock', breakdown: 'level1-occupation', recipient: 'peers' },
      { indicator: 'female-share', breakdown: 'national', recipient: 'donors' },
      { indicator: 'exits', breakdown: 'national', recipient: 'partners' },
    ] },
  }))
  ok(await call('POST', '/api/v1/periods/freeze', { token: admin, body: { year }, headers: { 'if-match': '"0"' } }))
}, 300_000)
afterAll(() => poller.stop())

describe('the peer-ministry view', () => {
  it('shows another ministry the country and its peer grant, but no figure before the year is approved', async () => {
    const out = ok(await summary(w.b.users['ministry-admin'].token, '?indicator=stock'))
    expect(out.countries).toHaveLength(1)
    expect(out.countries[0]).toMatchObject({ tenantId: 'KEN', periods: [], tables: [] })
    expect(out.countries[0].shared.map((g: any) => g.indicator)).toEqual(['stock'])
    ok(await call('POST', '/api/v1/periods/approve', { token: admin, body: { year }, headers: { 'if-match': '"1"' } }))
  })

  it('a ministry admin and a viewer of another country read what was shared with peers, and nothing granted to others', async () => {
    for (const token of [w.b.users['ministry-admin'].token, w.b.users.viewer.token]) {
      const out = ok(await summary(token))
      expect(out.countries.map((c: any) => c.tenantId)).toEqual(['KEN'])
      expect(out.countries[0].shared).toEqual([expect.objectContaining({ indicator: 'stock', breakdown: 'level1-occupation', grantedBy: w.a.users['ministry-admin'].email })])
      expect(out.countries[0].periods).toEqual([expect.objectContaining({ year, state: 'approved' })])
      for (const other of ['female-share', 'exits', 'density']) expect(ok(await summary(token, `?indicator=${other}`)).countries[0].tables, other).toEqual([])
    }
    // and a donor never sees what only peers were given
    expect(ok(await summary(w.donor.token, '?indicator=stock')).countries[0].tables).toEqual([])
  })

  it('every figure is a count of the raw records or withheld, never 1 to 4, with the small cell not derivable from the totals', async () => {
    const out = ok(await summary(w.b.users.viewer.token, '?indicator=stock'))
    const table = out.countries[0].tables[0]
    expect(table).toMatchObject({ indicator: 'stock', breakdown: 'level1-occupation' })
    const items = await tenantItems(w.a.id)
    const iscoOf = (cadreId: string) => items.find((i) => i.sk === cadreId)?.iscoCode
    const count = (unitId: string | null, isco: string) => frozenStock.filter((s) => (!unitId || s.path.includes(`/${unitId}/`)) && (isco === '*' || iscoOf(s.cadreId) === isco)).length
    for (const r of table.rows) {
      if (r.suppressed) expect(r.value).toBeNull()
      else {
        expect(r.value === 0 || r.value >= 5, JSON.stringify(r)).toBe(true)
        expect(r.value, JSON.stringify(r)).toBe(count(r.unitId, r.occupation))
      }
    }
    const east = table.rows.filter((r: any) => r.unitId === units.east.id)
    expect(east.find((r: any) => r.occupation === '2211').suppressed).toBe(true)
    // East's total minus its nurses would give its 3 doctors: one of the two is withheld too
    expect(east.filter((r: any) => r.suppressed).length).toBeGreaterThanOrEqual(2)
    expect(table.rows.every((r: any) => r.level <= 1)).toBe(true)
    const text = JSON.stringify(out)
    for (const s of ['PeerSecretname', 'PeerSECRET-', 'Peer1', ...secretsOf(w)]) expect(text).not.toContain(s)
  })

  it('refuses registrars, managers and users confined to a district; a country never reads itself as a peer', async () => {
    for (const token of [w.b.users.registrar.token, w.b.users.manager.token]) expect((await summary(token)).status).toBe(403)
    const scoped = await person({ kind: 'tenant', id: w.b.id }, w.b.name, 'viewer', w.b.registry.district.id)
    expect((await summary(scoped.token)).status).toBe(403)
    expect(ok(await summary(admin)).countries).toEqual([])
  })
})
