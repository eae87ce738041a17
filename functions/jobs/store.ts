import { keys } from '../core/db/keys'
import { fill } from '../core/db/fill'
import { getItem, query } from '../core/db/read'
import { commit, type Write } from '../core/db/write'
import type { AuditInput } from '../core/audit'
import { AppError, notFound } from '../core/error'
import { fromItem, jobItem, type JobRecord } from './record'
import { terminal, type JobKind } from './schema'

export async function getJob(owner: string, jobId: string) {
  const item = await getItem(keys.job(owner, jobId))
  return item ? fromItem(item) : undefined
}

export type JobFilter = { kind?: JobKind; tenantId?: string }

/**
 * The caller's jobs (their country's, or the platform's), newest first; the lock items beside them are skipped.
 * Filtered by kind or country (the latest export of one country among the platform's jobs), a page reads on
 * within a budget until it is full, and answers with a cursor where the budget ran out.
 */
export async function listJobs(owner: string, cursor: string | null | undefined, limit: number, only: JobFilter = {}) {
  const input = { partition: keys.jobs(owner).pk, prefix: 'job_', newestFirst: true, cursor, limit }
  const names: Record<string, string> = {}
  const values: Record<string, string> = {}
  const terms = Object.entries(only)
    .filter(([, v]) => v !== undefined)
    .map(([field, value]) => ((names[`#${field}`] = field), (values[`:${field}`] = value!), `#${field} = :${field}`))
  const page = await fill({ ...input, filter: terms.length ? { expression: terms.join(' AND '), names, values } : undefined }, limit)
  return { items: page.items.map(fromItem), cursor: page.cursor }
}

/** Jobs due to run: queued, or running under a lease that ran out before `before`. Oldest first. */
export async function dueJobs(before: string, limit = 10) {
  const page = await query({ index: 'gsi1', partition: keys.jobsDuePartition(), before, limit })
  return page.items.map(fromItem)
}

export class LeaseLost extends Error {
  constructor() {
    super('the job was cancelled or taken over by another runner')
  }
}

/**
 * Every change of a job is conditional on the version read: the lease holder and a cancel are the only
 * writers, so a runner whose lease was taken over, or whose job was cancelled, finds out at its next save.
 */
export async function saveJob(current: JobRecord, next: Omit<JobRecord, 'version' | 'updatedAt'>, extra: { writes?: Write[]; audit?: AuditInput | AuditInput[] } = {}) {
  const saved: JobRecord = { ...next, version: current.version + 1, updatedAt: new Date().toISOString() } as JobRecord
  const lock = terminal(saved.state) && !terminal(current.state) ? [{ delete: keys.jobLock(saved.tenantId, saved.kind) }] : []
  await commit([{ put: jobItem(saved), when: { version: current.version }, conflict: () => new LeaseLost() }, ...lock, ...(extra.writes ?? [])], { audit: extra.audit })
  return saved
}

/** Claims a job for `holder` until `leaseMs` from now, if it is queued or its lease has run out. */
export async function claim(owner: string, jobId: string, holder: string, leaseMs: number) {
  const job = await getJob(owner, jobId)
  if (!job || terminal(job.state)) return { job, claimed: false as const }
  const now = Date.now()
  if (job.leaseUntil && Date.parse(job.leaseUntil) > now && job.leaseHolder !== holder) return { job, claimed: false as const }
  try {
    const claimed = await saveJob(job, { ...job, state: 'running', leaseHolder: holder, leaseUntil: new Date(now + leaseMs).toISOString() })
    return { job: claimed, claimed: true as const }
  } catch (error) {
    if (error instanceof LeaseLost) return { job, claimed: false as const }
    throw error
  }
}

/** Cancelling is honoured while the job says it can stop cleanly; a few tries, as the runner may be saving. */
export async function cancelJob(owner: string, jobId: string) {
  for (let attempt = 0; attempt < 5; attempt++) {
    const job = await getJob(owner, jobId)
    if (!job) throw notFound('job')
    if (job.state === 'cancelled') return job
    if (terminal(job.state)) throw new AppError(409, 'job.finished', 'This job has already finished')
    if (!job.cancellable) throw new AppError(409, 'job.not_cancellable', 'This job can no longer stop halfway; it will finish shortly')
    try {
      return await saveJob(job, { ...job, state: 'cancelled', finishedAt: new Date().toISOString(), leaseHolder: undefined, leaseUntil: undefined }, {
        audit: { action: 'job.cancel', entityType: 'job', entityId: job.id, tenantId: job.tenantId, after: { kind: job.kind, progress: job.progress } },
      })
    } catch (error) {
      if (!(error instanceof LeaseLost)) throw error
    }
  }
  throw new AppError(503, 'service.unavailable', 'The job is busy; try again', {}, { 'Retry-After': '1' })
}
