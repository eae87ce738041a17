import { withActor, type Actor } from '../../functions/core/actor'
import * as partner from '../../functions/core/partner'
import * as tenant from '../../functions/core/tenant'

let n = 0
const platform: Actor = { kind: 'user', requestId: 'test', userId: 'usr_platformtest0000000000000', email: 'platform@test.example', role: 'platform-admin', sessionId: 'ses_test' }

/** A fresh country made through the core (no users, no login): for tests that drive the registry's verbs. */
export async function freshTenant(id: string, population = 1_000_000) {
  return withActor(platform, async () => {
    const p = await partner.create({ name: `Partner ${id} ${++n}` })
    await tenant.create({ id, name: `Country ${id}`, partnerId: p.id, population: [{ year: 2025, value: population }, { year: 2026, value: population }] })
    return { id, partnerId: p.id }
  })
}

/** Runs `fn` as a registrar of `tenantId` (licence renewals and discipline name the acting user). */
export function asRegistrar<T>(tenantId: string, fn: () => Promise<T>) {
  const actor: Actor = { kind: 'user', requestId: `test-${++n}`, userId: 'usr_registrartest00000000000', email: 'registrar@test.example', role: 'registrar', sessionId: 'ses_test', tenantId }
  return withActor(actor, fn)
}

import { DescribeTableCommand, ScanCommand } from '@aws-sdk/client-dynamodb'
import { DescribeStreamCommand, DynamoDBStreamsClient, GetRecordsCommand, GetShardIteratorCommand } from '@aws-sdk/client-dynamodb-streams'
import { unmarshall } from '@aws-sdk/util-dynamodb'
import { config } from '../../functions/core/config'
import { dynamo } from '../../functions/core/db/client'
import type { ChangeRecord } from '../../functions/streams/records'

/** Every record the table's stream still holds, oldest first: for replaying them in another order. */
export async function allStreamRecords(): Promise<ChangeRecord[]> {
  const client = new DynamoDBStreamsClient({ endpoint: config.dynamoEndpoint, region: 'eu-west-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } })
  const arn = (await dynamo().send(new DescribeTableCommand({ TableName: config.table }))).Table!.LatestStreamArn!
  const out: ChangeRecord[] = []
  const shards = (await client.send(new DescribeStreamCommand({ StreamArn: arn }))).StreamDescription?.Shards ?? []
  for (const s of shards) {
    let it = (await client.send(new GetShardIteratorCommand({ StreamArn: arn, ShardId: s.ShardId!, ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator
    while (it) {
      const page = await client.send(new GetRecordsCommand({ ShardIterator: it, Limit: 1000 }))
      out.push(...((page.Records ?? []) as ChangeRecord[]))
      if (!page.Records?.length) break
      it = page.NextShardIterator
    }
  }
  client.destroy()
  return out
}

/** Every item of one tenant, read with a Scan: test code only, to count independently of the indexes. */
export async function tenantItems(tenantId: string) {
  const items: Record<string, any>[] = []
  let start: Record<string, any> | undefined
  do {
    const page = await dynamo().send(new ScanCommand({ TableName: config.table, ExclusiveStartKey: start, ConsistentRead: true }))
    for (const i of page.Items ?? []) {
      const item = unmarshall(i)
      if (String(item.pk).startsWith(`T#${tenantId}#`)) items.push(item)
    }
    start = page.LastEvaluatedKey
  } while (start)
  return items
}
