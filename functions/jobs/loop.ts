import { AsyncResource } from 'node:async_hooks'
import { dueJobs } from './store'
import { localQueue, type JobMessage } from './queue'
import { runJob } from './runner'

/**
 * The local stand-in for the queue (npm start and the tests): jobs asked for by requests, and jobs found
 * due in the index (queued, or left by a runner whose lease ran out), run one slice at a time, in turn.
 */
export function startJobLoop(options: { sliceMs?: number; pollMs?: number } = {}) {
  const sliceMs = options.sliceMs ?? 5000
  const ready = new Map<string, JobMessage>()
  let stopped = false
  let running: Promise<void> | undefined

  async function drain() {
    for (const job of await dueJobs(new Date().toISOString(), 20)) ready.set(job.id, { owner: job.owner, jobId: job.id })
    while (ready.size > 0 && !stopped) {
      const [id, message] = ready.entries().next().value!
      ready.delete(id)
      // a job with more to do goes to the back of the line, so one long job does not hold up the others
      if ((await runJob(message.owner, message.jobId, { budgetMs: sliceMs })) === 'more') ready.set(id, message)
    }
  }
  // bound to this context: a request that wakes the loop must not lend it its actor or Idempotency-Key
  const kick = AsyncResource.bind(() => {
    if (running || stopped) return
    running = drain()
      .catch((error) => console.error('job loop', error))
      .finally(() => {
        running = undefined
      })
  })
  const onMessage = (message: JobMessage) => {
    ready.set(message.jobId, message)
    kick()
  }
  localQueue.on('job', onMessage)
  const timer = setInterval(kick, options.pollMs ?? 1000)
  timer.unref()
  kick()
  return {
    async stop() {
      stopped = true
      clearInterval(timer)
      localQueue.off('job', onMessage)
      await running
    },
  }
}
