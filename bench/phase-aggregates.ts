import { asTenantSystem, withActor } from '../functions/core/actor'
import { rebuild } from '../functions/core/aggregate/rebuild'
import { readCells } from '../functions/core/aggregate/store'
import { keys } from '../functions/core/db/keys'
import { countItems } from '../functions/core/db/read'
import { provisionUser } from '../functions/core/user/provision'
import { lastJson, nodeChild } from './phase-load'
import { login, PASSWORD, request } from './context'
import { country, loadCells, loadWorkers, type Country } from './data'
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
 * A donor reading the summaries of 5 countries that share with it (an approved year, three breakdowns), once
 * when all five have 1,000 workers, once when all five have `large.workers`. The five small ones and the large
 * country are real registries, their figures recounted from their records (the large one by the jobs phase's
 * recount job); the four other large ones are aggregate cells only (data.ts `loadCells`: what the recount of a
 * registry drawn the same way would write), since a summary reads cells, never a worker, and loading four more
 * registries of 100,000 would take two hours here.
 */
export async function donorPhase(large: Country, smalls: Country[], runs = 100) {
  const system = { kind: 'system', requestId: 'bench', reason: 'bench' } as const
  const small = [...smalls]
  for (const id of ['RWA', 'MWI', 'ZMB', 'ZWE'].slice(0, Math.max(0, 5 - smalls.length))) {
    const c = await country(id)
    await loadWorkers(c, 1000, id.charCodeAt(0))
    small.push(c)
  }
  const cellsOf = new Map<string, number>()
  const bigs = [large]
  for (const id of ['ETH', 'NGA', 'GHA', 'SEN']) {
    const c = await country(id)
    cellsOf.set(id, await loadCells(c, large.workers, id.charCodeAt(1)))
    bigs.push(c)
  }
  // the large country's figures: the recount job's, unless the jobs phase did not finish it
  const counted = await asTenantSystem(large.id, 'bench', () => countItems({ partition: keys.contributions() }))
  if (counted < large.workers) await asTenantSystem(large.id, 'bench', () => rebuild())
  cellsOf.set(large.id, await asTenantSystem(large.id, 'bench', async () => (await readCells()).size))
  const year = new Date().getUTCFullYear() - 1
  const donors: { id: string; token: string }[] = []
  for (const name of ['Donor of small countries', 'Donor of large countries']) {
    const d = await request('POST', '/api/v1/donors', large.ptoken, { name })
    const email = `${d.id}@bench.example`
    await withActor(system, () => provisionUser({ email, name, password: PASSWORD }, { kind: 'donor', id: d.id }, name, 'donor'))
    donors.push({ id: d.id as string, token: await login(email) })
  }
  const share = async (c: Country, donorId: string) => {
    const policy = await request('GET', '/api/v1/sharing', c.adminToken)
    const grants = ['national', 'national-occupation', 'level1-occupation'].map((breakdown) => ({ indicator: 'stock', breakdown, recipient: `donor:${donorId}` }))
    await request('PUT', '/api/v1/sharing', c.adminToken, { grants }, { 'if-match': `"${policy.policy.version}"` })
    const p = (await request('GET', '/api/v1/periods', c.adminToken)).items.find((i: { year: number }) => i.year === year) ?? { state: 'open', version: 0 }
    if (p.state === 'approved') return
    await request('POST', '/api/v1/periods/freeze', c.adminToken, { year }, { 'if-match': `"${p.version}"` })
    await request('POST', '/api/v1/periods/approve', c.adminToken, { year }, { 'if-match': `"${p.version + 1}"` })
  }
  for (const c of small) {
    await asTenantSystem(c.id, 'bench', () => rebuild())
    await share(c, donors[0]!.id)
  }
  for (const c of bigs) await share(c, donors[1]!.id)
  const path = '/api/v1/summaries?indicator=stock'
  let t0 = performance.now()
  const withLarge = await request('GET', path, donors[1]!.token)
  const firstLarge = performance.now() - t0
  t0 = performance.now()
  const smallOnly = await request('GET', path, donors[0]!.token)
  const firstSmall = performance.now() - t0
  const t = await compare(() => request('GET', path, donors[1]!.token), () => request('GET', path, donors[0]!.token), runs, 10)
  const ratio = t.subject.p50 / t.baseline.p50
  const cells = bigs.map((c) => `${c.id} ${cellsOf.get(c.id)!.toLocaleString('en')}`).join(', ')
  return [{
    section: 'aggregates', benchmark: `donor summary of 5 countries: all at ${large.workers.toLocaleString('en')} workers ÷ all at 1,000`, value: t.subject.p50, unit: 'ms p50', baseline: t.baseline.p50, ratio, target: '≤ 1.5×', pass: ratio <= 1.5,
    note: `p99 ${t.subject.p99.toFixed(1)} vs ${t.baseline.p99.toFixed(1)} ms; first read ${firstLarge.toFixed(0)} vs ${firstSmall.toFixed(0)} ms; ${withLarge.countries.length} vs ${smallOnly.countries.length} countries, ${JSON.stringify(withLarge).length} vs ${JSON.stringify(smallOnly).length} bytes; cells per large country: ${cells} (${large.id} a real registry recounted, the others cells written as its recount would)`,
  }] satisfies Row[]
}
