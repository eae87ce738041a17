import { enqueue, type JobMessage } from './queue'
import { runJob } from './runner'
import { dueJobs } from './store'

/**
 * The job runner in AWS (infra/jobs.ts): one SQS message runs its job for most of an invocation (the
 * function may live 15 minutes; the lease and checkpoint make a killed run harmless), then asks for the
 * rest with a new message, so one long job never holds a runner for ever and others get their turn.
 */
const BUDGET_MS = 10 * 60 * 1000

/** the part of an SQS event the runner reads */
type QueueEvent = { Records: { body: string }[] }

export async function handler(event: QueueEvent) {
  for (const record of event.Records) {
    const message = JSON.parse(record.body) as JobMessage
    if ((await runJob(message.owner, message.jobId, { budgetMs: BUDGET_MS })) === 'more') await enqueue(message)
  }
}

/**
 * Every few minutes: jobs due in the index (queued with a lost message, or left by a runner whose lease ran
 * out) are asked for again. A job already running answers `busy` to the extra message and nothing happens.
 */
export async function sweep() {
  for (const job of await dueJobs(new Date().toISOString(), 100)) await enqueue({ owner: job.owner, jobId: job.id })
}
