import { ScanCommand } from '@aws-sdk/client-dynamodb'
import { config } from '../../functions/core/config'
import { dynamo } from '../../functions/core/db/client'

/** How many items the test file's table holds (request counters aside): proof that a refused request wrote nothing. */
export async function itemCount() {
  let count = 0
  let start: Record<string, any> | undefined
  do {
    const out = await dynamo().send(new ScanCommand({ TableName: config.table, Select: 'COUNT', ExclusiveStartKey: start, FilterExpression: 'NOT contains(pk, :rate)', ExpressionAttributeValues: { ':rate': { S: '#RATE' } } }))
    count += out.Count ?? 0
    start = out.LastEvaluatedKey
  } while (start)
  return count
}

/** Whether any stored item holds `text` in any attribute, at any depth: where a smuggled value would land. */
export async function stored(text: string) {
  let start: Record<string, any> | undefined
  do {
    const out = await dynamo().send(new ScanCommand({ TableName: config.table, ExclusiveStartKey: start }))
    if ((out.Items ?? []).some((item) => JSON.stringify(item).includes(text))) return true
    start = out.LastEvaluatedKey
  } while (start)
  return false
}
