import { keys } from '../../core/db/keys'
import type { Item } from '../../core/db/marshal'
import { batchGet as batchGetItems, type QueryInput } from '../../core/db/read'
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

/** Many items by key, in the order asked (eventually consistent: a search's page, not a write's check). */
export const batchGet = <T = Item>(list: { pk: string; sk: string }[]) => batchGetItems<T>(list, false)

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
