import type { z } from 'zod/mini'
import type { AuditInput } from '../audit/event'
import type { Write } from '../db/write'
import type { Analysis } from './analysis'
import { fieldOf, type ImportKind } from './fields'
import { reasonText, type ReasonCode } from './reasons'
import type { Issue, ReportRow, RowStatus } from './schema'
import { isBlank, tidy } from './values'

/** One row of the file, read through the mapping: a field's cell, tidied, or undefined when blank. */
export class RowInput {
  constructor(
    readonly kind: ImportKind,
    readonly row: number,
    readonly cells: string[],
    readonly columns: string[],
    private readonly index: Map<string, number>,
  ) {}

  get(field: string): string | undefined {
    const i = this.index.get(field)
    const cell = i === undefined ? undefined : this.cells[i]
    return cell === undefined || isBlank(cell) ? undefined : tidy(cell)
  }

  mapped(field: string) {
    return this.index.has(field)
  }

  column(field: string) {
    const i = this.index.get(field)
    return i === undefined ? fieldOf(this.kind, field)?.label.en : this.columns[i]
  }

  /** cells past the header that hold something */
  extraCells() {
    return this.cells.slice(this.columns.length).filter((c) => c.trim()).length
  }
}

export const issue = (row: RowInput, code: ReasonCode, where: { field?: string; value?: string; params?: Record<string, unknown>; warning?: boolean } = {}): Issue => ({
  code,
  message: reasonText(code, 'en', { value: where.value, field: where.field ? row.column(where.field) : undefined, ...where.params }),
  ...(where.field ? { field: where.field, column: row.column(where.field) } : {}),
  ...(where.value !== undefined ? { value: where.value.slice(0, 200) } : {}),
  ...(where.params ? { params: where.params } : {}),
  ...(where.warning ? { warning: true } : {}),
})

/**
 * A schema's refusal as reasons on the row's columns: `fieldFor` names the import field behind each path of
 * the schema (contacts.phone -> phone). Missing values, lengths and choices get their own codes, so the
 * console can word them; anything else keeps the schema's English.
 */
export function schemaIssues(row: RowInput, error: z.core.$ZodError, fieldFor: (path: PropertyKey[]) => string | undefined): Issue[] {
  return error.issues.map((i) => {
    const field = fieldFor(i.path)
    const value = field ? row.get(field) : undefined
    if (i.code === 'invalid_type' && value === undefined) return issue(row, 'import.required', { field })
    if (i.code === 'too_small' && value === undefined) return issue(row, 'import.required', { field })
    if (i.code === 'too_big' && typeof (i as { maximum?: unknown }).maximum === 'number') return issue(row, 'import.too_long', { field, value, params: { max: (i as { maximum: number }).maximum } })
    if (i.code === 'invalid_value') return issue(row, 'import.invalid_choice', { field, value, params: { allowed: ((i as { values?: unknown[] }).values ?? []).join(', ') } })
    return issue(row, 'import.invalid', { field, value, params: { detail: i.message } })
  })
}

/** The worst of a row's reasons decides its status; warnings never do. */
export function statusOf(issues: Issue[], otherwise: RowStatus): RowStatus {
  const blocking = issues.filter((i) => !i.warning)
  if (blocking.some((i) => !/not_found|duplicate_row|row_imported|same_name/.test(i.code))) return 'error'
  if (blocking.some((i) => i.code.endsWith('not_found'))) return 'not_found'
  if (blocking.some((i) => i.code === 'import.duplicate_row')) return 'duplicate'
  if (blocking.some((i) => i.code === 'import.row_imported' || i.code === 'import.same_name')) return 'exists'
  return otherwise
}

/** What committing a row writes: its changes and their audit events, in one transaction with the row's marker. */
export type RowWrite = {
  outcome: 'created' | 'updated'
  entityId: string
  writes: Write[]
  audit: AuditInput[]
  /** once committed: what the next rows must see (a unit made by this row, a licence number now taken) */
  applied?: () => void
}

/** A row checked: its line of the report, and for rows to write, how to write them. */
export type Checked = { report: ReportRow; write?: () => Promise<RowWrite> }

/** How a row's check ends: its status from its reasons (or `otherwise`), its write kept only when it is to be written. */
export function ending(row: RowInput, issues: Issue[], about: () => Partial<ReportRow> = () => ({})) {
  return (otherwise: RowStatus, extra: Partial<ReportRow> = {}, write?: Checked['write']): Checked => {
    const status = statusOf(issues, otherwise)
    return { report: { row: row.row, status, issues, ...about(), ...extra }, write: status === 'valid' || status === 'update' ? write : undefined }
  }
}

/** A row repeating an earlier row's identity is said to be one; the earlier row is the one imported. */
export function noteRepeat(row: RowInput, analysis: Analysis, issues: Issue[]): boolean {
  const dup = analysis.duplicates[row.row]
  if (dup) issues.push(issue(row, 'import.duplicate_row', { field: dup.field, value: dup.value, params: { row: dup.row, field: row.column(dup.field) } }))
  return !!dup
}
