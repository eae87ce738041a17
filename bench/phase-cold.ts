import { request } from './context'
import type { Country } from './data'
import type { NodejsOptions } from './bundle'
import { coldStart } from './coldstart'
import type { Row } from './stats'

/**
 * Lambda cold start: fresh Node processes import the bundled api function and answer one request. The target
 * row is what a user meets: a signed-in worker read (token, tenant status, the worker, its audit event), against
 * the minimal Hono handler's one GetItem. `/health` stays beside it for information.
 */
export async function coldPhase(large: Country, sampleId?: string, nodejs?: NodejsOptions) {
  const id = sampleId ?? (await request('GET', '/api/v1/workers?limit=1', large.token)).items[0].id
  const cold = await coldStart(Number(process.env.COLD_RUNS ?? 25), { path: `/api/v1/workers/${id}`, token: large.token }, nodejs)
  const rows: Row[] = []
  if (cold.read)
    rows.push({
      section: 'cold start', benchmark: 'cold start: import + first request, a signed-in worker read, vs minimal handler + GetItem', value: cold.read.p50, unit: 'ms p50', baseline: cold.minimal.p50, ratio: cold.read.p50 / cold.minimal.p50, target: '≤ 1.5×', pass: cold.read.p50 / cold.minimal.p50 <= 1.5,
      note: `p95 ${cold.read.p95.toFixed(0)} vs ${cold.minimal.p95.toFixed(0)} ms; import alone ${cold.readImport!.p50.toFixed(0)} vs ${cold.minimalImport.p50.toFixed(0)} ms`,
    })
  // what the target cannot go below: the round trips of a signed-in read (country status, worker, audit event)
  // from a handler that does nothing else; the read's own ratio is this floor times what the api adds
  if (cold.floor)
    rows.push({ section: 'cold start', benchmark: 'cold start: the floor, a handler doing only the round trips of that read, for information', value: cold.floor.p50, unit: 'ms p50', baseline: cold.minimal.p50, ratio: cold.floor.p50 / cold.minimal.p50, note: `the signed-in read is ${(cold.read!.p50 / cold.floor.p50).toFixed(2)}× this floor` })
  rows.push({ section: 'cold start', benchmark: 'cold start: import + /health (one GetItem), for information', value: cold.api.p50, unit: 'ms p50', baseline: cold.minimal.p50, ratio: cold.api.p50 / cold.minimal.p50 })
  // bundled as deployed (infra/api-bundle.ts): split, so the figure is what a cold start loads, the entry and
  // the chunks it imports; the chunks loaded on first use (S3, SQS, ...) are in the note
  rows.push({
    section: 'cold start', benchmark: 'api bundle loaded at cold start (esbuild as SST deploys it: entry + chunks it imports)', value: cold.apiBytes / 1024, unit: 'KiB', baseline: cold.minimalBytes / 1024, ratio: cold.apiBytes / cold.minimalBytes, target: '≤ 1024 KiB', pass: cold.apiBytes <= 1024 * 1024,
    note: `all ${cold.apiFiles} files of the package ${(cold.apiTotalBytes / 1024).toFixed(0)} KiB; the minimal handler bundled the same way`,
  })
  return rows
}
