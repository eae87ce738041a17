import { asTenantSystem, withActor } from '../functions/core/actor'
import { rebuild } from '../functions/core/aggregate/rebuild'
import { allWorkerIds } from '../functions/core/aggregate/registry'
import { provisionUser } from '../functions/core/user/provision'
import { lastJson, nodeChild } from './phase-load'
import { login, PASSWORD, request } from './context'
import { country, loadWorkers, type Country } from './data'
import { compare, type Row } from './stats'

/** The stream consumer (bench/stream.ts, in its own process and DynamoDB Local): records/s against the raw writes. */
export async function streamPhase() {
  const r = await lastJson<{ workers: number; items: number; writeSeconds: number; applySeconds: number; drained: boolean; records: number; recordsPerSecond: number; rawItemsPerSecond: number }>(
    nodeChild('stream.ts', { ...process.env, CADRE_DYNAMO_ENDPOINT: '' }),
  )
  return [{
    section: 'aggregates', benchmark: `stream consumer: the stream of a country and ${r.workers.toLocaleString('en')} workers, records applied per second vs the raw writes' items per second`, value: r.recordsPerSecond, unit: 'records/s', baseline: r.rawItemsPerSecond, ratio: r.recordsPerSecond / r.rawItemsPerSecond,
    note: `${r.records.toLocaleString('en')} records applied in ${r.applySeconds.toFixed(1)} s${r.drained ? ' (all)' : ' (time-boxed: the backlog was not drained)'} (its own aggregate writes among them, read and skipped); the ${r.items.toLocaleString('en')} items took ${r.writeSeconds.toFixed(1)} s to write`, data: r,
  }] satisfies Row[]
}

/**
 * A donor reading the summaries of 5 countries that share with it: once when all five have 1,000 workers,
 * once when one of them is the large country (its aggregates rebuilt by the jobs phase). Five large countries
 * would take half the bench's time to load; the summary reads aggregate cells, whose number grows with the
 * country's diversity (units × cadres × sex × age band), not with its head count. On a slow machine
 * BENCH_DONOR_REBUILD bounds how many of the large country's workers are counted into its cells (the row says).
 */
const LARGE_REBUILD = Number(process.env.BENCH_DONOR_REBUILD ?? 1_000_000)
export async function donorPhase(large: Country, smalls: Country[], runs = 100) {
  const system = { kind: 'system', requestId: 'bench', reason: 'bench' } as const
  const more = []
  for (const id of ['RWA', 'MWI', 'ZMB'].slice(0, Math.max(0, 4 - smalls.length))) {
    const c = await country(id)
    await loadWorkers(c, 1000, id.charCodeAt(0))
    more.push(c)
  }
  const small = [...smalls, ...more].slice(0, 4)
  const fifth = await country('ZWE')
  await loadWorkers(fifth, 1000, 29)
  const year = new Date().getUTCFullYear() - 1
  const donors: { id: string; token: string }[] = []
  for (const name of ['Donor of small countries', 'Donor with the large country']) {
    const d = await request('POST', '/api/v1/donors', large.ptoken, { name })
    const email = `${d.id}@bench.example`
    await withActor(system, () => provisionUser({ email, name, password: PASSWORD }, { kind: 'donor', id: d.id }, name, 'donor'))
    donors.push({ id: d.id as string, token: await login(email) })
  }
  const share = async (c: Country, donorId: string) => {
    await asTenantSystem(c.id, 'bench', () => rebuild())
    await request('PUT', '/api/v1/sharing', c.adminToken, { grants: ['national', 'national-occupation', 'level1-occupation'].map((breakdown) => ({ indicator: 'stock', breakdown, recipient: `donor:${donorId}` })) }, { 'if-match': '"0"' })
    await request('POST', '/api/v1/periods/freeze', c.adminToken, { year }, { 'if-match': '"0"' })
    await request('POST', '/api/v1/periods/approve', c.adminToken, { year }, { 'if-match': '"1"' })
  }
  for (const c of [...small, fifth]) await share(c, donors[0]!.id)
  // the large country's aggregates were rebuilt by the jobs phase; rebuilding again only checks them
  for (const c of [...small, large]) {
    const policy = await request('GET', '/api/v1/sharing', c.adminToken)
    const grants = [...policy.policy.grants.map((g: Record<string, unknown>) => ({ indicator: g.indicator, breakdown: g.breakdown, recipient: g.recipient })), ...['national', 'national-occupation', 'level1-occupation'].map((breakdown) => ({ indicator: 'stock', breakdown, recipient: `donor:${donors[1]!.id}` }))]
    if (c === large) {
      // the last BENCH_DONOR_REBUILD workers' contributions (the jobs phase wrote the first ones), then every cell
      const ids = (await asTenantSystem(c.id, 'bench', () => allWorkerIds())).sort()
      const from = ids[ids.length - Math.min(ids.length, LARGE_REBUILD) - 1]
      await asTenantSystem(c.id, 'bench', () => rebuild({ from }))
      await request('PUT', '/api/v1/sharing', c.adminToken, { grants }, { 'if-match': '"0"' })
      await request('POST', '/api/v1/periods/freeze', c.adminToken, { year }, { 'if-match': '"0"' })
      await request('POST', '/api/v1/periods/approve', c.adminToken, { year }, { 'if-match': '"1"' })
    } else await request('PUT', '/api/v1/sharing', c.adminToken, { grants }, { 'if-match': `"${policy.policy.version}"` })
  }
  const path = '/api/v1/summaries?indicator=stock'
  const withLarge = await request('GET', path, donors[1]!.token)
  const smallOnly = await request('GET', path, donors[0]!.token)
  const t = await compare(() => request('GET', path, donors[1]!.token), () => request('GET', path, donors[0]!.token), runs, 10)
  const ratio = t.subject.p50 / t.baseline.p50
  return [{
    section: 'aggregates', benchmark: `donor summary of 5 countries: one at ${large.workers.toLocaleString('en')} workers ÷ all five at 1,000`, value: t.subject.p50, unit: 'ms p50', baseline: t.baseline.p50, ratio, target: '≤ 1.5×', pass: ratio <= 1.5,
    note: `p99 ${t.subject.p99.toFixed(1)} vs ${t.baseline.p99.toFixed(1)} ms; ${withLarge.countries.length} vs ${smallOnly.countries.length} countries, ${JSON.stringify(withLarge).length} vs ${JSON.stringify(smallOnly).length} bytes; four countries at 100,000 not measured (time)${LARGE_REBUILD < large.workers ? `; the large country's cells count the last ${LARGE_REBUILD.toLocaleString('en')} of its workers and those the jobs phase's rebuild reached` : ''}`,
  }] satisfies Row[]
}
