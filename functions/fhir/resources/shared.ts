import { BatchGetItemCommand, type BatchGetItemCommandOutput } from '@aws-sdk/client-dynamodb'
import { config } from '../../core/config'
import { dynamo } from '../../core/db/client'
import { keys } from '../../core/db/keys'
import { fromAttr, toAttr, type Item } from '../../core/db/marshal'
import type { QueryInput } from '../../core/db/read'
import { scopePath } from '../../core/scope'
import { indexSource } from '../search/sources'
import type { Change, Source } from '../search/types'

/** Whether a record's place in the hierarchy is inside the caller's subtree (everything, for a country-wide role). */
export async function visibleIn(): Promise<(path: string | undefined) => boolean> {
  const scope = await scopePath()
  return (path) => !scope || (path ?? '').startsWith(scope)
}

/** A DynamoDB filter confining an index walk to the caller's subtree, on items that carry `path`. */
export async function scopeFilter(): Promise<QueryInput['filter']> {
  const scope = await scopePath()
  return scope ? { expression: 'begins_with(#path, :scope)', names: { '#path': 'path' }, values: { ':scope': scope } } : undefined
}

/** Reads many items by key (100 a request, unprocessed keys retried), in the order asked; absent ones are skipped. */
export async function batchGet<T = Item>(list: { pk: string; sk: string }[]): Promise<T[]> {
  const found = new Map<string, T>()
  for (let i = 0; i < list.length; i += 100) {
    let request: Record<string, any> | undefined = { [config.table]: { Keys: list.slice(i, i + 100).map((k) => toAttr(k)) } }
    for (let attempt = 0; request && Object.keys(request).length && attempt < 8; attempt++) {
      if (attempt) await new Promise((r) => setTimeout(r, 20 * 2 ** attempt))
      const res: BatchGetItemCommandOutput = await dynamo().send(new BatchGetItemCommand({ RequestItems: request }))
      for (const raw of res.Responses?.[config.table] ?? []) {
        const item = fromAttr<Item>(raw)
        found.set(`${item.pk}\n${item.sk}`, item as T)
      }
      request = res.UnprocessedKeys
    }
  }
  return list.map((k) => found.get(`${k.pk}\n${k.sk}`)).filter((x): x is T => x !== undefined)
}

/**
 * The tenant's change feed (gsi5: every registry record, keyed by `updatedAt#id`) between two instants,
 * narrowed to the id kinds one resource type is built from.
 */
export function feedSource<R>(idPrefixes: string[], from: string, to: string, newestFirst: boolean, build: (items: Item[]) => Promise<Change<R>[]>): Source<Change<R>> {
  const names: Record<string, string> = { '#id': 'id' }
  const values: Item = {}
  idPrefixes.forEach((p, i) => (values[`:p${i}`] = p))
  const expression = idPrefixes.map((_, i) => `begins_with(#id, :p${i})`).join(' OR ')
  return indexSource({ index: 'gsi5', partition: keys.changeFeedPartition(), between: [from, to], newestFirst, filter: { expression, names, values } }, build)
}
