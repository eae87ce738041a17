import { createHash } from 'node:crypto'
import { gunzipSync, gzipSync } from 'node:zlib'
import { asTenantSystem, useUser } from '../actor'
import { keys } from '../db/keys'
import { getItem, queryAll } from '../db/read'
import { commit } from '../db/write'
import { mapLimited } from '../util/limited'
import { forbidden } from '../error'
import { accumulate, compute } from '../indicator/compute'
import type { Breakdown, IndicatorId } from '../indicator/definitions'
import { indicators, referenceLines } from '../indicator/definitions'
import { frameOf } from '../indicator/frame'
import * as period from '../period'
import type { PeriodInfo } from '../period/schema'
import type { TenantInfo } from '../tenant/schema'
import { suppress, withheld, type SharedTable } from './disclosure'
import { SummaryQuery, type Grant } from './schema'

/** The recipient keys the caller reads under: a donor (its own and "all donors"), a partner, a peer ministry. */
function recipientKeys() {
  const actor = useUser()
  if (actor.role === 'donor' && actor.donorId) return ['donors', `donor:${actor.donorId}`]
  if (actor.role === 'partner-admin' && actor.partnerId) return [`partner:${actor.partnerId}`]
  if ((actor.role === 'ministry-admin' || actor.role === 'viewer') && actor.tenantId && !actor.orgUnitId) return ['peers']
  throw forbidden('Summaries are for donors, partners and the ministries of other countries')
}

/** What each country shares with the caller: grants merged across the caller's recipient keys. */
async function sharedWithCaller() {
  const own = useUser().tenantId
  const byTenant = new Map<string, Grant[]>()
  for (const key of recipientKeys())
    for (const item of await queryAll<{ tenantId: string; grants: Grant[] }>({ index: 'gsi1', partition: keys.sharedWithPartition(key) }, 1000)) {
      if (item.tenantId === own) continue
      byTenant.set(item.tenantId, [...(byTenant.get(item.tenantId) ?? []), ...item.grants])
    }
  return byTenant
}

/** approved years always; frozen drafts only to grants that include drafts; live figures never */
const visible = (p: PeriodInfo, g: Grant) => p.state === 'approved' || (p.state === 'frozen' && g.drafts)

/**
 * Cross-country summaries for a donor, a partner or a peer ministry: only what each country shared with
 * the caller, for periods it may see, every figure under that country's disclosure control (computed over
 * all it shares with this caller for that period, so no withheld count is derivable across tables). No
 * person, no identifier, no unit below the level shared.
 */
export async function summaries(input: unknown) {
  const q = SummaryQuery.parse(input)
  // countries side by side: each reads only its own few items
  const countries = await mapLimited([...(await sharedWithCaller())].sort(([a], [b]) => a.localeCompare(b)), 8, ([tenantId, grants]) =>
    asTenantSystem(tenantId, 'summary', async () => {
      const [tenant, listed] = await Promise.all([getItem<TenantInfo>(keys.tenantRecord(tenantId)), period.list()])
      if (!tenant || tenant.status !== 'active') return undefined
      const periods = listed.items.filter((p) => grants.some((g) => visible(p, g)))
      const head = {
        tenantId,
        name: tenant.name,
        stage: tenant.stage,
        shared: grants.map(({ indicator, breakdown, drafts, grantedAt, grantedBy }) => ({ indicator, breakdown, drafts, grantedAt, grantedBy })),
        periods: periods.map((p) => ({ year: p.year, state: p.state, frozenAt: p.frozenAt, approvedAt: p.approvedAt })),
      }
      if (!q.indicator) return head
      const chosen = q.period === undefined ? periods[0] : periods.find((p) => p.year === q.period)
      const wanted = grants.filter((g) => g.indicator === q.indicator && (!q.breakdown || g.breakdown === q.breakdown))
      if (!chosen || !wanted.some((g) => visible(chosen, g))) return { ...head, period: null, tables: [] }
      return { ...head, period: { year: chosen.year, state: chosen.state, frozenAt: chosen.frozenAt, approvedAt: chosen.approvedAt }, tables: await disclosed(tenantId, chosen, grants, wanted) }
    }),
  )
  const out = countries.filter((c) => c !== undefined)
  return {
    indicator: q.indicator ? { id: q.indicator, ...indicators[q.indicator] } : null,
    ...(q.indicator === 'sdg-3c1' ? { referenceLines: referenceLines.map((l) => ({ ...l })) } : {}),
    countries: out,
  }
}

