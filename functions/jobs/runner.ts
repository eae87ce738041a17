import { randomUUID } from 'node:crypto'
import { withActor } from '../core/actor'
import type { AuditInput } from '../core/audit'
import type { Write } from '../core/db/write'
import { AppError } from '../core/error'
import { withIdempotency } from '../core/idempotency/context'
import { ended } from './endings'
import { steps } from './kinds'
import type { JobRecord } from './record'
import { claim, LeaseLost, saveJob } from './store'
import { terminal } from './schema'

/** What one step reports: where to resume, how far along, and, on the last step, the result. */
export interface StepOutcome {
  checkpoint?: unknown
  phase?: string
  progress: { done: number; total: number | null }
  /** false once the job may no longer stop halfway (a move that has started rewriting) */
  cancellable?: boolean
  /** the last step: the job is done; `writes` and `audit` commit in the same transaction as its end */
  finished?: { result: Record<string, unknown>; writes?: Write[]; audit?: AuditInput | AuditInput[] }
}

/** One short, idempotent unit of a job's work: re-running it from the same checkpoint is always safe. */
export type Step = (job: JobRecord) => Promise<StepOutcome>

export const settings = {
  /** a runner holds a job this long without saving before another may take it over (a crash) */
  get leaseMs() {
    return Number(process.env.CADRE_JOB_LEASE_MS ?? 90_000)
  },
}

const MAX_RETRIES = 8
const transient = (e: unknown) =>
  e instanceof AppError ? e.status === 503 : /Throttl|ProvisionedThroughput|RequestLimitExceeded|InternalServerError|ECONNRESET|TimeoutError/.test(String((e as Error)?.name) + String((e as Error)?.message))

export type RunOutcome = 'finished' | 'more' | 'busy' | 'missing' | 'lost'

/**
 * Runs a job for at most `budgetMs` (a Lambda invocation's share, or a slice of the local loop), one step
 * at a time, saving the checkpoint after each. A runner that crashes leaves its lease to run out; the next
 * runner continues from the last saved checkpoint, and since every step is idempotent nothing is done twice.
 */
export async function runJob(owner: string, jobId: string, options: { budgetMs: number; holder?: string; maxSteps?: number; release?: boolean }): Promise<RunOutcome> {
  const holder = options.holder ?? randomUUID()
  const claimed = await claim(owner, jobId, holder, settings.leaseMs)
  if (!claimed.job) return 'missing'
  if (!claimed.claimed) return terminal(claimed.job.state) ? 'finished' : 'busy'
  const job = claimed.job
  // the job's own context: its starter as the actor, and never the Idempotency-Key of a request that woke it
  return withIdempotency(undefined, () => withActor(actorOf(job), () => slice(job, holder, options)))
}

const actorOf = (job: JobRecord) => ({ kind: 'user' as const, requestId: job.id, sessionId: 'job', ...job.actor })

async function slice(claimed: JobRecord, holder: string, options: { budgetMs: number; maxSteps?: number; release?: boolean }): Promise<RunOutcome> {
  let job = claimed
  const deadline = Date.now() + options.budgetMs
  let slowest = 0
  for (let count = 0; ; count++) {
    if (options.maxSteps !== undefined && count >= options.maxSteps) break
    if (count > 0 && Date.now() + slowest > deadline) break
    const started = Date.now()
    let outcome: StepOutcome
    try {
      outcome = await steps[job.kind](job)
    } catch (error) {
      return await failed(job, error)
    }
    const took = Date.now() - started
    slowest = Math.max(slowest, took)
    try {
      job = await saveJob(
        job,
        {
          ...job,
          checkpoint: outcome.checkpoint,
          phase: outcome.phase ?? job.phase,
          progress: outcome.progress,
          cancellable: outcome.cancellable ?? job.cancellable,
          workMs: job.workMs + took,
          steps: job.steps + 1,
          retries: 0,
          leaseUntil: new Date(Date.now() + settings.leaseMs).toISOString(),
          ...(outcome.finished ? { state: 'done', result: outcome.finished.result, finishedAt: new Date().toISOString(), leaseHolder: undefined, leaseUntil: undefined } : {}),
        },
        outcome.finished ? { writes: outcome.finished.writes, audit: outcome.finished.audit } : {},
      )
    } catch (error) {
      if (error instanceof LeaseLost) return 'lost'
      throw error
    }
    if (terminal(job.state)) return 'finished'
  }
  // hand the job back at once: the next message (or the local loop) continues it without waiting for the lease
  if (options.release !== false) await saveJob(job, { ...job, leaseHolder: undefined, leaseUntil: new Date().toISOString() }).catch(ignoreLost)
  return 'more'
}

async function failed(job: JobRecord, error: unknown): Promise<RunOutcome> {
  if (transient(error) && job.retries < MAX_RETRIES) {
    // the database is busy: give the job back, to be tried again after a pause
    await saveJob(job, { ...job, retries: job.retries + 1, leaseHolder: undefined, leaseUntil: new Date(Date.now() + 1000 * 2 ** job.retries).toISOString() }).catch(ignoreLost)
    return 'more'
  }
  const known = error instanceof AppError
  if (!known) console.error(`job ${job.id} (${job.kind}) failed`, error)
  const reason = known ? { code: error.code, message: error.message } : { code: 'job.failed', message: 'The job stopped on an unexpected error' }
  const saved = await saveJob(job, { ...job, state: 'failed', error: reason, finishedAt: new Date().toISOString(), leaseHolder: undefined, leaseUntil: undefined }).catch(ignoreLost)
  // only the runner that saved the end cleans up: one that lost the job to another runner leaves it its files
  if (saved) await ended(saved)
  return 'finished'
}

function ignoreLost(error: unknown) {
  if (!(error instanceof LeaseLost)) throw error
}
