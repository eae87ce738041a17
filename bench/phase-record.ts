import { request } from './context'
import { loadHistory, type Country } from './data'
import { metered } from './meter'
import { compare, type Row } from './stats'

/** A much-read worker (10,000 audit events in its history) against a fresh one: `/record` and `/history`. */
export async function recordPhase(large: Country, events: number, runs: number) {
  const rows: Row[] = []
  const facility = large.facilities[3]!
  const make = (name: string) => request('POST', '/api/v1/workers', large.token, { givenName: name, familyName: 'Record', sex: 'female', birthDate: '1983-04-05', cadreId: large.cadres[0]!.id, orgUnitId: facility.id, confirmNotDuplicate: true })
  const busy = await make('Busy')
  const fresh = await make('Fresh')
  await loadHistory(large, busy.id, events)
  for (const what of ['record', 'history'] as const) {
    const t = await compare(() => request('GET', `/api/v1/workers/${busy.id}/${what}`, large.token), () => request('GET', `/api/v1/workers/${fresh.id}/${what}`, large.token), runs, 20)
    const m = await metered(() => request('GET', `/api/v1/workers/${busy.id}/${what}`, large.token), 5)
    const ratio = t.subject.p50 / t.baseline.p50
    rows.push({
      section: 'records', benchmark: `/workers/{id}/${what}: ${events.toLocaleString('en')} audit events vs a fresh record`, value: t.subject.p50, unit: 'ms p50', baseline: t.baseline.p50, ratio, target: '≤ 2×', pass: ratio <= 2,
      note: `p99 ${t.subject.p99.toFixed(1)} vs ${t.baseline.p99.toFixed(1)} ms; ${m.calls.toFixed(1)} round trips, ${m.itemsRead.toFixed(0)} items read`,
    })
  }
  return rows
}
