import { parse } from 'csv-parse'
import { Readable } from 'node:stream'
import { AppError } from '../error'
import { decoded, type Encoding } from './decode'
import { dhis2Columns, dhis2Rows } from './dhis2'
import { xlsxRows } from './xlsx'

/** A row as read: its number as a spreadsheet shows it (the header is row 1) and its cells. */
export type SourceRow = { row: number; cells: string[] }

const malformed = (detail: string, line?: number) =>
  new AppError(422, 'import.malformed_file', `The file cannot be read${line ? ` (near line ${line})` : ''}: ${detail}`, { line })

/** No record may be larger than this: an unclosed quote would otherwise swallow the rest of a 50 MB file. */
const MAX_RECORD_BYTES = 256 * 1024

/**
 * CSV records through csv-parse (RFC 4180: quoted fields, doubled quotes, newlines inside quotes), with the
 * leniency real exports need: rows of uneven length, and stray quotes inside unquoted fields.
 */
export async function* csvRecords(text: AsyncIterable<string>, delimiter: string): AsyncGenerator<SourceRow> {
  const parser = Readable.from(text).pipe(
    parse({ delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: false, max_record_size: MAX_RECORD_BYTES }),
  )
  let row = 0
  try {
    for await (const cells of parser as AsyncIterable<string[]>) yield { row: ++row, cells }
  } catch (error) {
    const e = error as Error & { code?: string; lines?: number }
    if (e.code?.startsWith('CSV_')) throw malformed(e.message.replace(/^Invalid Record Length: /, ''), e.lines)
    throw error
  }
}

/**
 * The rows of a file: a CSV (delimiter given), an .xlsx workbook's first sheet, or a DHIS2
 * `organisationUnits` JSON turned into rows with fixed columns (DHIS2 files are a few MB even for a large
 * country: read whole).
 */
export async function* sourceRows(bytes: AsyncIterable<Uint8Array>, format: { type: 'csv' | 'dhis2-json' | 'xlsx'; encoding: Encoding; delimiter?: string }): AsyncGenerator<SourceRow> {
  if (format.type === 'xlsx') {
    yield* xlsxRows(bytes)
    return
  }
  const text = decoded(bytes, format.encoding)
  if (format.type === 'csv') {
    yield* csvRecords(text, format.delimiter ?? ',')
    return
  }
  let whole = ''
  for await (const chunk of text) whole += chunk
  let json: unknown
  try {
    json = JSON.parse(whole)
  } catch (error) {
    throw malformed((error as Error).message)
  }
  yield { row: 1, cells: [...dhis2Columns] }
  let row = 1
  for (const cells of dhis2Rows(json)) yield { row: ++row, cells }
}
