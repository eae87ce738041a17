import { getJob, cancelJob } from '../../jobs/store'
import { newJob } from '../../jobs/record'
import { startJob } from '../../jobs'
import { view } from '../../jobs/record'
import type { JobInfo } from '../../jobs/schema'
import { useTenant, useUser } from '../actor'
import { recordRead } from '../audit'
import { keys } from '../db/keys'
import { commit, type Write } from '../db/write'
import { AppError, forbidden } from '../error'
import { newId } from '../id'
import { bumped, created } from '../util/entity'
import { isImportable } from './check'
import { fields, type ImportKind } from './fields'
import { importFiles, importPaths, tooLargeFile } from './files'
import { csvLine } from './csv'
import { savedForm } from './mapping'
import { reasonText, type ReasonLang } from './reasons'
import { MAX_IMPORT_BYTES, type ImportCheck, type ImportInfo, type ReportRow, type RowStatus } from './schema'
import { listImports, loadImport, saveImport } from './store'

export * from './schema'
export { importableKinds } from './check'

/** Units and facilities shape the whole country: only its ministry admins import them; workers, registrars too. */
function assertMayImport(kind: ImportKind) {
  const role = useUser().role
  if (kind === 'facilities' && role !== 'ministry-admin') throw forbidden('Only a ministry admin imports units and facilities')
  if (!isImportable(kind)) throw new AppError(422, 'import.kind_not_supported', `Imports of ${kind} are not available yet`, { kind })
}

const checkJob = (imp: ImportInfo, mapping?: Record<string, string | null>) => newJob('import.check', useTenant(), imp.id, { importId: imp.id, ...(mapping ? { mapping } : {}) })

/**
 * A new import, waiting for its file: the answer says where to send it (in AWS a presigned S3 PUT, so a
 * 50 MB file crosses the network once and skips the API's body limit; locally the upload route below).
 */
export async function create(input: { kind: ImportKind; fileName: string; bytes: number }) {
  assertMayImport(input.kind)
  const user = useUser()
  const id = newId('import')
  const imp: ImportInfo = { id, kind: input.kind, fileName: input.fileName, bytes: input.bytes, state: 'awaiting-file', createdBy: { id: user.userId, email: user.email }, ...created() }
  const link = await (await importFiles()).uploadUrl(importPaths(useTenant(), id).source, input.bytes)
  await commit([saveImport(imp)], { audit: { action: 'import.create', entityType: 'import', entityId: id, after: { kind: input.kind, fileName: input.fileName, bytes: input.bytes } } })
  return { ...imp, upload: link ? { method: 'PUT' as const, ...link } : { method: 'PUT' as const, url: `/api/v1/imports/${id}/file`, headers: {} } }
}

/**
 * The file itself (locally): its bytes stream to the import store as they arrive, capped and never held
 * whole; a broken upload keeps nothing. Then the dry run starts as a job.
 */
export async function upload(importId: string, body: ReadableStream<Uint8Array> | null, declared?: number) {
  const imp = await loadImport(importId)
  assertMayImport(imp.kind)
  if (imp.state !== 'awaiting-file') throw new AppError(409, 'import.file_received', 'This import has its file already; start a new import for another file')
  if (declared !== undefined && declared > MAX_IMPORT_BYTES) throw tooLargeFile(MAX_IMPORT_BYTES)
  const files = await importFiles()
  const paths = importPaths(useTenant(), imp.id)
  const received = body ? await files.receive(paths.source, body, MAX_IMPORT_BYTES) : { bytes: 0, sha256: '' }
  if (!received.bytes) {
    await files.removeAll(paths.base)
    throw new AppError(422, 'import.empty_file', 'The file is empty')
  }
  return startCheck(imp, { bytes: received.bytes, checksum: received.sha256 })
}

async function startCheck(imp: ImportInfo, file: { bytes: number; checksum?: string }, mapping?: Record<string, string | null>, extra: Write[] = []) {
  const { job, write } = checkJob(imp, mapping)
  const next: ImportInfo = { ...imp, ...bumped(imp), ...file, state: 'checking', jobId: job.id }
  await startJob(job, [write, saveImport(next, imp), ...extra], { action: 'import.check', entityType: 'import', entityId: imp.id, after: { bytes: file.bytes, checksum: file.checksum, mapping } })
  return present(next)
}

