import { describe, expect, it } from 'vitest'
import { decoded, looksLikeJson, sniffDelimiter, survey } from '../../functions/core/import/decode'
import { dhis2Rows } from '../../functions/core/import/dhis2'
import { csvRecords, sourceRows } from '../../functions/core/import/parse'
import { isPlaceholderCode, parseDate, parseNumber } from '../../functions/core/import/values'

/** A file as it arrives: bytes in chunks of `size`, so a character or a quoted field can fall across two. */
async function* chunks(bytes: Uint8Array, size = 7) {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size)
}
const utf8 = (s: string) => new TextEncoder().encode(s)
/** Windows-1252 bytes of a Latin-1 string (what Excel "CSV" saves in French or Portuguese Windows) */
const cp1252 = (s: string) => Uint8Array.from([...s].map((c) => c.charCodeAt(0)))

async function rowsOf(bytes: Uint8Array, chunkSize = 7) {
  const surveyed = await survey(chunks(bytes, chunkSize))
  const format = { type: 'csv' as const, encoding: surveyed.encoding, delimiter: sniffDelimiter(surveyed.sample) }
  const out: string[][] = []
  for await (const r of sourceRows(chunks(bytes, chunkSize), format)) out.push(r.cells)
  return { surveyed, format, rows: out }
}

describe('reading CSV files', () => {
  it('drops the byte-order mark: the first header is the name, not \\uFEFFname', async () => {
    const { rows, surveyed } = await rowsOf(utf8('\uFEFFFacility,District\nKaru Clinic,Bo\n'))
    expect(surveyed.encoding).toBe('utf-8')
    expect(rows[0]).toEqual(['Facility', 'District'])
    expect(rows[1]).toEqual(['Karu Clinic', 'Bo'])
  })

  it('sniffs `;` and tab from the header line, ignoring delimiters inside quotes', async () => {
    expect(sniffDelimiter('"a,b";c;d\n1,2;3;4')).toBe(';')
    expect(sniffDelimiter('name\tcode\tdistrict\nx,y\tz\tw')).toBe('\t')
    expect(sniffDelimiter('name,code\n')).toBe(',')
    expect(sniffDelimiter('single\nrow')).toBe(',')
    const { rows } = await rowsOf(utf8('Nom;Code;District\n"Centre; annexe";C1;Dakar\n'))
    expect(rows[1]).toEqual(['Centre; annexe', 'C1', 'Dakar'])
  })

  it('keeps a newline and a doubled quote inside a quoted field, across chunk boundaries', async () => {
    const { rows } = await rowsOf(utf8('name,note\r\n"Bo ""Central""","first line\r\nsecond line"\r\nNext,x\r\n'), 3)
    expect(rows).toEqual([
      ['name', 'note'],
      ['Bo "Central"', 'first line\r\nsecond line'],
      ['Next', 'x'],
    ])
  })

  it('reads a `;`-separated Windows-1252 file (invalid UTF-8) with its accents', async () => {
    const { rows, surveyed, format } = await rowsOf(cp1252('Prénom;Nom;Région\nAimé;Diène;Thiès\nJoão;Conceição;Évora\n'))
    expect(surveyed.encoding).toBe('windows-1252')
    expect(format.delimiter).toBe(';')
    expect(rows).toEqual([
      ['Prénom', 'Nom', 'Région'],
      ['Aimé', 'Diène', 'Thiès'],
      ['João', 'Conceição', 'Évora'],
    ])
  })

  it('reads UTF-8 whose multi-byte characters are split across chunks as UTF-8, not 1252', async () => {
    const { rows, surveyed } = await rowsOf(utf8('Prénom,Nom\nAimé,Diène\n'), 1)
    expect(surveyed.encoding).toBe('utf-8')
    expect(rows[1]).toEqual(['Aimé', 'Diène'])
  })

  it('accepts rows of uneven length and blank lines (counted later as blank, never lost)', async () => {
    const { rows } = await rowsOf(utf8('a,b,c\n1,2\n\n4,5,6,7\n'))
    expect(rows).toEqual([['a', 'b', 'c'], ['1', '2'], [''], ['4', '5', '6', '7']])
  })

  it('says where an unclosed quote that would swallow the file stops being readable', async () => {
    const text = `a,b\n"unclosed,${'x'.repeat(300 * 1024)}\n`
    const run = async () => {
      for await (const _ of csvRecords(decoded(chunks(utf8(text), 64 * 1024), 'utf-8'), ',')) void _
    }
    await expect(run()).rejects.toMatchObject({ status: 422, code: 'import.malformed_file' })
  })

  it('tells a DHIS2 JSON export from a CSV', () => {
    expect(looksLikeJson('\uFEFF  {"organisationUnits": []}')).toBe(true)
    expect(looksLikeJson('name,code')).toBe(false)
  })
})

