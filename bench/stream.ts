import { startPoller } from '../functions/streams/poller'
import { log } from './context'
import { country, loadWorkers } from './data'

/**
 * The stream consumer in a process and DynamoDB Local of its own (the main run's stream holds the whole bulk
 * load): a small country is set up and its stream drained, then BENCH_STREAM_WORKERS workers are written raw
 * (BatchWriteItem) while the local poller applies the stream as the Lambda does. Records per second applied
 * from the first write to the moment nothing is left, against the raw writes' items per second.
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
await poller.settle()
const applySeconds = (performance.now() - t0) / 1000
const records = poller.stats().applied - before
await poller.stop()
console.log(JSON.stringify({ workers, items: loaded.items, writeSeconds, applySeconds, records, recordsPerSecond: records / applySeconds, rawItemsPerSecond: loaded.items / writeSeconds }))
process.exit(0)
