import { useTenant } from '../actor'
import { keys } from '../db/keys'
import { AppError } from '../error'
import { startJob } from '../../jobs'
import { newJob, type JobRecord } from '../../jobs/record'
import type { StepOutcome } from '../../jobs/runner'
import { rebuildStart, rebuildStep, type RebuildCheckpoint } from './rebuild'

/**
 * A recount of the country's figures from its registry, as a job: the stream keeps them right, and this
 * repairs them after a fault (a lost stream batch, a bug fixed) or fills them for data loaded around the
 * stream. One at a time per country; the count of a large country takes minutes, so it is never a request.
 */
export function startRebuild() {
  const tenantId = useTenant()
  // not cancellable: stopped between its two phases, the totals would disagree with the counts until the next recount
  const { job, write } = newJob('aggregates.rebuild', tenantId, tenantId, {}, { cancellable: false })
  return startJob(
    job,
    [write, { put: { ...keys.jobLock(tenantId, 'aggregates.rebuild'), jobId: job.id }, when: 'absent', conflict: () => new AppError(409, 'indicators.rebuild_running', 'The figures are already being recounted; wait until it has finished') }],
    { action: 'indicators.rebuild', entityType: 'tenant', entityId: tenantId, after: { jobId: job.id } },
  )
}

export async function rebuildJobStep(job: JobRecord): Promise<StepOutcome> {
  const step = await rebuildStep((job.checkpoint as RebuildCheckpoint | undefined) ?? rebuildStart())
  const { at } = step
  if (step.finished) return { checkpoint: at, phase: 'done', progress: { done: at.done, total: at.done }, finished: { result: { ...step.finished } } }
  return { checkpoint: at, phase: shownPhase[at.phase], progress: { done: at.done, total: at.total } }
}

/** the phase in the console's words (JobProgress.tsx): the workers still listed and those gone are one recount */
const shownPhase = { counting: 'counting', workers: 'recounting', gone: 'recounting', cells: 'totalling' } as const
