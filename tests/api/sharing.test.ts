import { PutItemCommand } from '@aws-sdk/client-dynamodb'
import { gunzipSync, gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { config } from '../../functions/core/config'
import { dynamo } from '../../functions/core/db/client'
import { toAttr } from '../../functions/core/db/marshal'
import { startPoller, type Poller } from '../../functions/streams/poller'
import { tenantItems } from '../support/aggregates'
import { call } from '../support/http'
import { secretsOf } from '../support/route-calls'
import { seedStock } from '../support/stock'
import { buildWorld, type World } from '../support/world'

/**
 * Sharing and disclosure through the API: nothing leaves a country until granted and approved; a donor,
 * a partner and a peer each see only what was granted to them; no shown count is 1–4, withheld cells are
 * marked, and every shown figure equals a count made here from the raw records at freeze time.
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

beforeAll(async () => {
  poller = startPoller({ onError: (e) => console.error(e) })
  w = await buildWorld()
  admin = w.a.users['ministry-admin'].token
  // East: 9 nurses, 2 doctors; West: 7 nurses, 6 doctors (small cells on purpose)
  const seeded = await seedStock(w, poller, { east: [9, 2], west: [7, 6] }, 'Person', '1985-05-05')
  Object.assign(units, seeded.units)
  frozenStock = seeded.stock
  ok(await call('POST', '/api/v1/periods/freeze', { token: admin, body: { year }, headers: { 'if-match': '"0"' } }))
}, 300_000)
afterAll(() => poller.stop())

const summary = (token: string, q = '') => call('GET', `/api/v1/summaries${q}`, { token })

describe('sharing policy', () => {
  it('shares nothing by default', async () => {
    expect(ok(await summary(w.donor.token)).countries).toEqual([])
    expect(ok(await summary(w.partnerA.admin.token)).countries).toEqual([])
    expect(ok(await call('GET', '/api/v1/sharing', { token: admin })).policy.grants).toEqual([])
  })

  it('only a ministry admin sets it; the threshold is never below 5; an unknown donor is refused', async () => {
    const body = { grants: [{ indicator: 'stock', breakdown: 'national', recipient: 'donors' }] }
    expect((await call('PUT', '/api/v1/sharing', { token: w.a.users.viewer.token, body, headers: { 'if-match': '"0"' } })).status).toBe(403)
    expect((await call('PUT', '/api/v1/sharing', { token: admin, body: { ...body, threshold: 4 }, headers: { 'if-match': '"0"' } })).status).toBe(400)
    const unknown = await call('PUT', '/api/v1/sharing', { token: admin, body: { grants: [{ indicator: 'stock', breakdown: 'national', recipient: 'donor:dnr_01jabcdefghjkmnpqrstvwxyz0' }] }, headers: { 'if-match': '"0"' } })
    expect(unknown.json.code).toBe('sharing.donor_not_found')
  })

  it('a donor sees only approved years of what was granted, under disclosure control, and when and by whom it was granted', async () => {
    const policy = ok(await call('PUT', '/api/v1/sharing', {
      token: admin,
      body: { grants: [
        { indicator: 'stock', breakdown: 'level1-occupation', recipient: `donor:${w.donorId}` },
        { indicator: 'female-share', breakdown: 'national', recipient: 'partners', drafts: true },
      ] },
      headers: { 'if-match': '"0"' },
    }))
    expect(policy.grants[0]).toMatchObject({ grantedBy: w.a.users['ministry-admin'].email })
    // frozen but not approved: the donor sees the country and the grant, no figures
    const draft = ok(await summary(w.donor.token, '?indicator=stock'))
    expect(draft.countries[0]).toMatchObject({ tenantId: 'KEN', periods: [], tables: [] })
    // the partner's grant includes drafts: it sees the frozen year
    const partner = ok(await summary(w.partnerA.admin.token, '?indicator=female-share'))
    expect(partner.countries[0].period).toMatchObject({ year, state: 'frozen' })
    expect(ok(await summary(w.partnerB.admin.token)).countries).toEqual([])
    expect(ok(await summary(w.b.users['ministry-admin'].token)).countries).toEqual([])

    ok(await call('POST', '/api/v1/periods/approve', { token: admin, body: { year }, headers: { 'if-match': '"1"' } }))
    const out = ok(await summary(w.donor.token, '?indicator=stock'))
    const table = out.countries[0].tables[0]
    expect(table).toMatchObject({ indicator: 'stock', breakdown: 'level1-occupation', grantedBy: w.a.users['ministry-admin'].email })
    for (const r of table.rows) {
      if (r.suppressed) expect(r.value).toBeNull()
      else expect(r.value === 0 || r.value >= 5, JSON.stringify(r)).toBe(true)
    }
    const items = await tenantItems(w.a.id)
    const cadreIsco = (id: string) => items.find((i) => i.sk === id)?.iscoCode
    const count = (unitId: string | null, isco: string) =>
      frozenStock.filter((s) => (!unitId || s.path.includes(`/${unitId}/`)) && (isco === '*' || cadreIsco(s.cadreId) === isco)).length
    for (const r of table.rows.filter((x: any) => !x.suppressed)) expect(r.value, JSON.stringify(r)).toBe(count(r.unitId, r.occupation))
    // East has 2 doctors: withheld, and so is one more cell of East (else 11 − 9 = 2)
    const east = table.rows.filter((r: any) => r.unitId === units.east.id)
    expect(east.find((r: any) => r.occupation === '2211').suppressed).toBe(true)
    expect(east.filter((r: any) => r.suppressed).length).toBeGreaterThanOrEqual(2)
    // never a person, an identifier, or a unit below the level shared
    const text = JSON.stringify(out)
    for (const s of ['PersonSecretname', 'PersonSECRET-', 'Person1', ...secretsOf(w)]) expect(text).not.toContain(s)
    expect(table.rows.every((r: any) => r.level <= 1)).toBe(true)
    // the partner was not granted stock
    expect(ok(await summary(w.partnerA.admin.token, '?indicator=stock')).countries[0].tables).toEqual([])
  })

  it('what a donor is shown of a frozen year is kept beside it, and computed again when what decides it changes', async () => {
    const first = ok(await summary(w.donor.token, '?indicator=stock'))
    const kept = (await tenantItems(w.a.id)).filter((i) => String(i.sk).startsWith('DISC#'))
    expect(kept.length).toBeGreaterThan(0)
    expect(ok(await summary(w.donor.token, '?indicator=stock'))).toEqual(first)
    // the kept tables are what a summary reads: altered in place, the alteration shows
    const altered = (tables: any[]) => tables.map((t) => ({ ...t, rows: t.rows.map((r: any) => (r.unitId === null && r.occupation === '*' ? { ...r, value: 777 } : r)) }))
    for (const item of kept) await dynamo().send(new PutItemCommand({ TableName: config.table, Item: toAttr({ ...item, z: gzipSync(JSON.stringify(altered(JSON.parse(gunzipSync(item.z).toString('utf8'))))) }) }))
    expect(ok(await summary(w.donor.token, '?indicator=stock')).countries[0].tables[0].rows.find((r: any) => r.unitId === null && r.occupation === '*').value).toBe(777)
    for (const item of kept) await dynamo().send(new PutItemCommand({ TableName: config.table, Item: toAttr(item) }))
    // a higher threshold is a new computation: counts from 5 to 9 shown before are withheld now
    const fiveToNine = first.countries[0].tables[0].rows.filter((r: any) => !r.suppressed && r.value >= 5 && r.value < 10)
    expect(fiveToNine.length).toBeGreaterThan(0)
    const policy = ok(await call('GET', '/api/v1/sharing', { token: admin })).policy
    ok(await call('PUT', '/api/v1/sharing', { token: admin, body: { threshold: 10, grants: policy.grants.map(({ indicator, breakdown, recipient, drafts }: any) => ({ indicator, breakdown, recipient, drafts })) }, headers: { 'if-match': `"${policy.version}"` } }))
    const raised = ok(await summary(w.donor.token, '?indicator=stock')).countries[0].tables[0]
    for (const r of fiveToNine) expect(raised.rows.find((x: any) => x.unitId === r.unitId && x.occupation === r.occupation).suppressed).toBe(true)
    for (const r of raised.rows) expect(r.suppressed || r.value === 0 || r.value >= 10, JSON.stringify(r)).toBe(true)
  })

  it('every change is audited, and reopening a year takes it away from donors', async () => {
    const audit = ok(await call('GET', '/api/v1/audit', { token: admin }))
    expect(audit.items.some((e: any) => e.action === 'sharing.update')).toBe(true)
    ok(await call('POST', '/api/v1/periods/reopen', { token: admin, body: { year, reason: 'Correction' }, headers: { 'if-match': '"2"' } }))
    expect(ok(await summary(w.donor.token, '?indicator=stock')).countries[0].tables).toEqual([])
  })
})
