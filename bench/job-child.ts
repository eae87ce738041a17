import { readFileSync } from 'node:fs'
import { getJob } from '../functions/jobs/store'
import { runJob } from '../functions/jobs/runner'

/**
 * Runs one long job in a process of its own, so its peak memory (`VmHWM`, below) is the job's, not the bench's.
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
console.log(JSON.stringify({ seconds: (performance.now() - started) / 1000, maxRssMiB: peakRssMiB(), result }))
process.exit(0)

/**
 * This process's own peak: the memory's high-water mark (VmHWM), which starts anew with the program.
 * `resourceUsage().maxRSS` does not: Linux carries it over from the parent through fork and exec, so every
 * job reported the bench process's size at the time it was spawned (301 MiB for all three in one run).
 */
function peakRssMiB() {
  const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1]
  return kb ? Number(kb) / 1024 : process.resourceUsage().maxRSS / 1024
}