/** The import as the console shows it: a job that stopped on an error shows the import as failed. */
async function present(imp: ImportInfo): Promise<ImportInfo & { job?: JobInfo }> {
  const job = imp.jobId ? await getJob(keys.jobOwner(), imp.jobId) : undefined
  if (job?.state === 'failed' && (imp.state === 'checking' || imp.state === 'committing'))
    return { ...imp, state: 'failed', error: job.error, job: view(job) }
  return { ...imp, ...(job ? { job: view(job) } : {}) }
}

export const list = async (cursor: string | undefined, limit: number) => listImports(cursor, limit)

/** Where a page of the report starts: a part, and a line in it. */
function positionOf(cursor: string | undefined) {
  if (!cursor) return { part: 1, line: 0 }
  const m = /^(\d{1,7}):(\d{1,7})$/.exec(cursor)
  if (!m) throw new AppError(400, 'request.invalid_cursor', 'The cursor is not one this list gave')
  return { part: Number(m[1]), line: Number(m[2]) }
}

/** The report's lines, from a position on: the commit's outcomes once committed, the dry run's before. */
async function* reportLines(imp: ImportInfo, from = { part: 1, line: 0 }, tenantId = useTenant()) {
  const files = await importFiles()
  const paths = importPaths(tenantId, imp.id)
  const committed = imp.state === 'committed' || imp.state === 'committing'
  for (let part = from.part; part <= (imp.parts ?? 0); part++) {
    const text = (committed ? await files.text(paths.result(part)) : undefined) ?? (await files.text(paths.report(part)))
    if (text === undefined) return
    const lines = text.split('\n').filter(Boolean)
    for (let line = part === from.part ? from.line : 0; line < lines.length; line++) yield { part, line, row: JSON.parse(lines[line]!) as ReportRow }
  }
}

/** One import with a page of its report (filtered by status), and its job's progress. */
export async function get(importId: string, query: { status?: RowStatus; cursor?: string; limit: number }) {
  const imp = await present(await loadImport(importId))
  const rows: ReportRow[] = []
  let cursor: string | null = null
  for await (const { part, line, row } of reportLines(imp, positionOf(query.cursor))) {
    if (rows.length === query.limit) {
      cursor = `${part}:${line}`
      break
    }
    if (!query.status || row.status === query.status) rows.push(row)
  }
  // the report names people (and the records matched): reading it is traced like any read of the registry
  await recordRead({ action: 'import.report_read', entityType: 'import', entityId: imp.id })
  return { ...imp, rows, cursor }
}

const reportHeaders: Record<ReasonLang, string[]> = {
  en: ['Row', 'Status', 'Result', 'Record', 'Column', 'Value', 'Reason', 'Code', 'Registry id'],
  fr: ['Ligne', 'Statut', 'Résultat', 'Fiche', 'Colonne', 'Valeur', 'Motif', 'Code', 'Identifiant au registre'],
  pt: ['Linha', 'Estado', 'Resultado', 'Registo', 'Coluna', 'Valor', 'Motivo', 'Código', 'Identificador no registo'],
}

/** The whole report as CSV (UTF-8 with a BOM, for Excel): one line per reason, a row without one on a line of its own. */
export async function reportCsv(importId: string, lang: ReasonLang) {
  const imp = await loadImport(importId)
  await recordRead({ action: 'import.report_read', entityType: 'import', entityId: imp.id, after: { format: 'csv' } })
  const lines = reportLines(imp)
  const encoder = new TextEncoder()
  let started = false
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true
        controller.enqueue(encoder.encode(`\uFEFF${csvLine(reportHeaders[lang])}`))
        return
      }
      let chunk = ''
      for (let n = 0; n < 200; n++) {
        const next = await lines.next()
        if (next.done) {
          if (chunk) controller.enqueue(encoder.encode(chunk))
          controller.close()
          return
        }
        const r = next.value.row
        const id = r.entityId ?? r.match?.id
        const issues = r.issues.length ? r.issues : [undefined]
        for (const i of issues) chunk += csvLine([r.row, r.status, r.outcome ?? '', r.label ?? '', i?.column ?? '', i?.value ?? '', i ? reasonText(i.code, lang, { value: i.value, field: i.column, ...i.params }) : '', i?.code ?? '', id ?? ''])
      }
      controller.enqueue(encoder.encode(chunk))
    },
  })
}

