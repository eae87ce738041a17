import { GetItemCommand, QueryCommand, type AttributeValue } from '@aws-sdk/client-dynamodb'
import { createHmac, timingSafeEqual } from 'node:crypto'
import { AppError } from '../error'
import { config } from '../config'
import { dynamo } from './client'
import { fromAttr, toAttr, type Item } from './marshal'
import type { IndexName } from './table-definition'

export async function getItem<T = Item>(key: { pk: string; sk: string }, consistent = true): Promise<T | undefined> {
  const out = await dynamo().send(
    new GetItemCommand({ TableName: config.table, Key: toAttr(key), ConsistentRead: consistent }),
  )
  return out.Item ? fromAttr<T>(out.Item) : undefined
}

export type Page<T> = { items: T[]; cursor: string | null }

export interface QueryInput {
  /** the partition: `pk` on the table, or `<index>pk` on an index */
  partition: string
  index?: IndexName
  /** sort key condition */
  prefix?: string
  between?: [string, string]
  before?: string
  limit?: number
  cursor?: string | null
  newestFirst?: boolean
  filter?: { expression: string; names?: Record<string, string>; values?: Item }
}

export async function query<T = Item>(input: QueryInput): Promise<Page<T>> {
  const hash = input.index ? `${input.index}pk` : 'pk'
  const range = input.index ? `${input.index}sk` : 'sk'
  const names: Record<string, string> = { '#h': hash, ...input.filter?.names }
  const values: Item = { ':h': input.partition, ...input.filter?.values }
  let condition = '#h = :h'
  if (input.prefix) {
    // BETWEEN prefix and prefix+U+10FFFF selects exactly the keys that begin with prefix; DynamoDB Local
    // serves it from its index in O(page), where begins_with costs O(partition)
    names['#r'] = range
    values[':a'] = input.prefix
    values[':b'] = `${input.prefix}\u{10FFFF}`
    condition += ' AND #r BETWEEN :a AND :b'
  } else if (input.between) {
    names['#r'] = range
    values[':a'] = input.between[0]
    values[':b'] = input.between[1]
    condition += ' AND #r BETWEEN :a AND :b'
  } else if (input.before !== undefined) {
    names['#r'] = range
    values[':b'] = input.before
    condition += ' AND #r < :b'
  }
  const out = await dynamo().send(
    new QueryCommand({
      TableName: config.table,
      IndexName: input.index,
      KeyConditionExpression: condition,
      FilterExpression: input.filter?.expression,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: toAttr(values),
      Limit: input.limit ?? 50,
      ScanIndexForward: !input.newestFirst,
      ExclusiveStartKey: input.cursor ? decodeCursor(input.cursor, hash, input.partition) : undefined,
    }),
  )
  return {
    items: (out.Items ?? []).map((i) => fromAttr<T>(i)),
    cursor: out.LastEvaluatedKey ? encodeCursor(out.LastEvaluatedKey) : null,
  }
}

/** Reads every page (bounded by `max`): for small, known-size partitions such as a user's memberships. */
export async function queryAll<T = Item>(input: QueryInput, max = 1000): Promise<T[]> {
  const all: T[] = []
  let cursor: string | null | undefined = input.cursor
  do {
    const page: Page<T> = await query<T>({ ...input, cursor, limit: Math.min(max - all.length, 200) })
    all.push(...page.items)
    cursor = page.cursor
  } while (cursor && all.length < max)
  return all
}

/**
 * Cursors are signed, and bound to the partition they came from: a cursor from another tenant's list (or a
 * forged one) is rejected as 400 instead of steering a query.
 */
const sign = (body: string) => createHmac('sha256', config.jwtSecret).update(`cursor:${body}`).digest('base64url').slice(0, 22)

function encodeCursor(key: Record<string, AttributeValue>) {
  const body = Buffer.from(JSON.stringify(key)).toString('base64url')
  return `${body}.${sign(body)}`
}

function decodeCursor(cursor: string, hash: string, partition: string): Record<string, AttributeValue> {
  const invalid = new AppError(400, 'cursor.invalid', 'The cursor is not valid for this list')
  const [body, mac] = cursor.split('.')
  if (!body || !mac || mac.length !== 22) throw invalid
  if (!timingSafeEqual(Buffer.from(mac), Buffer.from(sign(body)))) throw invalid
  const key = JSON.parse(Buffer.from(body, 'base64url').toString()) as Record<string, AttributeValue>
  if (key[hash]?.S !== partition) throw invalid
  return key
}
