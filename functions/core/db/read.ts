import { BatchGetItemCommand, GetItemCommand, QueryCommand, type AttributeValue } from '@aws-sdk/client-dynamodb'
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto'
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

/**
 * Many items by key (100 a request; keys DynamoDB leaves unprocessed are asked again, with backoff), in the
 * order asked, each key once; keys that hold nothing are skipped. A key still unread after the retries is a
 * 503, never a silent gap.
 */
export async function batchGet<T = Item>(wanted: { pk: string; sk: string }[], consistent = true): Promise<T[]> {
  const id = (k: { pk?: unknown; sk?: unknown }) => `${k.pk}\n${k.sk}`
  const unique = [...new Map(wanted.map((k) => [id(k), k])).values()]
  const found = new Map<string, T>()
  for (let i = 0; i < unique.length; i += 100) {
    let pending: Record<string, AttributeValue>[] = unique.slice(i, i + 100).map((k) => toAttr({ pk: k.pk, sk: k.sk }))
    for (let attempt = 0; pending.length; attempt++) {
      if (attempt > 8) throw new AppError(503, 'service.unavailable', 'The database is busy; try again', {}, { 'Retry-After': '2' })
      if (attempt) await new Promise((r) => setTimeout(r, 25 * 2 ** attempt))
      const out = await dynamo().send(new BatchGetItemCommand({ RequestItems: { [config.table]: { Keys: pending, ConsistentRead: consistent } } }))
      for (const raw of out.Responses?.[config.table] ?? []) {
        const item = fromAttr<Item>(raw)
        found.set(id(item), item as T)
      }
      pending = out.UnprocessedKeys?.[config.table]?.Keys ?? []
    }
  }
  return unique.flatMap((k) => (found.has(id(k)) ? [found.get(id(k))!] : []))
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
  /** strongly consistent (the table only: an index never is) */
  consistent?: boolean
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
      ConsistentRead: input.consistent,
      ScanIndexForward: !input.newestFirst,
      ExclusiveStartKey: input.cursor ? decodeCursor(input.cursor, hash, input.partition, rangeOf(input)) : undefined,
    }),
  )
  return {
    items: (out.Items ?? []).map((i) => fromAttr<T>(i)),
    cursor: out.LastEvaluatedKey ? encodeCursor(out.LastEvaluatedKey, hash, input.partition, rangeOf(input)) : null,
  }
}

/**
 * How many items a query's key condition selects, nothing read out (still billed as the items it covers).
 * Pages of a thousand: DynamoDB Local counts a page without a limit (up to 1 MB) at about 3 ms an item, 70
 * times slower than in pages of a thousand, which made counting a 100,000-worker country take most of an hour.
 */
