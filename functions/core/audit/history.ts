import { QueryCommand, type AttributeValue } from '@aws-sdk/client-dynamodb'
import { config } from '../config'
import { dynamo } from '../db/client'
import { keys } from '../db/keys'
import { fromAttr, strip, toAttr, type Item } from '../db/marshal'
import { openPosition, sealPosition } from '../db/read'
import { AppError } from '../error'
import { viewActions, type AuditEvent } from './event'

/**
 * One entity's history is two key ranges of its gsi1 partition: the changes (sort key = event id) and, apart,
 * the reads of it (`r#` + event id). Reads written before the split sit among the changes: readers of changes
 * leave them out with `notViews`, and readers of reads look for them there too.
 */
export type Filter = { expression: string; names: Record<string, string>; values: Item }

const viewList = (not: boolean): Filter => {
  const values: Item = {}
  viewActions.forEach((v, n) => (values[`:v${n}`] = v))
  const list = `#action IN (${viewActions.map((_, n) => `:v${n}`).join(', ')})`
  return { expression: not ? `NOT (${list})` : list, names: { '#action': 'action' }, values }
}
/** the changes alone: a read filed in the old layout among them is left out */
export const notViews = () => viewList(true)
export const onlyViews = () => viewList(false)

export const both = (a: Filter | undefined, b: Filter | undefined): Filter | undefined =>
  !a ? b : !b ? a : { expression: `(${a.expression}) AND (${b.expression})`, names: { ...a.names, ...b.names }, values: { ...a.values, ...b.values } }

export type Range = 'changes' | 'reads'
export interface Leg {
  range: Range
  filter?: Filter
}

const keyOf = (range: Range, id: string) => (range === 'changes' ? keys.historyChange(id) : keys.historyRead(id)).gsi1sk
const highest = (range: Range) => `${range === 'changes' ? keys.historyChanges() : keys.historyReads()}\u{10FFFF}`

/**
 * A cursor of a merged history is the id of the last event shown (each range is read below it), sealed to the
 * record's history as the other lists' cursors are: opaque, and refused on another record or country.
 */
const cursorPattern = /^aud_[0-9a-z]{26}$/
export function historyCursor(cursor: string | null | undefined, entityId: string) {
  if (cursor == null) return undefined
  const position = openPosition(cursor, keys.entityHistory(entityId).gsi1pk)
  if (!cursorPattern.test(position)) throw new AppError(400, 'cursor.invalid', 'The cursor is not valid for this list: start again from the first page')
  return position
}

/**
 * Newest first, the events of one range with ids in [lo, hi] that pass the filter: up to `want`, in a few
 * rounds. `frontier` is the id the reading stopped at when the range was not read to its end: every event of
 * the range at or above it has been seen.
 */
async function readLeg(partition: string, leg: Leg, lo: string | undefined, hi: string | undefined, want: number) {
  const items: AuditEvent[] = []
  const names: Record<string, string> = { '#h': 'gsi1pk', '#r': 'gsi1sk', ...leg.filter?.names }
  const values = toAttr({
    ':h': partition,
    ':a': lo ? keyOf(leg.range, lo) : leg.range === 'changes' ? keys.historyChanges() : keys.historyReads(),
    ':b': hi ? keyOf(leg.range, hi) : highest(leg.range),
    ...leg.filter?.values,
  })
  let start: Record<string, AttributeValue> | undefined
  for (let round = 0; round < 8 && items.length < want; round++) {
    const out = await dynamo().send(
      new QueryCommand({
        TableName: config.table,
        IndexName: 'gsi1',
        KeyConditionExpression: '#h = :h AND #r BETWEEN :a AND :b',
        FilterExpression: leg.filter?.expression,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        // one more than wanted: the upper bound is the cursor's own event, shown already and skipped
        Limit: want - items.length + 1,
        ScanIndexForward: false,
        ExclusiveStartKey: start,
      }),
    )
    items.push(...(out.Items ?? []).map((i) => strip<AuditEvent>(fromAttr<Item>(i))).filter((e) => e.id !== hi))
    start = out.LastEvaluatedKey
    if (!start) return { items, frontier: null }
  }
  return { items, frontier: start!.sk!.S! }
}

/**
 * Newest first, one page of the events of several ranges of an entity's history, merged by id (ids are
 * ULIDs, time first). An event is shown only once every range has been read down to it, so a page never
 * skips an event a range had not reached yet; the cursor is the last id shown, or the point every range was
 * read to.
 */
export async function mergedHistory(input: { entityId: string; legs: Leg[]; lo?: string; hi?: string; cursor?: string; limit: number }) {
  const partition = keys.entityHistory(input.entityId).gsi1pk
  const hi = input.cursor && (!input.hi || input.cursor < input.hi) ? input.cursor : input.hi
  const read = await Promise.all(input.legs.map((leg) => readLeg(partition, leg, input.lo, hi, input.limit)))
  const bound = read.reduce<string | null>((b, r) => (r.frontier !== null && (b === null || r.frontier > b) ? r.frontier : b), null)
  const seen = read.flatMap((r) => r.items).sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
  const ready = bound === null ? seen : seen.filter((e) => e.id >= bound)
  const items = ready.slice(0, input.limit)
  const more = ready.length > items.length || bound !== null
  const position = !more ? null : items.length === input.limit ? items.at(-1)!.id : bound
  return { items, cursor: position && sealPosition(position, partition) }
}
