import { AppError } from '../error'
import { analyser, type Analysis } from './analysis'
import { looksLikeJson, sniffDelimiter, survey, type Encoding } from './decode'
import { dhis2Mapping } from './dhis2'
import type { ImportKind } from './fields'
import { importPaths, type ImportFiles } from './files'
import { columnIndexes, resolveMapping } from './mapping'
import { sourceRows, type SourceRow } from './parse'
import { looksLikeXls, looksLikeXlsx } from './xlsx'
import { RowInput } from './row'
import type { Mapping } from './schema'
import { tidy } from './values'

/** Rows in one part: what one step of the dry run or the commit reads (a few seconds of work). */
export const partRows = () => Number(process.env.CADRE_IMPORT_PART_ROWS ?? 500)

export type Format = { type: 'csv' | 'dhis2-json' | 'xlsx'; encoding: Encoding; delimiter?: string }
export type Prepared = {
  checksum: string
  bytes: number
  format: Format
  columns: string[]
  mapping: Mapping
  missing: string[]
  parts: number
  rows: number
  blank: number
}

const isBlankRow = (cells: string[]) => cells.every((c) => !c.trim())

/**
 * The first step of a dry run: reads the file as stored, twice, as streams (never whole in memory): once to
 * learn its checksum and encoding, once to parse it. Its rows go into parts of `partRows()` as JSON lines
 * (`{"r": row, "c": [cells]}`), with what the whole file says (analysis.ts) beside them. Re-running it
 * rewrites the same parts: a crash here costs the pass, nothing else.
 */
export async function prepare(
  files: ImportFiles,
  where: { tenantId: string; importId: string; kind: ImportKind },
  mappingOf: (columns: string[]) => { mapping: Mapping; missing: string[] },
): Promise<Prepared> {
  const paths = importPaths(where.tenantId, where.importId)
  const surveyed = await survey(files.read(paths.source))
  if (!surveyed.bytes) throw new AppError(422, 'import.empty_file', 'The file is empty')
  if (looksLikeXls(surveyed.sample)) throw new AppError(422, 'import.xls_not_supported', 'An Excel 97–2003 workbook (.xls) is not read: save it as .xlsx or CSV')
  const xlsx = looksLikeXlsx(surveyed.sample)
  const json = !xlsx && looksLikeJson(surveyed.sample)
  if (json && where.kind !== 'facilities') throw new AppError(422, 'import.json_for_facilities_only', 'A JSON file (a DHIS2 org-unit export) can only be imported as facilities and units')
  const format: Format = xlsx ? { type: 'xlsx', encoding: 'utf-8' } : json ? { type: 'dhis2-json', encoding: surveyed.encoding } : { type: 'csv', encoding: surveyed.encoding, delimiter: sniffDelimiter(surveyed.sample) }

  let columns: string[] | undefined
  let mapping: Mapping = {}
  let missing: string[] = []
  let index = new Map<string, number>()
  const analysis = analyser(where.kind)
  let part: string[] = []
  let parts = 0
  let rows = 0
  let blank = 0
  // a DHIS2-shaped CSV (units pointing at their parent) is ordered parents first before it is split
  let held: SourceRow[] | undefined

  const flush = async () => {
    if (!part.length) return
    await files.write(paths.rows(++parts), `${part.join('\n')}\n`)
    part = []
  }
  const keep = async (source: SourceRow) => {
    part.push(JSON.stringify({ r: source.row, c: source.cells }))
    if (part.length >= partRows()) await flush()
  }

  for await (const source of sourceRows(files.read(paths.source), format)) {
    if (!columns) {
      // lines before the header that hold nothing are not the header
      if (isBlankRow(source.cells)) continue
      columns = source.cells.map((c, i) => tidy(c) || `Column ${i + 1}`)
      ;({ mapping, missing } = json ? { mapping: dhis2Mapping as Mapping, missing: [] } : mappingOf(columns))
      index = columnIndexes(columns, mapping)
      if (where.kind === 'facilities' && index.has('parent') && !json) held = []
      continue
    }
    if (isBlankRow(source.cells)) {
      blank++
      continue
    }
    rows++
    analysis.add(new RowInput(where.kind, source.row, source.cells, columns, index))
    if (held) held.push(source)
    else await keep(source)
  }
  if (!columns) throw new AppError(422, 'import.no_header', 'The file has no header row')
  const concluded: Analysis = analysis.finish()
  if (held) {
    const depth = depthsIn(concluded.units ?? {})
    const idColumn = index.get('dhis2Id')
    const level = (s: SourceRow) => (idColumn === undefined ? 0 : depth(tidy(s.cells[idColumn] ?? '')))
    for (const source of held.sort((a, b) => level(a) - level(b) || a.row - b.row)) await keep(source)
  }
  await flush()
  await files.write(paths.analysis, JSON.stringify(concluded))
  return { checksum: surveyed.sha256, bytes: surveyed.bytes, format, columns, mapping, missing, parts, rows, blank }
}

/** How deep each unit of the file sits under the others of the file (a parent outside it: 0); loops stop. */
function depthsIn(units: NonNullable<Analysis['units']>) {
  const memo = new Map<string, number>()
  const depth = (id: string, guard = 0): number => {
    const known = memo.get(id)
    if (known !== undefined) return known
    const parent = units[id]?.parent
    const d = parent && units[parent] && guard < 100 ? depth(parent, guard + 1) + 1 : 0
    memo.set(id, d)
    return d
  }
  return depth
}

/** A part's rows, as the prepare step wrote them. */
export async function readPart(files: ImportFiles, tenantId: string, importId: string, n: number): Promise<SourceRow[]> {
  const text = await files.text(importPaths(tenantId, importId).rows(n))
  if (text === undefined) throw new AppError(409, 'import.parts_missing', 'The prepared rows of this import are gone: check the file again')
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const { r, c } = JSON.parse(line) as { r: number; c: string[] }
      return { row: r, cells: c }
    })
}

export { resolveMapping }
