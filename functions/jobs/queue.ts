import { EventEmitter } from 'node:events'

/** What a queue message says: run this job (for a while). */
export type JobMessage = { owner: string; jobId: string }

/** In-process: the local loop listens here, so a job created by a request starts at once. */
export const localQueue = new EventEmitter()

const queueUrl = () => {
  const raw = process.env.SST_RESOURCE_JobQueue
  return raw ? (JSON.parse(raw) as { url: string }).url : undefined
}

/**
 * Asks for a job to be run: an SQS message in AWS (infra/jobs.ts), a wake-up of the local loop otherwise.
 * Losing one is harmless: queued jobs are in the due index, where the sweeper (or the loop) finds them.
 */
export async function enqueue(message: JobMessage, delaySeconds = 0) {
  const url = queueUrl()
  if (!url) {
    localQueue.emit('job', message)
    return
  }
  const { SQSClient, SendMessageCommand } = await import('@aws-sdk/client-sqs')
  sqs ??= new SQSClient({})
  await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: JSON.stringify(message), DelaySeconds: Math.min(900, delaySeconds) }))
}
let sqs: import('@aws-sdk/client-sqs').SQSClient | undefined