describe('cell values', () => {
  it('reads dates as files write them, and refuses ones that are not calendar dates', () => {
    expect(parseDate('2024-03-31')).toBe('2024-03-31')
    expect(parseDate('2024-03-31T00:00:00.000')).toBe('2024-03-31')
    expect(parseDate('31/03/2024')).toBe('2024-03-31')
    expect(parseDate('03/31/2024')).toBe('2024-03-31')
    expect(parseDate('31.03.2024')).toBe('2024-03-31')
    expect(parseDate('45382')).toBe('2024-03-31')
    expect(parseDate('31/02/2024')).toBeUndefined()
    expect(parseDate('2024-13-01')).toBeUndefined()
    expect(parseDate('yesterday')).toBeUndefined()
  })

  it('reads decimal commas and tells placeholder codes from real ones', () => {
    expect(parseNumber('-8,4657')).toBe(-8.4657)
    expect(parseNumber('12.5')).toBe(12.5)
    expect(parseNumber('12a')).toBeUndefined()
    for (const code of ['5006XXHZ', 'XXXX', '0000', 'TBD']) expect(isPlaceholderCode(code)).toBe(true)
    for (const code of ['15234', 'OU_278', 'ImspTQPwCqd']) expect(isPlaceholderCode(code)).toBe(false)
  })
})

describe('DHIS2 organisationUnits', () => {
  it('turns a nested export into rows, parents before children, with levels from where units sit', () => {
    const rows = dhis2Rows({
      organisationUnits: [
        {
          id: 'ImspTQPwCqd', name: 'Sierra Leone', code: 'OU_525',
          children: [{ id: 'O6uvpzGd5pu', name: 'Bo', children: [{ id: 'DiszpKrYNg8', name: 'Ngelehun CHC', geometry: { type: 'Point', coordinates: [-11.4197, 8.1039] } }] }],
        },
      ],
    })
    expect(rows.map((r) => [r[0], r[3], r[4]])).toEqual([
      ['ImspTQPwCqd', '', '1'],
      ['O6uvpzGd5pu', 'ImspTQPwCqd', '2'],
      ['DiszpKrYNg8', 'O6uvpzGd5pu', '3'],
    ])
    expect(rows[2]!.slice(7)).toEqual(['8.1039', '-11.4197'])
  })

  it('reads a flat export (parent from `parent` or from `path`), children listed first', () => {
    const rows = dhis2Rows([
      { id: 'DiszpKrYNg8', name: 'Ngelehun CHC', level: 3, path: '/ImspTQPwCqd/O6uvpzGd5pu/DiszpKrYNg8' },
      { id: 'O6uvpzGd5pu', name: 'Bo', level: 2, parent: { id: 'ImspTQPwCqd' }, children: [{ id: 'DiszpKrYNg8' }] },
      { id: 'ImspTQPwCqd', name: 'Sierra Leone', level: 1 },
    ])
    expect(rows.map((r) => [r[0], r[3]])).toEqual([
      ['ImspTQPwCqd', ''],
      ['O6uvpzGd5pu', 'ImspTQPwCqd'],
      ['DiszpKrYNg8', 'O6uvpzGd5pu'],
    ])
  })

  it('refuses JSON that is not an org-unit export', () => {
    expect(() => dhis2Rows({ dataValues: [] })).toThrow(expect.objectContaining({ code: 'import.malformed_file' }))
  })
})
