import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { app } from '../../functions/api/app'
import { resolveMapping } from '../../functions/core/import/mapping'
import { allItems, call } from '../support/http'
import { buildWorld, type World } from '../support/world'
import { blocking, codesOf, importDriver } from './import-jobs'

process.env.CADRE_IMPORT_PART_ROWS = '3'
process.env.CADRE_JOB_LEASE_MS = '4000'
process.env.CADRE_EXPORT_DIR = mkdtempSync(join(tmpdir(), 'cadre-import-kinds-'))

let w: World
let admin: string
let registrar: string
let drive: ReturnType<typeof importDriver>

beforeAll(async () => {
  w = await buildWorld()
  admin = w.a.users['ministry-admin'].token
  registrar = w.a.users.registrar.token
  drive = importDriver(w.a.id)
}, 180_000)

// A French ministry's cadre list: its own names, codes or the NHWA occupation's French title
const CADRES = [
  'Cadre;Code CITP-08;Profession NHWA (intitulé CITP-08);Description',
  "Infirmier d'État;2221;;Diplôme d'État", // 2
  "Sage-femme d'État;;Sages-femmes;", // 3: the occupation by its French title
  'Agent de santé communautaire;3253 - Community health workers;;', // 4: a code before its title
  'Clinicien KEN;2240;;', // 5: already there, as it is
  'Pharmacien KEN;3213;;', // 6: already there with another code
  'Technicien;9999;;', // 7
  'Infirmier d’État;2221;;', // 8: row 2 again, another apostrophe
  'Matrone;;Accoucheuse traditionnelle;', // 9
].join('\r\n')

describe('cadres', () => {
  let first: any
  it('the dry run maps each cadre to ISCO-08 by code or by the occupation’s title, in the country’s language', async () => {
    drive.ok(await call('POST', '/api/v1/cadres', { token: admin, body: { name: 'Clinicien KEN', iscoCode: '2240' } }), 201)
    drive.ok(await call('POST', '/api/v1/cadres', { token: admin, body: { name: 'Pharmacien KEN', iscoCode: '2262' } }), 201)
    first = await drive.dryRun('cadres', 'corps.csv', CADRES, admin)
    expect(first.mapping).toMatchObject({ Cadre: 'name', 'Code CITP-08': 'iscoCode', 'Profession NHWA (intitulé CITP-08)': 'occupation' })
    const r = first.byRow
    for (const row of [2, 3, 4]) expect(r[row].status, `row ${row}`).toBe('valid')
    expect(r[5]).toMatchObject({ status: 'exists', match: { label: 'Clinicien KEN' } })
    expect(r[6]).toMatchObject({ status: 'update', diff: [{ field: 'iscoCode', before: '2262', after: '3213' }] })
    expect(blocking(r[7])).toEqual([expect.objectContaining({ code: 'import.isco_unknown', value: '9999', column: 'Code CITP-08' })])
    expect(r[8]).toMatchObject({ status: 'duplicate', issues: [expect.objectContaining({ code: 'import.duplicate_row', params: expect.objectContaining({ row: 2 }) })] })
    expect(r[9]).toMatchObject({ status: 'not_found', issues: [expect.objectContaining({ code: 'import.occupation_not_found', value: 'Accoucheuse traditionnelle' })] })
    expect(first.counts).toMatchObject({ rows: 8, valid: 3, update: 1, exists: 1, error: 1, duplicate: 1, not_found: 1 })
    // the occupation's title stands for the code: a list giving either lacks nothing
    expect(resolveMapping('cadres', ['Cadre', 'Occupation']).missing).toEqual([])
    expect(resolveMapping('cadres', ['Cadre', 'ISCO']).missing).toEqual([])
    expect(resolveMapping('cadres', ['Cadre']).missing).toEqual(['iscoCode'])
  })

  it('the report says why in Portuguese too', async () => {
    const res = await app.request(`/api/v1/imports/${first.id}/report.csv?lang=pt`, { headers: { authorization: `Bearer ${admin}` } })
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer())
    expect(text).toContain('«9999» não é um código CITP-08 de profissão de saúde')
  })

  it('commits: new cadres created, a changed one updated with its version, the same list again changes nothing', async () => {
    const done = await drive.commitToEnd(first.id, admin)
    expect(done.committed).toEqual({ created: 3, updated: 1, unchanged: 1, skipped: 3, failed: 0 })
    const cadres = (await allItems('/api/v1/cadres', admin)) as any[]
    const byName = (name: string) => cadres.filter((c) => c.name === name)
    expect(byName("Infirmier d'État")).toEqual([expect.objectContaining({ iscoCode: '2221', description: "Diplôme d'État" })])
    expect(byName("Sage-femme d'État")).toEqual([expect.objectContaining({ iscoCode: '2222' })])
    expect(byName('Agent de santé communautaire')).toEqual([expect.objectContaining({ iscoCode: '3253' })])
    expect(byName('Pharmacien KEN')).toEqual([expect.objectContaining({ iscoCode: '3213', version: 2 })])
    const audit = drive.ok(await call('GET', '/api/v1/audit?action=cadre.create&limit=20', { token: admin })).items
    expect(audit.filter((e: any) => ["Infirmier d'État", "Sage-femme d'État", 'Agent de santé communautaire'].includes(e.after?.name))).toHaveLength(3)

    const again = await drive.dryRun('cadres', 'corps-2.csv', `${CADRES}\r\n`, admin)
    expect(again.counts).toMatchObject({ valid: 0, update: 0, exists: 5 })
    expect((await allItems('/api/v1/cadres', admin)).length).toBe(cadres.length)
  })
})

