import { removeFeedFiles } from '../fhir/feed/stopped'
import type { JobRecord } from './record'
import type { JobKind } from './schema'

/**
 * What a kind does when its job ends without finishing (failed, or cancelled): its work files hold person
 * data that nothing will read again. A step that finishes cleans up after itself; these run after the
 * failed or cancelled state is saved, so a job that another runner took over keeps its files.
 */
export const endings: Partial<Record<JobKind, (job: JobRecord) => Promise<void>>> = {
  'fhir.transaction': removeFeedFiles,
}

/** Runs the kind's ending; a failure here is logged, not thrown: the job's state is already saved, and the status URL sweeps again. */
export async function ended(job: JobRecord) {
  try {
    await endings[job.kind]?.(job)
  } catch (error) {
    console.error(`job ${job.id} (${job.kind}): the files of a job that did not finish were not removed`, error)
  }
}
