import type { Item } from '../../core/db/marshal'
import { query, type QueryInput } from '../../core/db/read'
import type { Batch, Source } from './types'

/** Candidates per read of an index: fixed, so the same cursor always reads the same batch. */
export const BATCH = 50

type IndexRead = Omit<QueryInput, 'cursor' | 'limit'>

/**
 * Reads an index page by page (its cursors are the API's signed ones, bound to the partition) and turns items
 * into candidates. The input may be computed per read (it may depend on the caller's subtree).
 */
export function indexSource<T>(input: IndexRead | (() => Promise<IndexRead>), build: (items: Item[]) => Promise<T[]>, limit = BATCH): Source<T> {
  return async (cursor, size) => {
    const read = typeof input === 'function' ? await input() : input
    const page = await query({ ...read, cursor, limit: Math.min(limit, size ?? limit) })
    return { items: await build(page.items), cursor: page.cursor }
  }
}

/** Several sources one after the other; the cursor names which one is being read. */
export function concat<T>(sources: Source<T>[]): Source<T> {
  return async (cursor, size) => {
    const sep = cursor ? cursor.indexOf('~') : -1
    const at = cursor ? Number(cursor.slice(0, sep)) : 0
    const inner = cursor ? cursor.slice(sep + 1) || null : null
    const source = sources[at]
    if (!source) return { items: [], cursor: null }
    const batch = await source(inner, size)
    if (batch.cursor) return { items: batch.items, cursor: `${at}~${batch.cursor}` }
    return { items: batch.items, cursor: at + 1 < sources.length ? `${at + 1}~` : null }
  }
}

/** A known, small set of candidates (ids, an identifier's holders): one batch. */
export const listSource = <T>(load: () => Promise<T[]>): Source<T> => async () => ({ items: await load(), cursor: null })

export const empty: Batch<never> = { items: [], cursor: null }
