import { parse } from 'csv-parse/browser/esm/sync'

/** What a population CSV gives: per line, a unit (its name or a code) and a population as typed. */
export type CsvLine = { line: number; unit: string; code: string; value: string }

const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim()

/** Header words in English, French and Portuguese. */
const headers = {
  code: /^(code|codigo|uid|id|dhis2|hmis|mfl)\b/,
  unit: /^(unit|unite|unidade|name|nom|nome|region|county|district|province|departement|distrito|regiao)\b/,
  value: /^(pop|population|populacao|habitants|inhabitants)\b/,
}

/** A file as text: UTF-8, or Windows-1252 when it is not valid UTF-8 (what a spreadsheet in French often saves). */
export async function readText(file: File) {
  const bytes = new Uint8Array(await file.arrayBuffer())
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return new TextDecoder('windows-1252').decode(bytes)
  }
}

/** The lines of a CSV (`,` `;` or tab) with a header naming the unit (or its code) and the population. */
export function readPopulationCsv(text: string): CsvLine[] | 'no-header' {
  const rows = parse(text.replace(/^\uFEFF/, ''), { delimiter: [';', '\t', ','], relax_column_count: true, skip_empty_lines: true, trim: true }) as string[][]
  const head = (rows[0] ?? []).map(fold)
  const col = (re: RegExp) => head.findIndex((h) => re.test(h))
  const [code, unit, value] = [col(headers.code), col(headers.unit), col(headers.value)]
  if (value < 0 || (code < 0 && unit < 0)) return 'no-header'
  return rows.slice(1).map((r, i) => ({ line: i + 2, unit: unit >= 0 ? (r[unit] ?? '') : '', code: code >= 0 ? (r[code] ?? '') : '', value: r[value] ?? '' }))
}

type Unit = { unitId: string; name: string; codes: string[] }

/** The unit a line names: by code first (one of its codes or its id), else by its name, accents and case aside. */
export function matchUnit(line: CsvLine, units: Unit[]): Unit | 'ambiguous' | undefined {
  const code = line.code.trim().toLowerCase()
  if (code) {
    const byCode = units.find((u) => u.unitId.toLowerCase() === code || u.codes.some((c) => c.toLowerCase() === code))
    if (byCode) return byCode
  }
  const name = fold(line.unit)
  if (!name) return undefined
  const byName = units.filter((u) => fold(u.name) === name)
  return byName.length > 1 ? 'ambiguous' : byName[0]
}

/**
 * A population as a person types it: digits with or without thousands separators (1250000, 1,250,000,
 * 1 250 000, 1.250.000). A decimal or anything else is not a count of people: undefined.
 */
export function parseCount(typed: string): number | undefined {
  const s = typed.replace(/[\s\u00a0\u202f']/g, '')
  if (!/^(\d+|\d{1,3}([.,]\d{3})+)$/.test(s)) return undefined
  return Number(s.replace(/[.,]/g, ''))
}
