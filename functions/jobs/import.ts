import { AppError } from '../core/error'
import { keys } from '../core/db/keys'
import { commit } from '../core/db/write'
import type { Analysis } from '../core/import/analysis'
import { checkRow, contextFor, markers } from '../core/import/check'
import { directory, forgetDirectory } from '../core/import/directory'
import { importFiles, importPaths, type ImportFiles } from '../core/import/files'
import { resolveMapping } from '../core/import/mapping'
import { prepare, readPart } from '../core/import/prepare'
import { issue, RowInput } from '../core/import/row'
import { rowOutcomes, rowStatuses, type ImportInfo, type OutcomeCounts, type ReportRow, type RowCounts } from '../core/import/schema'
import { loadImport, saveImport, savedMapping } from '../core/import/store'
import { columnIndexes } from '../core/import/mapping'
import { bumped } from '../core/util/entity'
import { mapLimited } from '../core/util/limited'
import type { JobRecord } from './record'
import type { StepOutcome } from './runner'

type CheckPoint = { parts: number; part: number; rows: number; counts: RowCounts }
type CommitPoint = { parts: number; part: number; rows: number; done: number; outcomes: OutcomeCounts }

const zeroCounts = (rows: number, blank: number): RowCounts => ({ rows, blank, ...(Object.fromEntries(rowStatuses.map((s) => [s, 0])) as Record<(typeof rowStatuses)[number], number>) })
const zeroOutcomes = () => Object.fromEntries(rowOutcomes.map((s) => [s, 0])) as OutcomeCounts

const analyses = new Map<string, Analysis>()
async function analysisOf(files: ImportFiles, imp: ImportInfo, tenantId: string): Promise<Analysis> {
  const key = `${tenantId}/${imp.id}/${imp.checkedAt ?? imp.updatedAt}`
  const hit = analyses.get(key)
  if (hit) return hit
  const text = await files.text(importPaths(tenantId, imp.id).analysis)
  if (!text) throw new AppError(409, 'import.parts_missing', 'The prepared rows of this import are gone: check the file again')
  const analysis = JSON.parse(text) as Analysis
  if (analyses.size > 20) analyses.clear()
  analyses.set(key, analysis)
  return analysis
}

/** The rows of one part, each read through the import's mapping. */
async function rowsOf(files: ImportFiles, imp: ImportInfo, tenantId: string, part: number) {
  const index = columnIndexes(imp.columns ?? [], imp.mapping ?? {})
  return (await readPart(files, tenantId, imp.id, part)).map((s) => new RowInput(imp.kind, s.row, s.cells, imp.columns ?? [], index))
}

/** Rows checked side by side: a dry run writes nothing, and a row's lookups are its own. */
const CHECK_LANES = 8

const jsonl = (rows: ReportRow[]) => rows.map((r) => JSON.stringify(r)).join('\n') + (rows.length ? '\n' : '')

/**
 * The dry run, as a job: the first step reads the file into parts (prepare.ts); each next step checks one
 * part against the registry and writes its lines of the report. Nothing of the registry is written. A
 * repeated step rewrites the same part of the report from the same rows.
 */
export async function importCheckStep(job: JobRecord): Promise<StepOutcome> {
  const importId = String(job.input.importId)
  const files = await importFiles()
  const imp = await loadImport(importId)
  const point = job.checkpoint as CheckPoint | undefined
  if (!point) {
    const saved = await savedMapping(imp.kind)
    const given = (job.input.mapping ?? {}) as Record<string, string | null>
    const prepared = await prepare(files, { tenantId: job.tenantId, importId, kind: imp.kind }, (columns) => resolveMapping(imp.kind, columns, saved, given))
    const next: ImportInfo = {
      ...imp, ...bumped(imp), checksum: prepared.checksum, bytes: prepared.bytes, format: prepared.format, columns: prepared.columns,
      mapping: prepared.mapping, missing: prepared.missing, counts: zeroCounts(prepared.rows, prepared.blank), parts: prepared.parts,
    }
    await commit([saveImport(next, imp)])
    analyses.clear()
    return { checkpoint: { parts: prepared.parts, part: 1, rows: prepared.rows, counts: next.counts! }, phase: 'checking', progress: { done: 0, total: prepared.rows } }
  }
  const counts = { ...point.counts }
  if (point.part <= point.parts) {
    const rows = await rowsOf(files, imp, job.tenantId, point.part)
    const ctx = await contextFor(await directory(), await analysisOf(files, imp, job.tenantId), false, rows)
    const done = await markers(imp.checksum!, Math.min(...rows.map((r) => r.row)), Math.max(...rows.map((r) => r.row)))
    const report = await mapLimited(rows, CHECK_LANES, async (row): Promise<ReportRow> => {
      const marker = done.get(row.row)
      return marker
        ? { row: row.row, status: 'exists', issues: [issue(row, 'import.row_imported', { params: { importId: marker.importId } })], ...(marker.entityId ? { match: { id: marker.entityId } } : {}) }
        : (await checkRow(imp.kind, row, ctx)).report
    })
    for (const line of report) counts[line.status]++
    await files.write(importPaths(job.tenantId, importId).report(point.part), jsonl(report))
    const next: CheckPoint = { ...point, part: point.part + 1, counts }
    const progress = { done: rowsDone(next), total: point.rows }
    if (next.part <= point.parts) return { checkpoint: next, phase: 'checking', progress }
  }
  const checked: ImportInfo = { ...imp, ...bumped(imp), state: 'checked', counts, checkedAt: new Date().toISOString() }
  return {
    checkpoint: { ...point, part: point.parts + 1, counts },
    phase: 'checked',
    progress: { done: point.rows, total: point.rows },
    finished: { result: { importId, counts }, writes: [saveImport(checked, imp)] },
  }
}