export async function countItems(input: Pick<QueryInput, 'partition' | 'index' | 'prefix'>): Promise<number> {
  const hash = input.index ? `${input.index}pk` : 'pk'
  const range = input.index ? `${input.index}sk` : 'sk'
  let count = 0
  let start: Record<string, AttributeValue> | undefined
  do {
    const out = await dynamo().send(
      new QueryCommand({
        TableName: config.table, IndexName: input.index, Select: 'COUNT', Limit: 1000, ExclusiveStartKey: start,
        KeyConditionExpression: input.prefix ? '#h = :h AND #r BETWEEN :a AND :b' : '#h = :h',
        ExpressionAttributeNames: { '#h': hash, ...(input.prefix ? { '#r': range } : {}) },
        ExpressionAttributeValues: toAttr({ ':h': input.partition, ...(input.prefix ? { ':a': input.prefix, ':b': `${input.prefix}\u{10FFFF}` } : {}) }),
      }),
    )
    count += out.Count ?? 0
    start = out.LastEvaluatedKey
  } while (start)
  return count
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
 * Cursors are sealed with AES-256-GCM: opaque (the last key read holds names, e.g. the name index's sort key,
 * which must not travel in clear through URLs and logs) and tamper-proof. The partition they came from is
 * the associated data, so a cursor from another tenant's list, another index, or a forged or mangled one
 * fails to open and is a 400 instead of steering a query.
 */
const IV_BYTES = 12
const TAG_BYTES = 16
const cursorKeys = new Map<string, Buffer>()
function cursorKey() {
  const secret = config.jwtSecret
  let key = cursorKeys.get(secret)
  if (!key) {
    key = Buffer.from(hkdfSync('sha256', secret, 'cadre', 'cursor:aes-256-gcm', 32))
    cursorKeys.set(secret, key)
  }
  return key
}
/**
 * A cursor also names the key prefix it was read under: the same partition read under another prefix (a
 * country-wide list's cursor in a district manager's list of their subtree) would start outside it, which
 * DynamoDB refuses with a ValidationException (a 500). Time ranges (`between`) are left out: a feed read up
 * to "now" moves its end from page to page.
 */
const rangeOf = (input: QueryInput) => input.prefix ?? ''
const boundTo = (hash: string, partition: string, range: string) => Buffer.from(`${hash}\u0000${partition}\u0000${range}`)

/** The cursor that resumes a query just after `item`, one it returned: a page that keeps fewer rows than a read found. */
export function cursorAfter(input: QueryInput, item: Item): string {
  const hash = input.index ? `${input.index}pk` : 'pk'
  const range = input.index ? `${input.index}sk` : 'sk'
  const key = Object.fromEntries([...new Set(['pk', 'sk', hash, range])].map((name) => [name, item[name]]))
  return encodeCursor(toAttr(key), hash, input.partition, rangeOf(input))
}

function encodeCursor(key: Record<string, AttributeValue>, hash: string, partition: string, range: string) {
  return seal(JSON.stringify(key), boundTo(hash, partition, range))
}

function seal(plain: string, aad: Buffer) {
  const iv = randomBytes(IV_BYTES)
  const cipher = createCipheriv('aes-256-gcm', cursorKey(), iv).setAAD(aad)
  const sealed = Buffer.concat([cipher.update(plain), cipher.final()])
  return Buffer.concat([iv, sealed, cipher.getAuthTag()]).toString('base64url')
}

const invalidCursor = () => new AppError(400, 'cursor.invalid', 'The cursor is not valid for this list: start again from the first page')

/** The sealed text, or a 400 for a cursor forged, mangled, or sealed for another list. */
function open(cursor: string, aad: Buffer) {
  // base64url only: Buffer.from would silently skip other characters (and multi-byte ones)
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalidCursor()
  const raw = Buffer.from(cursor, 'base64url')
  if (raw.length <= IV_BYTES + TAG_BYTES) throw invalidCursor()
  try {
    const decipher = createDecipheriv('aes-256-gcm', cursorKey(), raw.subarray(0, IV_BYTES)).setAAD(aad)
    decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES))
    return Buffer.concat([decipher.update(raw.subarray(IV_BYTES, raw.length - TAG_BYTES)), decipher.final()]).toString('utf8')
  } catch {
    throw invalidCursor()
  }
}

/** A list's own position (not a DynamoDB key, e.g. the last event a merged history showed), sealed to that list. */
export const sealPosition = (position: string, list: string) => seal(position, Buffer.from(`position\u0000${list}`))
export const openPosition = (cursor: string, list: string) => open(cursor, Buffer.from(`position\u0000${list}`))

const isKeyValue = (v: unknown) => {
  if (!v || typeof v !== 'object') return false
  const entries = Object.entries(v)
  return entries.length === 1 && (entries[0]![0] === 'S' || entries[0]![0] === 'N') && typeof entries[0]![1] === 'string'
}

function decodeCursor(cursor: string, hash: string, partition: string, range: string): Record<string, AttributeValue> {
  let key: unknown
  try {
    key = JSON.parse(open(cursor, boundTo(hash, partition, range)))
  } catch {
    throw invalidCursor()
  }
  if (!key || typeof key !== 'object' || Array.isArray(key) || !Object.values(key).every(isKeyValue)) throw invalidCursor()
  const start = key as Record<string, AttributeValue>
  if (start[hash]?.S !== partition) throw invalidCursor()
  return start
}
