import { withActor, type Actor } from '../../functions/core/actor'
import { commit } from '../../functions/core/db/write'
import { mapLimited } from '../../functions/core/util/limited'
import { jobItem, newJob } from '../../functions/jobs/record'
import { runJob, type RunOutcome } from '../../functions/jobs/runner'
import type { JobState } from '../../functions/jobs/schema'
import { call } from './http'

/** Polls a job through the API until it has finished (done, failed or cancelled). */
export async function finished(token: string, job: { id: string }, timeoutMs = 60_000) {
  const until = Date.now() + timeoutMs
  for (;;) {
    const r = await call('GET', `/api/v1/jobs/${job.id}`, { token })
    if (r.status !== 200) throw new Error(r.text)
    if (['done', 'failed', 'cancelled'].includes(r.json.state)) return r.json
    if (Date.now() > until) throw new Error(`job ${job.id} still ${r.json.state} after ${timeoutMs} ms: ${r.text}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

/** An export file, downloaded through the API: the header line, then the items. */
export async function download(token: string, jobId: string) {
  const r = await call('GET', `/api/v1/jobs/${jobId}/download`, { token })
  if (r.status !== 200) throw new Error(r.text)
  const [header, ...items] = r.text.trim().split('\n').map((line) => JSON.parse(line))
  return { header, items: items as Record<string, unknown>[], contentType: r.headers.get('content-type') }
}

/** Runs a job to its end in this process, one runner after another (each a "Lambda invocation"). */
export async function runToEnd(owner: string, jobId: string, budgetMs = 60_000) {
  let outcome: RunOutcome
  do outcome = await runJob(owner, jobId, { budgetMs })
  while (outcome === 'more')
  return outcome
}

const platformAdmin: Actor = { kind: 'user', requestId: 'job-fixtures', userId: 'usr_platformfixture0000000000', email: 'admin@cadre.test', role: 'platform-admin', sessionId: 'ses_fixture' }

/**
 * `count` new jobs of the platform's, written as the API writes a new job (no runner takes them up: queued ones
 * stay queued unless a job loop runs; finished ones are never due).
 */
export const platformJobs = (count: number, make: (i: number) => ReturnType<typeof newJob>, state: JobState = 'queued') =>
  withActor(platformAdmin, () =>
    mapLimited(Array.from({ length: count }, (_, i) => i), 8, async (i) => {
      const { job, write } = make(i)
      await commit([state === 'queued' ? write : { ...write, put: jobItem({ ...job, state }) }])
    }),
  )