const rowsDone = (p: { counts: RowCounts }) => rowStatuses.reduce((n, s) => n + p.counts[s], 0)

/** A row's change, its audit events and the row's marker in one transaction: the marker says "done" once and for all. */
class AlreadyWritten extends Error {}

/**
 * The commit, as a job: each step takes one part, checks each row again against the registry as it is now,
 * and writes each valid row in its own transaction with the row's marker (file checksum + row number). A
 * runner killed mid-part leaves some rows written with their markers: the step taken over from the same
 * checkpoint finds the markers and writes only the rest. The last step records one `import.commit` event.
 */
export async function importCommitStep(job: JobRecord): Promise<StepOutcome> {
  const importId = String(job.input.importId)
  const files = await importFiles()
  const imp = await loadImport(importId)
  const point = job.checkpoint as CommitPoint | undefined
  if (!point) {
    forgetDirectory()
    const rows = imp.counts?.rows ?? 0
    const parts = imp.parts ?? 0
    return { checkpoint: { parts, part: 1, rows, done: 0, outcomes: zeroOutcomes() }, phase: 'committing', progress: { done: 0, total: rows } }
  }
  const outcomes = { ...point.outcomes }
  let done = point.done
  if (point.part <= point.parts) {
    const rows = await rowsOf(files, imp, job.tenantId, point.part)
    const ctx = await contextFor(await directory(), await analysisOf(files, imp, job.tenantId), true, rows)
    const written = await markers(imp.checksum!, Math.min(...rows.map((r) => r.row)), Math.max(...rows.map((r) => r.row)))
    // workers' and leavers' rows are independent (a repeated identifier is a duplicate, never written; the guards hold the
    // rest): side by side. Units and facilities build on the rows before them (a unit made once): in order.
    const lanes = imp.kind === 'workers' || imp.kind === 'exits' ? CHECK_LANES : 1
    const result = await mapLimited(rows, lanes, async (row): Promise<ReportRow> => {
      const marker = written.get(row.row)
      if (marker) {
        // written by this import before a crash (or by an earlier import of the same file): never again
        return { row: row.row, status: 'exists', issues: [], outcome: marker.importId === importId ? (marker.outcome as ReportRow['outcome']) : 'unchanged', entityId: marker.entityId }
      }
      const checked = await checkRow(imp.kind, row, ctx)
      const line: ReportRow = { ...checked.report, outcome: 'skipped' }
      if (checked.write) {
        try {
          const change = await checked.write()
          await commit(
            [...change.writes, { put: { ...keys.importRow(imp.checksum!, row.row), importId, outcome: change.outcome, entityId: change.entityId }, when: 'absent', conflict: () => new AlreadyWritten() }],
            { audit: change.audit },
          )
          change.applied?.()
          line.outcome = change.outcome
          line.entityId = change.entityId
        } catch (error) {
          if (error instanceof AlreadyWritten) line.outcome = 'unchanged'
          else if (error instanceof AppError) {
            line.outcome = 'failed'
            line.issues.push(issue(row, 'import.commit_failed', { params: { detail: error.message } }))
          } else throw error
        }
      } else if (checked.report.status === 'exists') line.outcome = 'unchanged'
      return line
    })
    for (const line of result) outcomes[line.outcome!]++
    await files.write(importPaths(job.tenantId, importId).result(point.part), jsonl(result))
    done += rows.length
    const next: CommitPoint = { ...point, part: point.part + 1, done, outcomes }
    if (next.part <= point.parts) return { checkpoint: next, phase: 'committing', progress: { done, total: point.rows } }
  }
  const committed: ImportInfo = { ...imp, ...bumped(imp), state: 'committed', committed: outcomes, committedAt: new Date().toISOString() }
  return {
    checkpoint: { ...point, part: point.parts + 1, done, outcomes },
    phase: 'committed',
    progress: { done, total: point.rows },
    finished: {
      result: { importId, outcomes },
      writes: [saveImport(committed, imp)],
      audit: { action: 'import.commit', entityType: 'import', entityId: importId, after: { kind: imp.kind, fileName: imp.fileName, checksum: imp.checksum, bytes: imp.bytes, rows: point.rows, outcomes, jobId: job.id } },
    },
  }
}
