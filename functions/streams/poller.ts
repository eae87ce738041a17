import { DescribeTableCommand } from '@aws-sdk/client-dynamodb'
import { DescribeStreamCommand, DynamoDBStreamsClient, GetRecordsCommand, GetShardIteratorCommand, type _Record } from '@aws-sdk/client-dynamodb-streams'
import { config } from '../core/config'
import { dynamo } from '../core/db/client'
import { applyRecords } from './apply'
import type { ChangeRecord } from './records'

type Shard = { iterator?: string; last?: string; closed: boolean }

/**
 * Locally there is no Lambda: this reads DynamoDB Local's stream (the same stream AWS gives the Lambda)
 * and feeds the same `applyRecords`. It starts from the oldest record kept (TRIM_HORIZON): applying is
 * idempotent, so reading records twice after a restart costs time, never a wrong count.
 * `settle()` resolves when everything written before it was called has been applied: tests wait on it
 * instead of sleeping.
 */
export function startPoller(options: { intervalMs?: number; onError?: (e: unknown) => void } = {}) {
  const interval = options.intervalMs ?? 100
  const client = new DynamoDBStreamsClient({
    endpoint: config.dynamoEndpoint,
    region: process.env.AWS_REGION ?? 'eu-west-1',
    credentials: config.dynamoEndpoint ? { accessKeyId: 'local', secretAccessKey: 'local' } : undefined,
  })
  const shards = new Map<string, Shard>()
  let streamArn: string | undefined
  let stopped = false
  let applied = 0
  let waiters: { since: number; resolve: () => void }[] = []

  async function discover() {
    streamArn ??= (await dynamo().send(new DescribeTableCommand({ TableName: config.table }))).Table?.LatestStreamArn
    if (!streamArn) throw new Error(`table ${config.table} has no stream`)
    let start: string | undefined
    do {
      const out = await client.send(new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId: start }))
      for (const s of out.StreamDescription?.Shards ?? []) {
        if (!s.ShardId || shards.has(s.ShardId)) continue
        const it = await client.send(new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: s.ShardId, ShardIteratorType: 'TRIM_HORIZON' }))
        shards.set(s.ShardId, { iterator: it.ShardIterator, closed: false })
      }
      start = out.StreamDescription?.LastEvaluatedShardId
    } while (start)
  }

  async function readShard(id: string, shard: Shard): Promise<number> {
    if (!shard.iterator) return 0
    let out
    try {
      out = await client.send(new GetRecordsCommand({ ShardIterator: shard.iterator, Limit: 500 }))
    } catch (error) {
      if ((error as { name?: string }).name !== 'ExpiredIteratorException') throw error
      const it = await client.send(
        new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: id, ...(shard.last ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: shard.last } : { ShardIteratorType: 'TRIM_HORIZON' }) }),
      )
      shard.iterator = it.ShardIterator
      return 0
    }
    const records = (out.Records ?? []) as (_Record & ChangeRecord)[]
    // the iterator moves on only once the batch is applied: a failure retries the same records
    if (records.length) await applyRecords(records)
    applied += records.length
    shard.last = records.at(-1)?.dynamodb?.SequenceNumber ?? shard.last
    shard.iterator = out.NextShardIterator
    if (!shard.iterator) shard.closed = true
    return records.length
  }

  const loop = (async () => {
    let pass = 0
    while (!stopped) {
      const started = Date.now()
      let read = 0
      try {
        if (pass++ % 20 === 0 || shards.size === 0 || waiters.length) await discover()
        for (const [id, shard] of shards) read += await readShard(id, shard)
      } catch (error) {
        options.onError?.(error)
        read = 1
      }
      if (read === 0) {
        const done = waiters.filter((w) => w.since < started)
        waiters = waiters.filter((w) => w.since >= started)
        for (const w of done) w.resolve()
        await new Promise((r) => setTimeout(r, interval))
      }
    }
  })()

  return {
    /** resolves once a pass begun after this call found no record left to apply */
    settle: () => new Promise<void>((resolve) => waiters.push({ since: Date.now(), resolve })),
    stats: () => ({ applied, shards: shards.size }),
    stop: async () => {
      stopped = true
      await loop
      client.destroy()
    },
  }
}
export type Poller = ReturnType<typeof startPoller>
