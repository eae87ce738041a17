import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { withActor } from '../../functions/core/actor'
import { commit } from '../../functions/core/db/write'
import { checkRow, contextFor } from '../../functions/core/import/check'
import { directory } from '../../functions/core/import/directory'
import { RowInput } from '../../functions/core/import/row'
import { call } from '../support/http'
import { buildWorld, type World } from '../support/world'
import { blocking, codesOf, importDriver } from './import-jobs'

process.env.CADRE_IMPORT_PART_ROWS = '3'
process.env.CADRE_JOB_LEASE_MS = '4000'
process.env.CADRE_EXPORT_DIR = mkdtempSync(join(tmpdir(), 'cadre-import-update-'))

let w: World
let registrar: string
let drive: ReturnType<typeof importDriver>
const workers: Record<string, any> = {}

const HEADER = 'National ID,Registry number,Licensing council,Licence number,Licence issued on,Licence expires on,Given name,Family name,Sex,Birth date,Cadre,Phone,MFL code,Deployment start'

beforeAll(async () => {
  w = await buildWorld()
  registrar = w.a.users.registrar.token
  drive = importDriver(w.a.id)
  const cadre = w.a.registry.cadre.id
  const make = async (key: string, body: Record<string, unknown>) => {
    workers[key] = drive.ok(await call('POST', '/api/v1/workers', { token: registrar, body: { sex: 'female', birthDate: '1990-05-06', cadreId: cadre, confirmNotDuplicate: true, ...body } }), 201)
  }
  await make('renamed', { nationalId: 'NID-UPD-1', givenName: 'Fatou', familyName: 'Ndiaye' })
  await make('same', { registryNumber: 'REG-UPD-2', givenName: 'Awa', familyName: 'Sarr' })
  await make('otherId', { nationalId: 'NID-UPD-3', registryNumber: 'REG-UPD-3', givenName: 'Mame', familyName: 'Diop' })
  await make('stranger', { nationalId: 'NID-UPD-4', givenName: 'Khady', familyName: 'Fall', birthDate: '1975-01-01' })
  await make('licensed', { nationalId: 'NID-UPD-5', givenName: 'Binta', familyName: 'Gaye' })
  await make('moved', { nationalId: 'NID-UPD-6', givenName: 'Ngoné', familyName: 'Faye', orgUnitId: w.a.registry.facility.id, startDate: '2024-01-01' })
  // the facility the last row moves a worker to, found by its MFL code
  drive.ok(await call('POST', '/api/v1/facilities', { token: w.a.users['ministry-admin'].token, body: { name: 'Clinic UPD', parentId: w.a.registry.district.id, facilityType: 'clinic', ownership: 'public', codes: { mfl: 'MFL-UPD-1' } } }), 201)
}, 180_000)

const rows = (cadre: string) => [
  HEADER,
  `NID-UPD-1,,,,,,Fatou,Ndiaye-Sow,F,06/05/1990,${cadre},+221 77 000 0001,,`, // 2: a new family name and a phone
  `,REG-UPD-2,,,,,Awa,Sarr,F,1990-05-06,${cadre},,,`, // 3: says nothing new
  `NID-UPD-3,REG-WRONG-3,,,,,Mame,Diop,F,1990-05-06,,,,`, // 4: found by national id, whose registry number is another
  `NID-UPD-4,,,,,,Someone,Else,M,1960-12-12,,,,`, // 5: every name and the birth date differ
  `NID-UPD-5,,Council KEN,LIC-UPD-5,2024-01-01,2029-12-31,,,,,,,,`, // 6: a licence the worker does not hold yet
  `NID-UPD-6,,,,,,,,,,,,MFL-UPD-1,2025-06-01`, // 7: another facility: a transfer
]

