import { app, call, request } from './context'
import type { Country } from './data'
import { nodeChild } from './phase-load'
import type { Row } from './stats'

type JobRun = { seconds: number; maxRssMiB: number; result: any; finished: boolean }
/**
 * A job in its own process, stopped after BENCH_JOB_SECONDS when set (a loaded machine may not finish a
 * 100,000-worker job in the bench's time): then its rate is what it did in that time, and the row says so.
 */
async function run(args: string[], tenant?: { id: string; token: string }): Promise<JobRun> {
  const box = Number(process.env.BENCH_JOB_SECONDS ?? 0)
  const child = nodeChild('job-child.ts', process.env, undefined, args)
  let out = ''
  child.stdout!.on('data', (d) => (out += d))
  const timer = box ? setTimeout(() => child.kill(), box * 1000) : undefined
  const t0 = performance.now()
  await new Promise((ok) => child.on('exit', ok))
  clearTimeout(timer)
  const lines = out.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l))
  const last = lines.at(-1)
  if (last && 'result' in last) return { ...last, finished: true }
  const seconds = (performance.now() - t0) / 1000
  if (args[0] === 'job' && tenant) {
    const job = (await call('GET', `/api/v1/jobs/${args[2]}`, tenant.token)).body
    return { seconds, maxRssMiB: NaN, result: { status: `${job.state}, stopped after ${box} s`, progress: job.progress }, finished: false }
  }
  return { seconds, maxRssMiB: last?.maxRssMiB ?? NaN, result: { progress: last?.progress, workers: last?.progress?.done ?? 0, status: `stopped after ${box} s` }, finished: false }
}

/** Export of the large country, the move of its capital district (about a fifth of it), the aggregates' rebuild. */
export async function jobsPhase(large: Country) {
  const rows: Row[] = []
  const exportJob = await request('POST', `/api/v1/tenants/${large.id}/export`, large.adminToken)
  const ex = await run(['job', large.id, exportJob.id], { id: large.id, token: large.adminToken })
  const items = Number(ex.result?.result?.items ?? ex.result?.progress?.done ?? 0)
  rows.push({
    section: 'jobs', benchmark: `export job: the ${large.workers.toLocaleString('en')}-worker country, every item${ex.finished ? '' : ' (time-boxed)'}`, value: ex.seconds, unit: 's',
    note: `${items.toLocaleString('en')} items, ${Math.round(items / ex.seconds)} items/s, ${(Number(ex.result?.result?.bytes ?? 0) / 2 ** 20).toFixed(0)} MiB written; peak RSS ${ex.maxRssMiB.toFixed(0)} MiB; ${ex.result?.status}`, data: ex,
  })
  // the streamed CSV export of every worker, in this process: time, and the memory it adds
  let peak = process.memoryUsage().rss
  const before = peak
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50)
  const t0 = performance.now()
  const res = await app.request('/api/v1/exports/workers.csv', { headers: { authorization: `Bearer ${large.token}` } })
  let bytes = 0
  let lines = 0
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.byteLength
    for (const b of chunk) if (b === 10) lines++
  }
  clearInterval(sampler)
  const csvSeconds = (performance.now() - t0) / 1000
  rows.push({
    section: 'jobs', benchmark: `CSV export of the ${large.workers.toLocaleString('en')}-worker country (streamed)`, value: csvSeconds, unit: 's',
    note: `${(lines - 1).toLocaleString('en')} rows (${Math.round((lines - 1) / csvSeconds)}/s), ${(bytes / 2 ** 20).toFixed(0)} MiB; process RSS ${(before / 2 ** 20).toFixed(0)} MiB before, ${(peak / 2 ** 20).toFixed(0)} MiB at most (status ${res.status})`,
  })
  const capital = large.districts[0]!
  const moving = (await call('GET', `/api/v1/workers?orgUnitId=${capital.id}&limit=1`, large.token)).body
  const unit = await call('GET', `/api/v1/org-units/${capital.id}`, large.token)
  const moveJob = (await call('POST', `/api/v1/org-units/${capital.id}/move`, large.token, { parentId: large.regions[1]!.id }, { 'if-match': unit.etag! })).body
  const mv = await run(['job', large.id, moveJob.id], { id: large.id, token: large.token })
  const done = Number(mv.result?.progress?.done ?? 0)
  rows.push({
    section: 'jobs', benchmark: `move a district (the capital's, about a fifth of the workers) to another region${mv.finished ? '' : ' (time-boxed)'}`, value: mv.seconds, unit: 's',
    note: `${done.toLocaleString('en')} of ${mv.result?.progress?.total ?? '?'} units and workers moved (${Math.round(done / mv.seconds)}/s); peak RSS ${mv.maxRssMiB.toFixed(0)} MiB; ${mv.result?.status}${moving.items.length ? '' : ' (district empty?)'}`, data: mv,
  })
  // the recount as a ministry admin starts it: the job through the runner, in a process of its own
  const recount = await request('POST', '/api/v1/indicators/recount', large.adminToken)
  const rb = await run(['job', large.id, recount.id], { id: large.id, token: large.adminToken })
  const counted = Number(rb.result?.result?.workers ?? rb.result?.progress?.done ?? 0)
  rows.push({
    section: 'jobs', benchmark: `rebuild the aggregates of the ${large.workers.toLocaleString('en')}-worker country (the recount job)${rb.finished ? '' : ' (time-boxed)'}`, value: rb.seconds, unit: 's',
    note: `${counted.toLocaleString('en')} workers (${(counted / rb.seconds).toFixed(0)}/s)${rb.finished ? `, ${rb.result?.result?.moved} contributions written, ${rb.result?.result?.repaired} cells set` : `, ${rb.result?.status}: all ${large.workers.toLocaleString('en')} would take ${((large.workers / (counted / rb.seconds)) / 60).toFixed(0)} min at that rate`}; peak RSS ${rb.maxRssMiB.toFixed(0)} MiB; ${rb.result?.status}`, data: rb,
  })
  return rows
}
