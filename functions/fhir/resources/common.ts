import type { Resource } from '@medplum/fhirtypes'
import { lastUpdatedMatches, lastUpdatedRange } from '../search/engine'
import { parseToken } from '../search/params'
import { listSource } from '../search/sources'
import type { Change, ParamDef, Source } from '../search/types'

/** `_id`: the named resources, read directly (the cheapest search there is). */
export function idParam<R extends Resource>(read: (id: string) => Promise<R | undefined>): ParamDef<R> {
  return {
    type: 'token',
    documentation: 'The resource id',
    match: (r, v) => r.id === parseToken(v).code,
    index: {
      rank: 0,
      source: (c) =>
        listSource(async () => {
          const ids = [...new Set(c.values.map((v) => parseToken(v).code ?? ''))].slice(0, 100)
          return (await Promise.all(ids.map(read))).filter((r): r is Awaited<R> => r !== undefined)
        }),
    },
  }
}

/** The resources of a change feed, without the deletions (a search returns what exists). */
export const present = <R>(source: Source<Change<R>>): Source<R> => async (cursor, size) => {
  const batch = await source(cursor, size)
  return { items: batch.items.flatMap((c) => (c.resource ? [c.resource] : [])), cursor: batch.cursor }
}

/** `_lastUpdated` with the prefixes mCSD asks for, served by the change feed between the bounds it implies. */
export function lastUpdatedParam<R extends Resource>(changes: (from: string, to: string, newestFirst: boolean) => Source<Change<R>>): ParamDef<R> {
  return {
    type: 'date',
    documentation: 'When the resource last changed; prefixes eq, ne, gt, lt, ge, le, sa, eb',
    match: (r, v) => lastUpdatedMatches(r, v),
    index: {
      rank: 8,
      source: (_c, all) => {
        const [from, to] = lastUpdatedRange(all)
        return present(changes(from, to, false))
      },
    },
  }
}
