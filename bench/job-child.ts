import { getJob } from '../functions/jobs/store'
import { runJob } from '../functions/jobs/runner'

/**
 * Runs one long job in a process of its own, so its peak memory (`maxRSS`) is the job's, not the bench's.
 * Args: `job <tenant> <jobId>` runs a queued job to its end through the job runner. Prints seconds, peak RSS and what
 * the job reports, as JSON.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true'
const [kind, tenantId, jobId] = process.argv.slice(2)
const started = performance.now()
let result: unknown
if (kind === 'job') {
  const owner = `T#${tenantId}`
  for (;;) {
    const outcome = await runJob(owner, jobId!, { budgetMs: 60_000 })
    if (outcome !== 'more') break
  }
  const job = await getJob(owner, jobId!)
  result = { status: job?.state, progress: job?.progress, result: job?.result, error: job?.error }
} else throw new Error(`unknown: ${kind}`)
console.log(JSON.stringify({ seconds: (performance.now() - started) / 1000, maxRssMiB: process.resourceUsage().maxRSS / 1024, result }))
process.exit(0)
