import { request } from './context'
import type { Country } from './data'
import { dollarsPerMillion, metered } from './meter'
import { compare, type Row } from './stats'
import type { CostRow } from './phase-crud'

const inDays = (d: number) => new Date(Date.now() + d * 86400_000).toISOString().slice(0, 10)

/**
 * The lists that cost more than one query, the same request at the large and the small country (same
 * hierarchy, same users), timed in alternation: p50 and p99 ratios, and the items DynamoDB read per page.
 */
export async function searchPhase(large: Country, small: Country, runs: number) {
  const rows: Row[] = []
  const costs: CostRow[] = []
  type Case = [string, (c: Country) => string, (c: Country) => string]
  const registrar = (c: Country) => c.token
  const manager = (c: Country) => c.managers[0]!.token
  const cases: Case[] = [
    ['name prefix, country-wide (q=ka)', () => '/api/v1/workers?q=ka&limit=25', registrar],
    ['scoped name search: district manager, q=mw', () => '/api/v1/workers?q=mw&limit=25', manager],
    ['rare status filter (suspended, 0.3%)', () => '/api/v1/workers?status=suspended&limit=25', registrar],
    ['sort by name in a district', (c) => `/api/v1/workers?orgUnitId=${c.districts[6]!.id}&sort=name&limit=25`, registrar],
    ['sort by name, district manager (own district)', () => '/api/v1/workers?sort=name&limit=25', manager],
    ['licence expiry window (next 30 days)', () => `/api/v1/workers?licenceExpiringBefore=${inDays(30)}&limit=25`, registrar],
    ['identifier look-up (national id)', (c) => `/api/v1/workers?q=${c.id}${20_000_000 + 500}&limit=25`, registrar],
    ['subtree list (a region)', (c) => `/api/v1/workers?orgUnitId=${c.regions[1]!.id}&limit=25`, registrar],
  ]
  for (const [label, path, token] of cases) {
    const subject = () => request('GET', path(large), token(large))
    const baseline = () => request('GET', path(small), token(small))
    const count = { large: (await subject()).items.length, small: (await baseline()).items.length }
    const t = await compare(subject, baseline, runs, 20)
    const m = { large: await metered(subject, 5), small: await metered(baseline, 5) }
    costs.push({ operation: `list: ${label}`, m: m.large })
    const p50 = t.subject.p50 / t.baseline.p50
    const p99 = t.subject.p99 / t.baseline.p99
    rows.push({
      section: 'searches', benchmark: `${label}: ${large.workers} ÷ ${small.workers}`, value: t.subject.p50, unit: 'ms p50', baseline: t.baseline.p50, ratio: p50, target: '≤ 2× (p50 and p99)', pass: p50 <= 2 && p99 <= 2,
      note: `p99 ${t.subject.p99.toFixed(1)} vs ${t.baseline.p99.toFixed(1)} ms (${p99.toFixed(2)}×); items read per page ${m.large.itemsRead.toFixed(0)} vs ${m.small.itemsRead.toFixed(0)} (${count.large} vs ${count.small} shown), ${m.large.calls.toFixed(1)} round trips; $${dollarsPerMillion(m.large).toFixed(2)}/M pages`,
      data: { p99Large: t.subject.p99, p99Small: t.baseline.p99, p99Ratio: p99, metered: m, shown: count },
    })
  }
  return { rows, costs }
}
