import { Readable } from 'node:stream'
import { AppError } from '../error'
import type { SourceRow } from './parse'

/** A zip's first bytes: an .xlsx workbook (Office Open XML is a zip of XML parts). */
export const looksLikeXlsx = (sample: string) => sample.startsWith('PK\u0003\u0004')
/** An Excel 97–2003 .xls (a compound document): not read, the user is asked to save it again. */
export const looksLikeXls = (sample: string) => sample.startsWith('\u00D0\u00CF\u0011\u00E0')

const pad = (n: number) => String(n).padStart(2, '0')

/** A cell as the CSV reader would have it: text, a number as written, a date as ISO, a formula's result. */
function text(value: unknown): string {
  if (value === null || value === undefined) return ''
  if (value instanceof Date) {
    const date = `${value.getUTCFullYear()}-${pad(value.getUTCMonth() + 1)}-${pad(value.getUTCDate())}`
    // a time of day alone (1899-12-30 in Excel's calendar) or a date with a time: what a person typed
    return value.getUTCHours() || value.getUTCMinutes() ? `${date} ${pad(value.getUTCHours())}:${pad(value.getUTCMinutes())}` : date
  }
  if (typeof value === 'object') {
    const v = value as { richText?: { text: string }[]; text?: unknown; result?: unknown; error?: string }
    if (v.richText) return v.richText.map((r) => r.text).join('')
    if ('result' in v) return text(v.result)
    if (v.text !== undefined) return text(v.text)
    if (v.error) return ''
    return ''
  }
  return String(value)
}

/**
 * The rows of an .xlsx workbook's first sheet, read as a stream (exceljs's streaming reader: the sheet is
 * never held whole; shared strings are). exceljs is loaded here, on the first .xlsx, so that nothing else
 * (the API's handlers above all) carries it.
 */
export async function* xlsxRows(bytes: AsyncIterable<Uint8Array>): AsyncGenerator<SourceRow> {
  const { default: ExcelJS } = await import('exceljs')
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(bytes), { worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', entries: 'ignore' })
  try {
    for await (const sheet of reader) {
      for await (const row of sheet) {
        // `values` counts from 1 and skips blank cells: a sparse array, made dense up to the last cell
        const values = row.values as unknown[]
        const cells: string[] = []
        for (let i = 1; i < values.length; i++) cells.push(text(values[i]))
        yield { row: row.number, cells }
      }
      return
    }
  } catch (error) {
    if (error instanceof AppError) throw error
    throw new AppError(422, 'import.malformed_file', `The workbook cannot be read: ${(error as Error).message}`)
  }
}
