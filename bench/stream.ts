import { startPoller } from '../functions/streams/poller'
import { log } from './context'
import { country, loadWorkers } from './data'

/**
 * The stream consumer in a process and DynamoDB Local of its own (the main run's stream holds the whole bulk
 * load): a small country, then BENCH_STREAM_WORKERS workers written raw (BatchWriteItem, timed alone), then
 * the local poller drains the stream from its oldest record and applies it as the Lambda does: records per
 * second until nothing is left (or for BENCH_STREAM_SECONDS, default 120), against the raw writes' items per second.
 */
const workers = Number(process.env.BENCH_STREAM_WORKERS ?? 2000)
const c = await country('KEN', 2)
log(`stream: writing ${workers} workers`)
let t0 = performance.now()
const loaded = await loadWorkers(c, workers, 5)
const writeSeconds = (performance.now() - t0) / 1000
t0 = performance.now()
const poller = startPoller({ intervalMs: 50, onError: (e) => console.error(e) })
// BENCH_STREAM_SECONDS bounds the drain on a slow machine: the rate is then that of its first seconds
const limit = Number(process.env.BENCH_STREAM_SECONDS ?? 120)
const drained = await Promise.race([poller.settle().then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), limit * 1000))])
const applySeconds = (performance.now() - t0) / 1000
const records = poller.stats().applied
await poller.stop()
console.log(JSON.stringify({ workers, items: loaded.items, writeSeconds, applySeconds, drained, records, recordsPerSecond: records / applySeconds, rawItemsPerSecond: loaded.items / writeSeconds }))
process.exit(0)
