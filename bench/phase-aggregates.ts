import { asTenantSystem, withActor } from '../functions/core/actor'
import { rebuild } from '../functions/core/aggregate/rebuild'
import { provisionUser } from '../functions/core/user/provision'
import { startPoller } from '../functions/streams/poller'
import { login, PASSWORD, request } from './context'
import { country, loadWorkers, type Country } from './data'
import { compare, type Row } from './stats'

/**
 * The stream consumer: the local poller reads DynamoDB Local's stream from its oldest record (the bulk load's
 * and every phase's writes) and applies it, as the Lambda on the stream does, for a fixed time: records per
 * second against the raw writes that fed them.
 */
export async function streamPhase(rawItemsPerSecond: number, seconds = Number(process.env.BENCH_STREAM_SECONDS ?? 60)) {
  const poller = startPoller({ intervalMs: 50, onError: (e) => console.error(e) })
  const t0 = performance.now()
  await new Promise((r) => setTimeout(r, seconds * 1000))
  const { applied, shards } = poller.stats()
  await poller.stop()
  const elapsed = (performance.now() - t0) / 1000
  const rate = applied / elapsed
  return [{
    section: 'aggregates', benchmark: 'stream consumer: records applied per second (backlog of the bulk load and the phases) vs raw BatchWriteItem items/s', value: rate, unit: 'records/s', baseline: rawItemsPerSecond, ratio: rate / rawItemsPerSecond,
    note: `${applied.toLocaleString('en')} records in ${elapsed.toFixed(0)} s from ${shards} shards; records of items that change no figure (audit, guards) are read and skipped`,
  }] satisfies Row[]
}

/**
 * A donor reading the summaries of 5 countries that share with it: once when all five have 1,000 workers,
 * once when one of them is the large country (its aggregates rebuilt by the jobs phase). Five large countries
 * would take half the bench's time to load; the summary reads aggregate cells, whose number grows with the
 * country's diversity (units × cadres × sex × age band), not with its head count, and the large country has
 * all of its cells.
 */
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
    await request('PUT', '/api/v1/sharing', c.adminToken, { grants: ['national', 'level1-occupation', 'sex'].map((breakdown) => ({ indicator: 'stock', breakdown, recipient: `donor:${donorId}` })) }, { 'if-match': '"0"' })
    await request('POST', '/api/v1/periods/freeze', c.adminToken, { year }, { 'if-match': '"0"' })
    await request('POST', '/api/v1/periods/approve', c.adminToken, { year }, { 'if-match': '"1"' })
  }
  for (const c of [...small, fifth]) await share(c, donors[0]!.id)
  // the large country's aggregates were rebuilt by the jobs phase; rebuilding again only checks them
  for (const c of [...small, large]) {
    const policy = await request('GET', '/api/v1/sharing', c.adminToken)
    const grants = [...policy.policy.grants.map((g: Record<string, unknown>) => ({ indicator: g.indicator, breakdown: g.breakdown, recipient: g.recipient })), ...['national', 'level1-occupation', 'sex'].map((breakdown) => ({ indicator: 'stock', breakdown, recipient: `donor:${donors[1]!.id}` }))]
    if (c === large) {
      await asTenantSystem(c.id, 'bench', () => rebuild())
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
    note: `p99 ${t.subject.p99.toFixed(1)} vs ${t.baseline.p99.toFixed(1)} ms; ${withLarge.countries.length} vs ${smallOnly.countries.length} countries, ${JSON.stringify(withLarge).length} vs ${JSON.stringify(smallOnly).length} bytes; four countries at 100,000 not measured (time)`,
  }] satisfies Row[]
}