/** A template: the kind's columns headed in the reader's language (required ones marked), UTF-8 with a BOM. */
export function template(kind: ImportKind, lang: ReasonLang) {
  return `\uFEFF${csvLine(fields[kind].map((f) => `${f.label[lang]}${f.required ? ' *' : ''}`))}`
}

/**
 * A dry run: of a file sent straight to S3 (its first), or of the same file again with the headers mapped
 * as the user chose (remembered for the country's next file of this kind, if asked).
 */
export async function recheck(importId: string, input: ImportCheck) {
  const imp = await loadImport(importId)
  assertMayImport(imp.kind)
  const files = await importFiles()
  if (imp.state === 'awaiting-file') {
    const bytes = await files.size(importPaths(useTenant(), imp.id).source)
    if (!bytes) throw new AppError(409, 'import.no_file', 'The file has not arrived yet: send it to the upload link first')
    if (bytes > MAX_IMPORT_BYTES) throw tooLargeFile(MAX_IMPORT_BYTES)
    return startCheck(imp, { bytes }, input.mapping)
  }
  if (imp.state !== 'checked' && (await present(imp)).state !== 'failed') throw new AppError(409, 'import.not_checkable', 'Only a checked import that has not been committed can be checked again')
  const save: Write[] = input.saveMapping && input.mapping ? [{ put: { ...keys.importMapping(imp.kind), mapping: savedForm(input.mapping), updatedAt: new Date().toISOString() } }] : []
  return startCheck(imp, { bytes: imp.bytes }, input.mapping, save)
}

/** Commits what the dry run found valid, as a job; one commit of a country runs at a time. */
export async function commitImport(importId: string) {
  const imp = await loadImport(importId)
  assertMayImport(imp.kind)
  if (imp.state !== 'checked') throw new AppError(409, 'import.not_checked', 'Only a checked import can be committed (once)')
  const { job, write } = newJob('import.commit', useTenant(), imp.id, { importId: imp.id }, { total: imp.counts?.rows ?? 0 })
  const next: ImportInfo = { ...imp, ...bumped(imp), state: 'committing', jobId: job.id }
  await startJob(job, [
    write,
    saveImport(next, imp),
    { put: { ...keys.jobLock(useTenant(), 'import.commit'), jobId: job.id }, when: 'absent', conflict: () => new AppError(409, 'import.commit_running', 'Another import is being committed in this country; wait until it has finished') },
  ], { action: 'import.commit_start', entityType: 'import', entityId: imp.id, after: { jobId: job.id } })
  return present(next)
}

/** Stops a dry run or a commit between two parts (rows written stay written, each whole), or drops a checked import. */
export async function cancel(importId: string) {
  const imp = await loadImport(importId)
  assertMayImport(imp.kind)
  if (imp.state === 'committed' || imp.state === 'cancelled') throw new AppError(409, 'import.finished', 'This import has already finished')
  if (imp.jobId) {
    const job = await getJob(keys.jobOwner(), imp.jobId)
    if (job && (job.state === 'queued' || job.state === 'running')) await cancelJob(keys.jobOwner(), job.id)
  }
  const fresh = await loadImport(importId)
  const next: ImportInfo = { ...fresh, ...bumped(fresh), state: 'cancelled' }
  await commit([saveImport(next, fresh)], { audit: { action: 'import.cancel', entityType: 'import', entityId: imp.id, before: { state: fresh.state }, after: { state: 'cancelled' } } })
  return present(next)
}
