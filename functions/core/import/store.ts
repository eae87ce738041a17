import { keys } from '../db/keys'
import { strip } from '../db/marshal'
import { getItem, query } from '../db/read'
import type { Write } from '../db/write'
import { AppError, notFound } from '../error'
import type { ImportInfo } from './schema'

/** An import's record: what the console shows of it, next to the job that runs its dry run or its commit. */
export const importItem = (i: ImportInfo) => ({ ...keys.importRecord(i.id), ...i })

export const saveImport = (next: ImportInfo, before?: ImportInfo): Write => ({
  put: importItem(next),
  when: before ? { version: before.version } : 'absent',
  conflict: () => new AppError(409, 'import.changed', 'The import changed meanwhile (a cancel?); reload it'),
})

/** The country's import, or 404 (another country's id finds nothing: keys begin with the caller's country). */
export async function loadImport(importId: string): Promise<ImportInfo> {
  const item = await getItem(keys.importRecord(importId))
  if (!item) throw notFound('import')
  return strip<ImportInfo>(item)
}

export async function listImports(cursor: string | undefined, limit: number) {
  const page = await query({ partition: keys.imports().pk, prefix: 'imp_', newestFirst: true, cursor, limit })
  return { items: page.items.map((i) => strip<ImportInfo>(i)), cursor: page.cursor }
}

/** The mapping the country saved for a kind (header as compared -> field or null). */
export async function savedMapping(kind: string) {
  const item = await getItem<{ mapping?: Record<string, string | null> }>(keys.importMapping(kind), false)
  return item?.mapping ?? {}
}
