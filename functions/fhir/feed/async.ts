import type { BundleEntry, OperationOutcome } from '@medplum/fhirtypes'
import { useActor, useTenant, useUser } from '../../core/actor'
import { keys } from '../../core/db/keys'
import { AppError } from '../../core/error'
import { importFiles } from '../../core/import/files'
import { startJob } from '../../jobs'
import { newJob } from '../../jobs/record'
import { getJob } from '../../jobs/store'
import { outcome } from '../outcome'
import type { FhirRequest, FhirResponse } from '../route'
import { assertScope } from '../scopes'
import { EntryError, References, type Entry } from './entries'
import { isStored, planStored, type StoredPlan } from './stored'
import { removeFeedFiles, stoppedAnswer } from './stopped'
import { failed, plan } from './transaction'

/**
 * More entries than this are not written within the request: at 26–47 entries a second, 200 take 4–8 s,
 * well inside API Gateway's 29 s; 2,000 would take about a minute. Larger bundles are answered 202 Accepted.
 */
export const SYNC_ENTRIES = 200

/** `Prefer: respond-async` (FHIR's asynchronous request pattern), or a bundle too large for one request. */
export const runsAsync = (req: FhirRequest, entries: number) => /\brespond-async\b/i.test(req.c.req.header('prefer') ?? '') || entries > SYNC_ENTRIES

/** A request written by a job: its bundle as checked and planned, and the answers each step adds. */
export const feedPaths = (tenantId: string, jobId: string) => {
  const base = `fhir/${tenantId}/${jobId}`
  // the bundle and the answers so far are the job's work, removed when it ends: the person data in them is the registry's to keep
  const work = `${base}/work`
  return { base, work, bundle: `${work}/bundle.json`, part: (n: number) => `${work}/answers/${String(n).padStart(6, '0')}.json`, response: `${base}/response.json` }
}

/** What the job reads back: the entries (new kept resources' ids fixed), answers known at once, and who was new. */
export interface Accepted {
  type: 'transaction' | 'batch'
  entries: Entry[]
  /** batch entries refused at once (a scope the client lacks), by entry */
  answered: Record<number, BundleEntry>
  /** [role entry, practitioner entry]: the first role of a new practitioner, created with it */
  firstRoles: [number, number][]
}

/**
 * Gives each new kept resource the id its plan chose, as a `PUT Type/id`: a job step taken over after a
 * crash finds what it wrote by that id, instead of making another with a new id.
 */
function pin(stored: StoredPlan[]) {
  for (const s of stored) {
    if (s.existing || s.entry.id) continue
    s.entry.method = 'PUT'
    s.entry.url = `${s.type}/${s.fhirId}`
    s.entry.id = s.fhirId
  }
}

/** An OperationOutcome that informs (nothing went wrong). */
function info(code: string, message: string): OperationOutcome {
  const body = outcome(200, code, message, 'information')
  body.issue![0]!.code = 'informational'
  return body
}

/**
 * The asynchronous answer: the bundle is read, checked and planned as the synchronous path does (a bad entry
 * is its 4xx OperationOutcome now, nothing written and no job), then kept in the file store and written by a
 * `fhir.transaction` job. 202 Accepted, with the status URL in Content-Location.
 */
export async function accept(req: FhirRequest, type: 'transaction' | 'batch', entries: Entry[]): Promise<FhirResponse> {
  const answered: Accepted['answered'] = {}
  let firstRoles: Accepted['firstRoles'] = []
  if (type === 'transaction') {
    const p = await plan(req.base, entries)
    pin(p.stored)
    firstRoles = p.workers.filter((w) => !w.existing && w.roles[0]).map((w) => [w.roles[0]!.entry.index, w.entry.index])
  } else {
    const actor = useActor()
    for (const e of entries) {
      try {
        assertScope(actor, e.type, 'write')
      } catch (error) {
        answered[e.index] = failed(new EntryError(e.index, 403, 'fhir.scope_missing', (error as Error).message))
        continue
      }
      // a batch entry's own faults are its answer, given by the job
      if (isStored(e.type) && !e.id) pin(await planStored([e], new References([e], req.base)).catch(() => []))
    }
  }
  const tenant = useTenant()
  const { job, write } = newJob('fhir.transaction', tenant, type, { base: req.base, type, entries: entries.length }, { total: entries.length, cancellable: false })
  const files = await importFiles()
  await files.write(feedPaths(tenant, job.id).bundle, JSON.stringify({ type, entries, answered, firstRoles } satisfies Accepted))
  await startJob(job, [write], { action: 'fhir.transaction_start', entityType: 'fhir', entityId: type, after: { jobId: job.id, entries: entries.length } })
  const status = `${req.base}/$status/${job.id}`
  const why = entries.length > SYNC_ENTRIES ? `more than ${SYNC_ENTRIES} entries are written in the background` : 'as asked (Prefer: respond-async)'
  return {
    status: 202,
    headers: { 'Content-Location': status },
    body: info('fhir.accepted', `Accepted${type === 'transaction' ? ': every entry was checked;' : ','} the ${entries.length} entries are being written (${why}). Follow ${status} for progress and, when done, the ${type}-response.`),
  }
}

/**
 * The status URL: 202 with `X-Progress` while the job writes, then the job's answer (200 and the
 * transaction-response, or the OperationOutcome of a bundle that could not be written whole), or, for a job
 * that failed or was cancelled, a 409 OperationOutcome that says so (stopped.ts). Only the one
 * who sent the bundle, or the country's ministry admin, reads it; any other id is 404.
 */
export async function status(req: FhirRequest): Promise<FhirResponse> {
  const user = useUser()
  const gone = () => new AppError(404, 'fhir.not_found', 'No such request in progress')
  if (!/^job_[0-9a-z]{26}$/.test(req.id)) throw gone()
  const job = await getJob(keys.jobOwner(), req.id)
  if (!job || job.kind !== 'fhir.transaction' || job.tenantId !== useTenant()) throw gone()
  if (job.actor.userId !== user.userId && user.role !== 'ministry-admin') throw gone()
  const progress = `${job.progress.done} of ${job.progress.total ?? '?'} entries written`
  if (job.state === 'queued' || job.state === 'running')
    return { status: 202, headers: { 'X-Progress': progress, 'Retry-After': '2' }, body: info('fhir.in_progress', `In progress: ${progress}`) }
  if (job.state !== 'done') {
    // the runner removed the files when it stopped the job, unless it died first: swept again here
    await removeFeedFiles(job)
    return stoppedAnswer(job, req.c.req.header('accept-language'))
  }
  const files = await importFiles()
  const paths = feedPaths(job.tenantId, job.id)
  // a runner that lost the job mid-step may still have written a part after the end: the work goes with the job
  await files.removeAll(paths.work)
  const kept = readKept(job.id, await files.text(paths.response))
  if (!kept) throw new AppError(410, 'fhir.response_gone', 'The answer to this request is no longer kept')
  return { status: Number(job.result?.status ?? 200), body: kept.body }
}

/** The answer kept for the status URL; one that no longer reads (a damaged store) is as good as gone, not a 500. */
function readKept(jobId: string, text: string | undefined): { body: OperationOutcome } | undefined {
  if (!text) return undefined
  try {
    return JSON.parse(text) as { body: OperationOutcome }
  } catch (error) {
    console.error(`the answer of ${jobId} does not read`, error)
    return undefined
  }
}
