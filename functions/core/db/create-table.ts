import {
  CreateTableCommand,
  UpdateTableCommand,
  DescribeTableCommand,
  ResourceNotFoundException,
  UpdateTimeToLiveCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb'
import { tableDefinition } from './table-definition'

/** Creates the table locally exactly as infra/table.ts declares it (streams on, pay per request). */
export async function ensureTable(client: DynamoDBClient, name: string) {
  try {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: name }))
    await addMissingIndexes(client, name, new Set((Table?.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName)))
    return false
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error
  }
  const { fields, primaryIndex, globalIndexes } = tableDefinition
  await client.send(
    new CreateTableCommand({
      TableName: name,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: Object.keys(fields).map((AttributeName) => ({ AttributeName, AttributeType: 'S' })),
      KeySchema: [
        { AttributeName: primaryIndex.hashKey, KeyType: 'HASH' },
        { AttributeName: primaryIndex.rangeKey, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: Object.entries(globalIndexes).map(([IndexName, index]) => ({
        IndexName,
        KeySchema: [
          { AttributeName: index.hashKey, KeyType: 'HASH' },
          { AttributeName: index.rangeKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
    }),
  )
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: name,
      TimeToLiveSpecification: { AttributeName: tableDefinition.ttl, Enabled: true },
    }),
  )
  return true
}

/**
 * A table kept on disk (npm start's) from before an index was added gets it here, as a deployment adds it in
 * AWS: one index at a time, each waited for until it is active. Its items get their keys from the writes
 * and backfills that come with the index (e.g. worker/status-index-job.ts).
 */
async function addMissingIndexes(client: DynamoDBClient, name: string, present: Set<string | undefined>) {
  for (const [IndexName, index] of Object.entries(tableDefinition.globalIndexes)) {
    if (present.has(IndexName)) continue
    await client.send(
      new UpdateTableCommand({
        TableName: name,
        AttributeDefinitions: [index.hashKey, index.rangeKey].map((AttributeName) => ({ AttributeName, AttributeType: 'S' })),
        GlobalSecondaryIndexUpdates: [
          {
            Create: {
              IndexName,
              KeySchema: [
                { AttributeName: index.hashKey, KeyType: 'HASH' },
                { AttributeName: index.rangeKey, KeyType: 'RANGE' },
              ],
              Projection: { ProjectionType: 'ALL' },
            },
          },
        ],
      }),
    )
    for (const deadline = Date.now() + 120_000; ; ) {
      const { Table } = await client.send(new DescribeTableCommand({ TableName: name }))
      if (Table?.GlobalSecondaryIndexes?.find((i) => i.IndexName === IndexName)?.IndexStatus === 'ACTIVE') break
      if (Date.now() > deadline) throw new Error(`index ${IndexName} of table ${name} did not become active`)
      await new Promise((r) => setTimeout(r, 200))
    }
  }
}
