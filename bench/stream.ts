import { startPoller } from '../functions/streams/poller'
import { db, log } from './context'
import { country, loadWorkers } from './data'

/**
 * The stream consumer in a process and DynamoDB Local of its own (the main run's stream holds the whole bulk
 * load): a small country is set up and the consumer (the local poller feeding `applyRecords`, as the Lambda
 * does) applies its stream; then BENCH_STREAM_WORKERS workers are written raw (BatchWriteItem) while it runs,
 * as in production (a backlog that begins with the facilities would make one batch recompute every worker
 * placed at them). Records per second from the first write until nothing is left (or BENCH_STREAM_SECONDS
 * after the writes end), against the raw writes' items per second.
 */
const workers = Number(process.env.BENCH_STREAM_WORKERS ?? 2000)
const c = await country('KEN', 2)
const poller = startPoller({ intervalMs: 50, onError: (e) => console.error(e) })
await poller.settle()
const before = poller.stats().applied
log(`stream: fixtures applied (${before} records); writing ${workers} workers`)
const t0 = performance.now()
const loaded = await loadWorkers(c, workers, 5)
const writeSeconds = (performance.now() - t0) / 1000
const limit = Number(process.env.BENCH_STREAM_SECONDS ?? 120)
const drained = await Promise.race([poller.settle().then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), limit * 1000))])
const applySeconds = (performance.now() - t0) / 1000
const records = poller.stats().applied - before
console.log(JSON.stringify({ workers, items: loaded.items, writeSeconds, applySeconds, drained, records, recordsPerSecond: records / applySeconds, rawItemsPerSecond: loaded.items / writeSeconds }))
// a batch still being applied is not waited for: the figure is taken
if (drained) await poller.stop()
await db.stop()
process.exit(0)
