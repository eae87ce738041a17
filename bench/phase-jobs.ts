import { app, call, request } from './context'
import type { Country } from './data'
import { lastJson, nodeChild } from './phase-load'
import type { Row } from './stats'

type JobRun = { seconds: number; maxRssMiB: number; result: any }
const run = (args: string[]) => lastJson<JobRun>(nodeChild('job-child.ts', process.env, undefined, args))

/** Export of the large country, the move of its capital district (about a fifth of it), the aggregates' rebuild. */
export async function jobsPhase(large: Country) {
  const rows: Row[] = []
  const exportJob = await request('POST', `/api/v1/tenants/${large.id}/export`, large.adminToken)
  const ex = await run(['job', large.id, exportJob.id])
  const items = Number(ex.result?.result?.items ?? ex.result?.progress?.done ?? 0)
  rows.push({
    section: 'jobs', benchmark: `export job: the ${large.workers.toLocaleString('en')}-worker country, every item`, value: ex.seconds, unit: 's', target: 'memory bounded',
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
  const mv = await run(['job', large.id, moveJob.id])
  const done = Number(mv.result?.progress?.done ?? 0)
  rows.push({
    section: 'jobs', benchmark: `move a district (the capital's, about a fifth of the workers) to another region`, value: mv.seconds, unit: 's',
    note: `progress ${done.toLocaleString('en')} of ${mv.result?.progress?.total ?? '?'} (${Math.round(done / mv.seconds)}/s); peak RSS ${mv.maxRssMiB.toFixed(0)} MiB; ${mv.result?.status}${moving.items.length ? '' : ' (district empty?)'}`, data: mv,
  })
  const rb = await run(['rebuild', large.id])
  rows.push({
    section: 'jobs', benchmark: `rebuild the aggregates of the ${large.workers.toLocaleString('en')}-worker country`, value: rb.seconds, unit: 's',
    note: `${rb.result?.workers} workers (${Math.round(rb.result?.workers / rb.seconds)}/s), ${rb.result?.moved} contributions written, ${rb.result?.repaired} cells set; peak RSS ${rb.maxRssMiB.toFixed(0)} MiB`, data: rb,
  })
  return rows
}