async function disclosed(tenantId: string, p: PeriodInfo, grants: Grant[], wanted: Grant[]) {
  const { threshold } = (await getItem<{ threshold: number }>(keys.sharingPolicy())) ?? { threshold: 5 }
  const shown = await disclosedTables(tenantId, p, grants.filter((g) => visible(p, g)), Math.max(5, threshold))
  return [...new Set(wanted.filter((g) => visible(p, g)).map(tableKey))].map((k) => shown.find((t) => tableKey(t) === k)!)
}

/** bump when what a table shows or withholds changes (compute, suppress): kept tables of the old rules are then never read */
const DISCLOSURE_RULES = 1
const KEPT_DAYS = 90
const tableKey = (g: { indicator: string; breakdown: string }) => `${g.indicator}/${g.breakdown}`
type DisclosedTable = Awaited<ReturnType<typeof computeDisclosed>>[number]

/**
 * Every table a recipient may see of a frozen period, under disclosure control: computed once from the
 * snapshot, then kept beside it, keyed by what decides it (the snapshot's revision, the threshold, the
 * grants shown). A frozen period never changes and a changed policy or refreeze is a new key, so a summary
 * reads one item per country whatever the size of the country; only its first reader pays for the cells.
 */
async function disclosedTables(tenantId: string, p: PeriodInfo, shown: Grant[], threshold: number): Promise<DisclosedTable[]> {
  const basis = JSON.stringify({ rules: DISCLOSURE_RULES, threshold, grants: shown.map((g) => [g.indicator, g.breakdown, g.grantedAt, g.grantedBy]).sort() })
  const key = keys.periodDisclosure(p.year, p.revision, createHash('sha256').update(basis).digest('base64url'))
  const kept = await getItem<{ z: Uint8Array }>(key, false)
  if (kept) return JSON.parse(gunzipSync(kept.z).toString('utf8')) as DisclosedTable[]
  const tables = await computeDisclosed(tenantId, p, shown, threshold)
  const z = gzipSync(JSON.stringify(tables))
  // an item holds 400 KB: a share too large to keep is computed on every read, as before
  // kept 90 days from its computation: each change of policy leaves the old set behind, and an expired one is
  // only computed again on its next read
  if (z.byteLength < 350_000) await commit([{ put: { ...key, z, keptAt: new Date().toISOString(), ttl: Math.floor(Date.now() / 1000) + KEPT_DAYS * 86_400 } }])
  return tables
}

async function computeDisclosed(tenantId: string, p: PeriodInfo, shown: Grant[], threshold: number) {
  const frame = frameOf(await period.snapshot(p), tenantId, p.year)
  const acc = accumulate(frame)
  const tables = new Map<string, SharedTable & { grant: Grant }>()
  for (const g of shown)
    if (!tables.has(tableKey(g))) tables.set(tableKey(g), { indicator: g.indicator as IndicatorId, breakdown: g.breakdown as Breakdown, grant: g, ...compute(frame, g.indicator as IndicatorId, g.breakdown as Breakdown, acc) })
  const hidden = suppress([...tables.values()], acc.leaves, p.year, threshold)
  return [...tables.values()].map((t) => ({
    indicator: t.indicator,
    breakdown: t.breakdown,
    grantedAt: t.grant.grantedAt,
    grantedBy: t.grant.grantedBy,
    rows: t.rows.map((r) => {
      const base = { unitId: r.unitId, unitName: r.unitId ? (frame.units.get(r.unitId)?.name ?? null) : null, level: r.level, occupation: r.occupation, category: r.category }
      if (withheld(r, hidden, t.counts, threshold)) return { ...base, value: null, suppressed: true as const }
      return { ...base, value: r.value, ...(r.numerator !== undefined ? { numerator: r.numerator } : {}), ...(r.denominator !== undefined ? { denominator: r.denominator } : {}), ...(r.missing ? { missing: r.missing } : {}) }
    }),
  }))
}
