import { useUser, type Actor } from '../core/actor'
import { keys } from '../core/db/keys'
import { strip } from '../core/db/marshal'
import type { Write } from '../core/db/write'
import { newId } from '../core/id'
import { created } from '../core/util/entity'
import { terminal, type JobInfo, type JobKind, type JobState } from './schema'

/** Who started a job: the runner acts as them, so audit events name the person, not the machine. */
export type JobActor = { userId: string; email: string; role: Extract<Actor, { kind: 'user' }>['role']; tenantId?: string; partnerId?: string; orgUnitId?: string }

/** The stored job: what the owner reads, plus the runner's bookkeeping. */
export type JobRecord = Omit<JobInfo, 'itemsPerSecond' | 'secondsLeft' | 'startedBy'> & {
  owner: string
  actor: JobActor
  input: Record<string, unknown>
  checkpoint?: unknown
  /** claimable by a runner once this time has passed (absent: never claimed) */
  leaseUntil?: string
  leaseHolder?: string
  /** time spent inside steps, for the rate shown to the owner */
  workMs: number
  steps: number
  /** transient failures in a row (throttling): the job fails after too many */
  retries: number
}

/** A new job, queued, with the write that creates it; the caller commits it with its own change and audit. */
export function newJob(kind: JobKind, tenantId: string, subjectId: string, input: Record<string, unknown>, options: { total?: number | null; cancellable?: boolean } = {}) {
  const user = useUser()
  const job: JobRecord = {
    id: newId('job'), kind, state: 'queued', tenantId, subjectId, owner: keys.jobOwner(),
    actor: { userId: user.userId, email: user.email, role: user.role, tenantId: user.tenantId, partnerId: user.partnerId, orgUnitId: user.orgUnitId },
    input, progress: { done: 0, total: options.total ?? null }, cancellable: options.cancellable ?? true,
    workMs: 0, steps: 0, retries: 0, ...created(),
  }
  return { job, write: { put: jobItem(job), when: 'absent' } satisfies Write }
}

/** Queued and running jobs sit in the due index; finished ones leave it. */
export function jobItem(job: JobRecord) {
  const due = terminal(job.state) ? {} : keys.jobsDue(job.leaseUntil ?? job.createdAt, job.id)
  return { ...keys.job(job.owner, job.id), ...due, ...job }
}

export const fromItem = (item: Record<string, unknown>) => strip<JobRecord>(item)

/** The owner's view: no checkpoint or lease; the rate from the time spent working. */
export function view(job: JobRecord): JobInfo {
  const { owner: _o, actor, input: _i, checkpoint: _c, leaseUntil: _l, leaseHolder: _h, workMs, steps: _s, retries: _r, ...rest } = job
  const rate = workMs > 0 && job.progress.done > 0 ? job.progress.done / (workMs / 1000) : null
  const left = rate && job.progress.total !== null && !terminal(job.state) ? Math.max(0, job.progress.total - job.progress.done) / rate : null
  return {
    ...rest,
    itemsPerSecond: rate === null ? null : Math.round(rate * 10) / 10,
    secondsLeft: left === null ? null : Math.ceil(left),
    startedBy: { id: actor.userId, email: actor.email, role: actor.role },
  }
}

export const isActive = (state: JobState) => !terminal(state)
