import { withActor } from '../functions/core/actor'
import { auditItem } from '../functions/core/audit/event'
import { keys } from '../functions/core/db/keys'
import type { Item } from '../functions/core/db/marshal'
import { deploymentItem } from '../functions/core/deployment'
import { newId } from '../functions/core/id'
import { workerWrites } from '../functions/core/worker/item'
import { runJob } from '../functions/jobs/runner'
import { getJob } from '../functions/jobs/store'
import type { WorkerInfo } from '../functions/core/worker/schema'
import { request } from './context'
import { batchWrite, type Country } from './data'
import { metered } from './meter'
import { compare, type Row } from './stats'

const fid = (id: string) => id.replaceAll('_', '-')
const ISCO = 'http://www.ilo.org/public/english/bureau/stat/isco/isco08'

/**
 * The mCSD Directory: Practitioner by name and PractitionerRole by location at the large and the small
 * country; a `_history` page at both; an ITI-130 feed of practitioners with their roles against a raw
 * BatchWriteItem of what it writes.
 */
export async function fhirPhase(large: Country, small: Country, runs: number) {
  const rows: Row[] = []
  const hospital = (c: Country) => c.facilities.find((f) => f.parentId === c.districts[6]!.id)!
  const cases: [string, (c: Country) => string, number][] = [
    ['Practitioner?name=mwangi', (c) => `/fhir/${c.id}/Practitioner?name=mwangi&_count=25`, 2],
    // a page both countries fill (the small country's hospital holds about 6 roles): the same work at both sizes
    ['PractitionerRole?location= (a district hospital, _count=5)', (c) => `/fhir/${c.id}/PractitionerRole?location=Location/${fid(hospital(c).id)}&_count=5`, 2],
    ['Practitioner/_history page (_count=50)', (c) => `/fhir/${c.id}/Practitioner/_history?_count=50`, 2],
  ]
  for (const [label, path, max] of cases) {
    const subject = () => request('GET', path(large), large.token)
    const baseline = () => request('GET', path(small), small.token)
    const shown = { large: (await subject()).entry?.length ?? 0, small: (await baseline()).entry?.length ?? 0 }
    const t = await compare(subject, baseline, runs, 10)
    const m = { large: await metered(subject, 3), small: await metered(baseline, 3) }
    const p50 = t.subject.p50 / t.baseline.p50
    rows.push({
      section: 'fhir', benchmark: `FHIR ${label}: ${large.workers} ÷ ${small.workers}`, value: t.subject.p50, unit: 'ms p50', baseline: t.baseline.p50, ratio: p50, target: `≤ ${max}×`, pass: p50 <= max,
      note: `p99 ${t.subject.p99.toFixed(1)} vs ${t.baseline.p99.toFixed(1)} ms; items read ${m.large.itemsRead.toFixed(0)} vs ${m.small.itemsRead.toFixed(0)}, ${m.large.read.toFixed(1)} vs ${m.small.read.toFixed(1)} RCU (${shown.large} vs ${shown.small} entries)`,
    })
  }
  // ITI-130: practitioners, each with a PractitionerRole at a facility
  const facility = large.facilities[10]!
  let serial = 0
  const bundle = (practitioners: number) => ({
    resourceType: 'Bundle', type: 'transaction',
    entry: Array.from({ length: practitioners }, () => {
      const n = serial++
      const url = `urn:uuid:00000000-0000-4000-8000-${String(n).padStart(12, '0')}`
      return [
        { fullUrl: url, request: { method: 'POST', url: 'Practitioner' }, resource: { resourceType: 'Practitioner', identifier: [{ system: `https://cadre.health/fhir/sid/${large.id}/national-id`, value: `FEED-${n}` }], name: [{ family: `Feed${n}`, given: ['Bench'] }], gender: n % 2 ? 'female' : 'male', birthDate: `19${70 + (n % 30)}-0${1 + (n % 9)}-1${n % 10}` } },
        { request: { method: 'POST', url: 'PractitionerRole' }, resource: { resourceType: 'PractitionerRole', practitioner: { reference: url }, location: [{ reference: `Location/${fid(facility.id)}` }], code: [{ coding: [{ system: ISCO, code: '2221' }] }], period: { start: '2025-01-01' } } },
      ]
    }).flat(),
  })
  /**
   * A bundle of more than 200 entries is answered 202 and written by a `fhir.transaction` job: the time
   * counted is from the POST to the status URL's final answer, the job run in this process one runner
   * after another (as the queue's invocations would), and the acceptance (checking and planning) apart.
   */
  const postBundle = async (b: unknown) => {
    const t0 = performance.now()
    const res = await fetchApp(b)
    const acceptMs = performance.now() - t0
    if (res.status !== 202) return { ...res, ms: acceptMs, acceptMs, job: undefined }
    const statusPath = new URL(res.location!).pathname
    const jobId = statusPath.split('/').pop()!
    let runs = 0
    while ((await runJob(`T#${large.id}`, jobId, { budgetMs: 60_000 })) === 'more') runs++
    const final = await fetchApp(undefined, statusPath)
    return { ...final, ms: performance.now() - t0, acceptMs, job: { runs: runs + 1, steps: (await getJob(`T#${large.id}`, jobId))?.steps } }
  }
  const fetchApp = async (b: unknown, path = `/fhir/${large.id}`) => {
    const { app } = await import('./context')
    const res = await app.request(path, b === undefined ? { headers: { authorization: `Bearer ${large.adminToken}` } } : { method: 'POST', headers: { authorization: `Bearer ${large.adminToken}`, 'content-type': 'application/fhir+json' }, body: JSON.stringify(b) })
    const text = await res.text()
    return { status: res.status, text, location: res.headers.get('content-location') }
  }
  const full = await postBundle(bundle(1000))
  let accepted = 1000
  let result = full
  if (full.status >= 300) {
    for (accepted = 250; accepted >= 25; accepted = Math.floor(accepted / 2)) {
      result = await postBundle(bundle(accepted))
      if (result.status < 300) break
    }
  }
  const refusal = full.status >= 300 ? `a 1,000-practitioner bundle (2,000 entries) is refused: ${full.status} ${(/"code":"([^"]+)"/.exec(full.text) ?? /"text":"([^"]+)"/.exec(full.text) ?? [])[1] ?? full.text.slice(0, 120)}; measured the largest accepted, ${accepted} practitioners (${accepted * 2} entries)` : 'the 1,000-practitioner bundle was accepted'
  if (result.status >= 300) throw new Error(`ITI-130: ${result.status} ${result.text.slice(0, 300)}`)
  const entries = accepted * 2
  const feedSeconds = result.ms / 1000
  // raw: the items the feed wrote for each practitioner, by the same builders, with BatchWriteItem
  const items: Item[] = []
  await withActor({ kind: 'system', requestId: 'b', reason: 'b', tenantId: large.id }, async () => {
    const now = new Date().toISOString()
    for (let n = 0; n < accepted; n++) {
      const w = { id: newId('worker'), nationalId: `RAWFEED-${n}`, givenName: 'Bench', familyName: `Raw${n}`, sex: 'female', birthDate: '1980-01-01', cadreId: large.cadres[0]!.id, qualifications: [], contacts: {}, status: 'active', trainingOrigin: 'unknown', orgUnitId: facility.id, facilityId: facility.id, path: facility.path, version: 1, createdAt: now, updatedAt: now } as WorkerInfo
      const d = { id: newId('deployment'), workerId: w.id, facilityId: facility.id, facilityName: facility.name, position: 'Registered Nurse', cadreId: w.cadreId, sector: 'public', fte: 1, startDate: '2025-01-01', version: 1, createdAt: now, updatedAt: now }
      for (const wr of workerWrites(w, 'absent')) if ('put' in wr) items.push(wr.put)
      items.push({ ...keys.nationalId(w.nationalId!), workerId: w.id }, deploymentItem(d as never))
      items.push(auditItem({ action: 'worker.create', entityType: 'worker', entityId: w.id, after: w }), auditItem({ action: 'deployment.create', entityType: 'worker', entityId: w.id, after: d }))
    }
  })
  const t0 = performance.now()
  for (let i = 0; i < items.length; i += 400) await Promise.all(Array.from({ length: 16 }, (_, j) => items.slice(i + j * 25, i + j * 25 + 25)).filter((b) => b.length).map(batchWrite))
  const rawSeconds = (performance.now() - t0) / 1000
  const ratio = entries / feedSeconds / (entries / rawSeconds)
  rows.push({
    section: 'fhir', benchmark: `ITI-130 transaction: ${accepted} practitioners with a role each (${entries} entries${result.job ? ', through the job' : ''}) vs raw BatchWriteItem of the same items`, value: entries / feedSeconds, unit: 'entries/s', baseline: entries / rawSeconds, ratio,
    note: `${feedSeconds.toFixed(1)} s vs ${rawSeconds.toFixed(2)} s raw (${items.length} items)${result.job ? `; answered 202 after ${(result.acceptMs / 1000).toFixed(1)} s (every entry checked and planned), then written by the job in ${result.job.steps} steps` : ''}; ${refusal}`,
  })
  return rows
}
