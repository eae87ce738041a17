import { useTenant } from '../actor'
import { keys } from '../db/keys'
import { getItem, query } from '../db/read'
import type { Analysis } from './analysis'
import { checkCadre } from './check-cadres'
import { checkExit } from './check-exits'
import { checkFacility } from './check-facilities'
import { checkWorker } from './check-workers'
import type { Directory } from './directory'
import type { ImportKind } from './fields'
import { issue, type Checked, type RowInput } from './row'
import { readHolders, type HeldIdentifiers } from './worker-row'

/** What checking a row may consult: the registry as read once per step, the whole file's analysis, the country's councils. */
export type CheckContext = {
  dir: Directory
  analysis: Analysis
  councils: string[]
  today: string
  /** in a commit, rows are checked against what is written now: a parent "later in this file" is no excuse */
  committing: boolean
  /** who holds the identifiers of the rows being checked, read for them all at once */
  held?: HeldIdentifiers
}

export const importableKinds = ['facilities', 'cadres', 'workers', 'exits'] as const satisfies readonly ImportKind[]
export const isImportable = (kind: ImportKind): kind is (typeof importableKinds)[number] => (importableKinds as readonly string[]).includes(kind)

export async function checkRow(kind: ImportKind, row: RowInput, ctx: CheckContext): Promise<Checked> {
  const checked = kind === 'facilities' ? checkFacility(row, ctx) : kind === 'cadres' ? checkCadre(row, ctx) : kind === 'exits' ? await checkExit(row, ctx) : await checkWorker(row, ctx)
  const extra = row.extraCells()
  if (extra) checked.report.issues.push(issue(row, 'import.extra_cells', { params: { count: row.cells.length, columns: row.columns.length }, warning: true }))
  return checked
}

/** What the rows of one step are checked against; `rows` (workers', leavers') have their identifiers' holders read at once. */
export async function contextFor(dir: Directory, analysis: Analysis, committing: boolean, rows: RowInput[] = []): Promise<CheckContext> {
  const [tenant, held] = await Promise.all([
    getItem<{ councils?: string[] }>(keys.tenantRecord(useTenant()), false),
    rows.length && (rows[0]!.kind === 'workers' || rows[0]!.kind === 'exits') ? readHolders(rows) : undefined,
  ])
  return { dir, analysis, councils: tenant?.councils ?? [], today: new Date().toISOString().slice(0, 10), committing, held }
}

/** Rows of this file (by checksum) already written by an import, between two row numbers: row -> its marker. */
export async function markers(checksum: string, from: number, to: number) {
  const out = new Map<number, { importId: string; outcome: string; entityId?: string }>()
  const pad = (n: number) => String(n).padStart(7, '0')
  let cursor: string | null = null
  do {
    const page: Awaited<ReturnType<typeof query>> = await query({ partition: keys.importRows(checksum).pk, between: [pad(from), pad(to)], cursor, limit: 1000 })
    for (const m of page.items as { sk: string; importId: string; outcome: string; entityId?: string }[]) out.set(Number(m.sk), m)
    cursor = page.cursor
  } while (cursor)
  return out
}