describe('a worker list naming workers already in the registry', () => {
  let first: any
  it('the dry run says which rows would update whom, field by field (before → after), and why others would not', async () => {
    const cadre = (await call('GET', `/api/v1/cadres/${w.a.registry.cadre.id}`, { token: registrar })).json.name
    first = await drive.dryRun('workers', 'staff-update.csv', rows(cadre).join('\n'), registrar)
    const r = first.byRow
    expect(r[2]).toMatchObject({
      status: 'update',
      match: { id: workers.renamed.id },
      diff: [{ field: 'familyName', before: 'Ndiaye', after: 'Ndiaye-Sow' }, { field: 'phone', after: '+221 77 000 0001' }],
    })
    expect(r[2].issues.find((i: any) => i.code === 'import.would_update').message).toContain('Family name: Ndiaye → Ndiaye-Sow')
    expect(r[3]).toMatchObject({ status: 'exists', match: { id: workers.same.id } })
    expect(codesOf(r[3])).toEqual(['import.exists'])
    expect(r[4].status).toBe('error')
    expect(blocking(r[4])).toEqual([expect.objectContaining({ code: 'import.identifier_differs', column: 'Registry number', value: 'REG-WRONG-3', params: { registered: 'REG-UPD-3' } })])
    expect(r[5]).toMatchObject({ status: 'exists', match: { id: workers.stranger.id } })
    expect(codesOf(r[5])).toEqual(['import.other_person'])
    expect(r[6]).toMatchObject({ status: 'update', diff: [{ field: 'licenceNumber', after: 'Council KEN LIC-UPD-5' }] })
    expect(r[7]).toMatchObject({ status: 'update', diff: [{ field: 'facility', before: w.a.registry.facility.name, after: 'Clinic UPD' }] })
    expect(first.counts).toMatchObject({ rows: 6, update: 3, exists: 2, error: 1, valid: 0 })
    // nothing is written by a dry run
    expect((await call('GET', `/api/v1/workers/${workers.renamed.id}`, { token: registrar })).json).toMatchObject({ familyName: 'Ndiaye', version: workers.renamed.version })
  })

  it('the commit updates each of them once, with its version and a worker.update event per row', async () => {
    const done = await drive.commitToEnd(first.id, registrar)
    expect(done.committed).toEqual({ created: 0, updated: 3, unchanged: 2, skipped: 1, failed: 0 })
    const renamed = drive.ok(await call('GET', `/api/v1/workers/${workers.renamed.id}`, { token: registrar }))
    expect(renamed).toMatchObject({ familyName: 'Ndiaye-Sow', givenName: 'Fatou', contacts: { phone: '+221 77 000 0001' }, version: workers.renamed.version + 1 })
    for (const key of ['same', 'otherId', 'stranger']) {
      const kept = drive.ok(await call('GET', `/api/v1/workers/${workers[key].id}`, { token: registrar }))
      expect(kept, key).toMatchObject({ version: workers[key].version, familyName: workers[key].familyName })
    }
    expect((await call('GET', `/api/v1/workers/${workers.otherId.id}`, { token: registrar })).json.registryNumber).toBe('REG-UPD-3')
    const admin = w.a.users['ministry-admin'].token
    const history = drive.ok(await call('GET', `/api/v1/audit?entityId=${workers.renamed.id}&limit=20`, { token: admin })).items
    const update = history.filter((e: any) => e.action === 'worker.update')
    expect(update).toHaveLength(1)
    expect(update[0]).toMatchObject({ before: expect.objectContaining({ familyName: 'Ndiaye' }), after: expect.objectContaining({ familyName: 'Ndiaye-Sow' }) })
    const licences = drive.ok(await call('GET', `/api/v1/workers/${workers.licensed.id}/licences`, { token: registrar })).items
    expect(licences).toEqual([expect.objectContaining({ council: 'Council KEN', number: 'LIC-UPD-5', expiresAt: '2029-12-31' })])
    // a licence added leaves the record itself as it was, and its event is the licence's own
    expect((await call('GET', `/api/v1/workers/${workers.licensed.id}`, { token: registrar })).json.version).toBe(workers.licensed.version)
    const licensedHistory = drive.ok(await call('GET', `/api/v1/audit?entityId=${workers.licensed.id}&limit=20`, { token: admin })).items.map((e: any) => e.action)
    expect(licensedHistory).toContain('licence.create')
    expect(licensedHistory).not.toContain('worker.update')
    const deployments = drive.ok(await call('GET', `/api/v1/workers/${workers.moved.id}/deployments`, { token: registrar })).items
    expect(deployments).toEqual([
      expect.objectContaining({ facilityName: 'Clinic UPD', startDate: '2025-06-01' }),
      expect.objectContaining({ facilityName: w.a.registry.facility.name, endDate: '2025-06-01', endReason: 'transfer' }),
    ])
  })

  it('the same rows again (same file, or the same rows in another file) change nothing', async () => {
    const cadre = (await call('GET', `/api/v1/cadres/${w.a.registry.cadre.id}`, { token: registrar })).json.name
    const again = await drive.dryRun('workers', 'copy.csv', rows(cadre).join('\n'), registrar)
    expect(again.byRow[2].issues[0]).toMatchObject({ code: 'import.row_imported', params: { importId: first.id } })
    const edited = await drive.dryRun('workers', 'edited.csv', `${rows(cadre).join('\r\n')}\r\n`, registrar)
    expect(edited.checksum).not.toBe(first.checksum)
    for (const row of [2, 3, 6, 7]) expect(edited.byRow[row], `row ${row}`).toMatchObject({ status: 'exists', issues: [expect.objectContaining({ code: 'import.exists' })] })
    const done = await drive.commitToEnd(edited.id, registrar)
    expect(done.committed).toMatchObject({ created: 0, updated: 0, failed: 0 })
    const renamed = drive.ok(await call('GET', `/api/v1/workers/${workers.renamed.id}`, { token: registrar }))
    expect(renamed.version).toBe(workers.renamed.version + 1)
  })

  it('an update is written only on the version it was checked against', async () => {
    const actor = { kind: 'user', requestId: 'test', userId: w.a.users.registrar.userId, email: w.a.users.registrar.email, role: 'registrar', sessionId: 'test', tenantId: w.a.id } as const
    const columns = ['National ID', 'Given name']
    const row = new RowInput('workers', 2, ['NID-UPD-1', 'Fatima'], columns, new Map([['nationalId', 0], ['givenName', 1]]))
    await withActor(actor, async () => {
      const checked = await checkRow('workers', row, await contextFor(await directory(), { duplicates: {}, variants: {} }, true))
      expect(checked.report).toMatchObject({ status: 'update', diff: [{ field: 'givenName', before: 'Fatou', after: 'Fatima' }] })
      const change = await checked.write!()
      // someone edits the record in the console between the check and the write
      const current = drive.ok(await call('GET', `/api/v1/workers/${workers.renamed.id}`, { token: registrar }))
      drive.ok(await call('PATCH', `/api/v1/workers/${workers.renamed.id}`, { token: registrar, body: { otherNames: 'Console' }, headers: { 'if-match': `"${current.version}"` } }))
      await expect(commit(change.writes, { audit: change.audit })).rejects.toMatchObject({ code: 'version.mismatch' })
    })
    expect(drive.ok(await call('GET', `/api/v1/workers/${workers.renamed.id}`, { token: registrar }))).toMatchObject({ givenName: 'Fatou', otherNames: 'Console' })
  })

  it('a registrar confined to a district cannot update a worker outside it', async () => {
    const { scopedCast } = await import('../support/world')
    const cast = await scopedCast(w)
    const r = await drive.dryRun('workers', 'scoped.csv', 'National ID,Given name\nNID-KEN-OUT-1,Changed\n', cast.users.registrar.token)
    expect(r.byRow[2]).toMatchObject({ status: 'error', issues: [expect.objectContaining({ code: 'import.outside_area' })] })
    expect(r.byRow[2].match).toBeUndefined()
  })
})
