import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { build } from 'esbuild'
import ExcelJS from 'exceljs'
import { beforeAll, describe, expect, it } from 'vitest'
import { app } from '../../functions/api/app'
import { call } from '../support/http'
import { buildWorld, type World } from '../support/world'
import { blocking, importDriver } from './import-jobs'

process.env.CADRE_IMPORT_PART_ROWS = '2'
process.env.CADRE_JOB_LEASE_MS = '4000'
process.env.CADRE_EXPORT_DIR = mkdtempSync(join(tmpdir(), 'cadre-import-xlsx-'))

let w: World
let registrar: string
let drive: ReturnType<typeof importDriver>

beforeAll(async () => {
  w = await buildWorld()
  registrar = w.a.users.registrar.token
  drive = importDriver(w.a.id)
}, 180_000)

/** A workbook as a ministry keeps one: typed cells (dates, numbers), a blank row, rich text, a formula, a second sheet. */
async function workbook(cadre: string, facility: string) {
  const book = new ExcelJS.Workbook()
  const sheet = book.addWorksheet('Agents')
  sheet.addRow(['N° CNI', 'Prénom', 'Nom de famille', 'Sexe', 'Date de naissance', 'Cadre', 'Formation sanitaire', 'Téléphone'])
  sheet.addRow([1987654321012, 'Aïda', 'Sow', 'F', new Date(Date.UTC(1991, 1, 14)), cadre, facility, '+221 77 111 2233'])
  sheet.addRow([])
  sheet.addRow(['XLSX-2', { richText: [{ text: 'Ma' }, { font: { bold: true }, text: 'madou' }] }, 'Ba', 'M', new Date(Date.UTC(1985, 6, 9)), cadre, facility, null])
  sheet.addRow(['XLSX-3', 'Sans', { formula: '"Cad"&"re"', result: 'Cadre' }, 'M', '31/02/1990', cadre, facility])
  sheet.getColumn(5).numFmt = 'dd/mm/yyyy'
  book.addWorksheet('Notes').addRow(['not read'])
  return new Uint8Array(await book.xlsx.writeBuffer())
}

async function upload(name: string, bytes: Uint8Array) {
  const created = drive.ok(await call('POST', '/api/v1/imports', { token: registrar, body: { kind: 'workers', fileName: name, bytes: bytes.byteLength } }), 201)
  const res = await app.request(created.upload.url, { method: 'PUT', headers: { authorization: `Bearer ${registrar}` }, body: bytes })
  expect(res.status).toBe(202)
  return { id: created.id as string, jobId: ((await res.json()) as any).jobId as string }
}

describe('an Excel workbook', () => {
  it('is read from its first sheet: typed cells as a person sees them, rows numbered as Excel shows them, then committed', async () => {
    const cadre = (await call('GET', `/api/v1/cadres/${w.a.registry.cadre.id}`, { token: registrar })).json.name
    const bytes = await workbook(cadre, w.a.registry.facility.name)
    const sent = await upload('agents.xlsx', bytes)
    const job = await drive.runToEnd(sent.jobId)
    expect(job.state, JSON.stringify(job.error)).toBe('done')
    const r = await drive.report(sent.id, registrar)
    expect(r.format).toMatchObject({ type: 'xlsx' })
    expect(r.columns).toEqual(['N° CNI', 'Prénom', 'Nom de famille', 'Sexe', 'Date de naissance', 'Cadre', 'Formation sanitaire', 'Téléphone'])
    expect(r.mapping).toMatchObject({ 'N° CNI': 'nationalId', 'Date de naissance': 'birthDate' })
    expect(r.rows.map((x: any) => [x.row, x.status])).toEqual([[2, 'valid'], [4, 'valid'], [5, 'error']])
    expect(r.byRow[4].label).toBe('Mamadou Ba')
    expect(blocking(r.byRow[5])).toEqual([expect.objectContaining({ code: 'import.invalid_date', value: '31/02/1990' })])
    expect(r.counts).toMatchObject({ rows: 3, blank: 0 })

    const done = await drive.commitToEnd(sent.id, registrar)
    expect(done.committed).toMatchObject({ created: 2, failed: 0 })
    const aida = drive.ok(await call('GET', '/api/v1/workers?q=1987654321012', { token: registrar })).items
    expect(aida).toEqual([expect.objectContaining({ givenName: 'Aïda', familyName: 'Sow', birthDate: '1991-02-14', nationalId: '1987654321012' })])
  })

  it('an Excel 97–2003 file, or a zip that is no workbook, says why', async () => {
    const xls = Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...new Array(504).fill(0)])
    const old = await upload('agents.xls', xls)
    expect((await drive.runToEnd(old.jobId)).state).toBe('failed')
    expect(drive.ok(await call('GET', `/api/v1/imports/${old.id}`, { token: registrar })).error).toMatchObject({ code: 'import.xls_not_supported' })
    const zip = Uint8Array.from([0x50, 0x4b, 0x03, 0x04, ...new Array(60).fill(7)])
    const broken = await upload('broken.xlsx', zip)
    expect((await drive.runToEnd(broken.jobId)).state).toBe('failed')
    expect(drive.ok(await call('GET', `/api/v1/imports/${broken.id}`, { token: registrar })).error).toMatchObject({ code: 'import.malformed_file' })
  })

  it('the reader is loaded by the import job only: the API’s own bundle does not carry it', async () => {
    const bundle = async (entry: string) => {
      const out = await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', write: false, metafile: true, logLevel: 'silent', outdir: '/tmp/unused' })
      return Object.keys(out.metafile.inputs)
    }
    expect((await bundle('functions/api.ts')).filter((f) => f.includes('node_modules/exceljs'))).toEqual([])
    expect((await bundle('functions/jobs/lambda.ts')).some((f) => f.includes('node_modules/exceljs'))).toBe(true)
  }, 120_000)
})
