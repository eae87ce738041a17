import * as z from 'zod/mini'
import { Cursor, Id, Int, Limit, Raw, Versioned } from '../util/schema'
import { importKinds, type ImportKind as Kind } from './fields'

export { importKinds } from './fields'
export const ImportKind = z.enum(importKinds)
export type ImportKind = Kind

/** What the dry run says of a row; `valid` and `update` rows are what a commit writes. */
export const rowStatuses = ['valid', 'update', 'exists', 'duplicate', 'not_found', 'error'] as const
export type RowStatus = (typeof rowStatuses)[number]
/** What the commit did with a row. */
export const rowOutcomes = ['created', 'updated', 'unchanged', 'skipped', 'failed'] as const
export type RowOutcome = (typeof rowOutcomes)[number]

export const importStates = ['awaiting-file', 'uploaded', 'checking', 'checked', 'committing', 'committed', 'failed', 'cancelled'] as const
export type ImportState = (typeof importStates)[number]

/** One reason about a row: a stable code (functions/core/import/reasons.ts), its English words, and where. */
export const Issue = z.object({
  code: z.string(),
  message: z.string(),
  /** the file's column, as its header says it */
  column: z.optional(z.string()),
  field: z.optional(z.string()),
  value: z.optional(z.string()),
  params: z.optional(z.record(z.string(), z.unknown())),
  /** a warning does not stop the row */
  warning: z.optional(z.boolean()),
})
export type Issue = z.infer<typeof Issue>

/** One field an update changes: the import field, its value in the registry and in the row (as a person reads them) */
export const Change = z.object({ field: z.string(), before: z.optional(z.string()), after: z.optional(z.string()) })
export type Change = z.infer<typeof Change>

export const ReportRow = z.object({
  /** the row number a spreadsheet shows (the header is row 1) */
  row: z.int(),
  status: z.enum(rowStatuses),
  /** what the row is about, in a few words (a name, a facility) */
  label: z.optional(z.string()),
  issues: z.array(Issue),
  /** the record it found in the registry */
  match: z.optional(z.object({ id: z.string(), label: z.optional(z.string()) })),
  /** fields an update would change */
  changes: z.optional(z.array(z.string())),
  /** an update's changes, before → after */
  diff: z.optional(z.array(Change)),
  /** after a commit: what happened to the row */
  outcome: z.optional(z.enum(rowOutcomes)),
  entityId: z.optional(z.string()),
})
export type ReportRow = z.infer<typeof ReportRow>

const counts = Object.fromEntries(rowStatuses.map((s) => [s, z.int()])) as { [K in RowStatus]: z.ZodMiniInt }
const outcomes = Object.fromEntries(rowOutcomes.map((s) => [s, z.int()])) as { [K in RowOutcome]: z.ZodMiniInt }
export const RowCounts = z.object({ rows: z.int(), blank: z.int(), ...counts })
export type RowCounts = z.infer<typeof RowCounts>
export const OutcomeCounts = z.object(outcomes)
export type OutcomeCounts = z.infer<typeof OutcomeCounts>

/** header -> field key (or null: the column is not imported) */
export const Mapping = z.record(Raw(200), z.nullable(Raw(40)))
export type Mapping = z.infer<typeof Mapping>

export const ImportInfo = z.extend(Versioned, {
  id: Id('import'),
  kind: ImportKind,
  fileName: z.string(),
  /** as declared at creation, then as received */
  bytes: z.int(),
  state: z.enum(importStates),
  /** sha-256 of the file as received: rows are keyed by it, so the same file never lands twice */
  checksum: z.optional(z.string()),
  format: z.optional(z.object({ type: z.enum(['csv', 'dhis2-json', 'xlsx']), encoding: z.optional(z.string()), delimiter: z.optional(z.string()) })),
  /** the file's headers, in order */
  columns: z.optional(z.array(z.string())),
  mapping: z.optional(Mapping),
  /** fields a new record needs that no column gives */
  missing: z.optional(z.array(z.string())),
  counts: z.optional(RowCounts),
  /** the file's rows are kept in this many parts (one step of the dry run or the commit each) */
  parts: z.optional(z.int()),
  committed: z.optional(OutcomeCounts),
  /** the job running the dry run or the commit (GET /api/v1/jobs/{id} for its progress) */
  jobId: z.optional(Id('job')),
  error: z.optional(z.object({ code: z.string(), message: z.string() })),
  createdBy: z.object({ id: z.string(), email: z.optional(z.string()) }),
  checkedAt: z.optional(z.string()),
  committedAt: z.optional(z.string()),
})
export type ImportInfo = z.infer<typeof ImportInfo>

const FileName = z.string().check(z.trim(), z.minLength(1), z.maxLength(200), z.regex(/^[^/\\\u0000-\u001f]+$/, 'a file name without folders'))
/** the upload's ceiling: a 100,000-row file with every column is about 50 MB */
export const MAX_IMPORT_BYTES = 60 * 1024 * 1024

export const ImportCreate = z.strictObject({
  kind: ImportKind,
  fileName: FileName,
  /** the file's size, to check it before it is sent */
  bytes: Int(1, MAX_IMPORT_BYTES),
})

export const ImportCheck = z.strictObject({
  /** header -> field (null: leave the column out); headers not named keep the saved or guessed field */
  mapping: z.optional(Mapping),
  /** remember this mapping for the country's next file of this kind */
  saveMapping: z.optional(z.boolean()),
})
export type ImportCheck = z.infer<typeof ImportCheck>

export const ImportParams = z.strictObject({ importId: Id('import') })

export const ReportQuery = z.strictObject({
  status: z.optional(z.enum(rowStatuses)),
  /** where the page starts in the report: a part and a line, as the previous page gave it */
  cursor: z.optional(z.string().check(z.regex(/^\d{1,7}:\d{1,7}$/, 'a cursor this list gave'))),
  limit: Limit,
})

export const reportLanguages = ['en', 'fr', 'pt'] as const
export const LangQuery = z.strictObject({ lang: z._default(z.enum(reportLanguages), 'en') })