const EXITS = [
  'National ID,Registry number,Exit date,Reason,Voluntary or involuntary,Destination country,Note',
  'NID-EXIT-1,,15/03/2025,Démission,,,', // 2
  ',REG-EXIT-2,2025-04-01,emigration,,Royaume-Uni,Left for the NHS', // 3: a country named in French
  'NID-EXIT-3,,2025-04-01,emigration,,,', // 4: emigrated where?
  'NID-EXIT-4,,2025-01-10,resignation,,,', // 5: recorded already
  'NID-NOBODY,,2025-01-01,death,,,', // 6
  'NID-EXIT-5,,31/02/2025,Falecimento,,,', // 7
  'NID-EXIT-6,,2025-05-01,Sabbatical,,,', // 8
  'NID-UGA-1,,2025-05-01,death,,,', // 9: another country's worker
  'NID-NOBODY-2,,zz,zz,,,', // 10: nobody, and two bad columns
].join('\n')

describe('exits', () => {
  const ids: Record<string, any> = {}
  let first: any
  beforeAll(async () => {
    const make = async (key: string, body: Record<string, unknown>) => {
      ids[key] = drive.ok(await call('POST', '/api/v1/workers', { token: registrar, body: { givenName: 'Leaver', familyName: key, sex: 'male', birthDate: '1980-01-01', cadreId: w.a.registry.cadre.id, confirmNotDuplicate: true, ...body } }), 201)
    }
    await make('One', { nationalId: 'NID-EXIT-1', orgUnitId: w.a.registry.facility.id, startDate: '2024-01-01' })
    await make('Two', { registryNumber: 'REG-EXIT-2' })
    await make('Three', { nationalId: 'NID-EXIT-3' })
    await make('Four', { nationalId: 'NID-EXIT-4' })
    await make('Five', { nationalId: 'NID-EXIT-5' })
    await make('Six', { nationalId: 'NID-EXIT-6' })
    drive.ok(await call('POST', `/api/v1/workers/${ids.Four.id}/exits`, { token: registrar, body: { kind: 'voluntary', reason: 'resignation', date: '2025-01-10' } }), 201)
  })

  it('the dry run finds each leaver by an identifier and reads reasons and countries in the user’s words', async () => {
    first = await drive.dryRun('exits', 'leavers.csv', EXITS, registrar)
    const r = first.byRow
    expect(r[2]).toMatchObject({ status: 'valid', match: { id: ids.One.id } })
    expect(r[3]).toMatchObject({ status: 'valid', match: { id: ids.Two.id } })
    expect(r[4].status).toBe('error')
    expect(blocking(r[4])).toEqual([expect.objectContaining({ field: 'destinationCountry' })])
    expect(r[5]).toMatchObject({ status: 'exists', issues: [expect.objectContaining({ code: 'import.exists' })] })
    expect(r[6]).toMatchObject({ status: 'not_found', issues: [expect.objectContaining({ code: 'import.worker_not_found' })] })
    expect(blocking(r[7])).toEqual([expect.objectContaining({ code: 'import.invalid_date', value: '31/02/2025' })])
    expect(blocking(r[8])).toEqual([expect.objectContaining({ code: 'import.invalid_choice', column: 'Reason', value: 'Sabbatical' })])
    // another country's identifier finds nobody here
    expect(r[9]).toMatchObject({ status: 'not_found' })
    expect(r[9].match).toBeUndefined()
    expect(codesOf(r[9])).toEqual(['import.worker_not_found'])
    // a row with several faults says them all, not only that nobody was found
    expect(r[10].status).toBe('error')
    expect(codesOf(r[10])).toEqual(expect.arrayContaining(['import.worker_not_found', 'import.invalid_date', 'import.invalid_choice']))
  })

  it('commits each exit as the console would: deployments ended, status exited, one exit.create event; again, nothing new', async () => {
    const done = await drive.commitToEnd(first.id, registrar)
    expect(done.committed).toMatchObject({ created: 2, failed: 0 })
    const one = drive.ok(await call('GET', `/api/v1/workers/${ids.One.id}`, { token: registrar }))
    expect(one).toMatchObject({ status: 'exited' })
    expect(one.facilityId).toBeUndefined()
    const exits = drive.ok(await call('GET', `/api/v1/workers/${ids.One.id}/exits`, { token: registrar })).items
    expect(exits).toEqual([expect.objectContaining({ kind: 'voluntary', reason: 'resignation', date: '2025-03-15' })])
    const deployments = drive.ok(await call('GET', `/api/v1/workers/${ids.One.id}/deployments`, { token: registrar })).items
    expect(deployments).toEqual([expect.objectContaining({ endDate: '2025-03-15', endReason: 'exit: resignation' })])
    const two = drive.ok(await call('GET', `/api/v1/workers/${ids.Two.id}/exits`, { token: registrar })).items
    expect(two).toEqual([expect.objectContaining({ reason: 'emigration', destinationCountry: 'GBR', note: 'Left for the NHS', kind: 'voluntary' })])
    const audit = drive.ok(await call('GET', `/api/v1/audit?entityId=${ids.Two.id}&limit=20`, { token: admin })).items
    expect(audit.filter((e: any) => e.action === 'exit.create')).toHaveLength(1)
    // Uganda's worker is untouched
    const uganda = drive.ok(await call('GET', `/api/v1/workers/${w.b.registry.worker.id}`, { token: w.b.users.registrar.token }))
    expect(uganda.status).toBe('active')

    const again = await drive.dryRun('exits', 'leavers-again.csv', `${EXITS}\n`, registrar)
    for (const row of [2, 3, 5]) expect(again.byRow[row], `row ${row}`).toMatchObject({ status: 'exists' })
    const twice = await drive.commitToEnd(again.id, registrar)
    expect(twice.committed).toMatchObject({ created: 0, failed: 0 })
    expect(drive.ok(await call('GET', `/api/v1/workers/${ids.One.id}/exits`, { token: registrar })).items).toHaveLength(1)
  })

  it('templates for both kinds, headed in the reader’s language', async () => {
    const template = async (kind: string, lang: string) => new TextDecoder('utf-8', { ignoreBOM: true }).decode(await (await app.request(`/api/v1/imports/template?kind=${kind}&lang=${lang}`, { headers: { authorization: `Bearer ${registrar}` } })).arrayBuffer())
    expect(await template('exits', 'fr')).toContain('Date de sortie *,Motif *')
    expect(await template('cadres', 'pt')).toBe('\uFEFFCategoria profissional *,Código CITP-08 *,Ocupação NHWA (designação CITP-08),Descrição\r\n')
  })
})
