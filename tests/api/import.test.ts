import { PutItemCommand } from '@aws-sdk/client-dynamodb'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { app } from '../../functions/api/app'
import { config } from '../../functions/core/config'
import { dynamo } from '../../functions/core/db/client'
import { toAttr } from '../../functions/core/db/marshal'
import { jobItem, type JobRecord } from '../../functions/jobs/record'
import { runJob, type RunOutcome } from '../../functions/jobs/runner'
import { getJob } from '../../functions/jobs/store'
import { allItems, call } from '../support/http'
import { buildWorld, type World } from '../support/world'
import { blocking, codesOf, importDriver } from './import-jobs'

// small parts, so a file of a dozen rows crosses several steps (and a crash can fall between two)
process.env.CADRE_IMPORT_PART_ROWS = '4'
process.env.CADRE_JOB_LEASE_MS = '4000'
process.env.CADRE_EXPORT_DIR = mkdtempSync(join(tmpdir(), 'cadre-import-test-'))

let w: World
let admin: string
const utf8 = (s: string) => new TextEncoder().encode(s)
/** Windows-1252 bytes of a Latin-1 string: what Excel saves as "CSV (;)" in French Windows */
const cp1252 = (s: string) => Uint8Array.from([...s].map((c) => c.charCodeAt(0)))

let drive: ReturnType<typeof importDriver>
const owner = () => `T#${w.a.id}`
const ok: ReturnType<typeof importDriver>['ok'] = (r, status) => drive.ok(r, status)
const runToEnd = (jobId: string) => drive.runToEnd(jobId)
const dryRun = (kind: string, fileName: string, bytes: Uint8Array, token = admin) => drive.dryRun(kind, fileName, bytes, token)
const report = (importId: string, token = admin) => drive.report(importId, token)
const commitToEnd = (importId: string) => drive.commitToEnd(importId, admin)

// A master facility list as real ones come: a BOM, a district spelt two ways, one with "District" after it,
// the same facility name in two districts, spaces around names, a placeholder code, a repeated code, a
// blank line, a missing name, a name with a line break in quotes, coordinates that are not numbers
const MFL = `\uFEFFProvince,District,Facility Name,MFL Code,Type,Owner,Latitude,Longitude\r
Coast,Mombasa,Bamburi Clinic,15001,Clinic,Public,"-4,0012",39.7\r
Coast,Mombasa ,"  Likoni  Health Centre ",15002,Health Centre,FBO,,\r
Coast,Kilifi,Likoni Health Centre,15003,health centre,Government,,\r
Coast,Mombasa District,Mtongwe Dispensary,5006XXHZ,Dispensary,Private,,\r
Coast,Kilifii,Mnarani Clinic,15005,Clinic,Public,,\r
Coast,Mombasa,Bamburi Clinic Annex,15001,Clinic,Public,,\r
,,,,,,,\r
Coast,Mombasa,,15009,Clinic,Public,,\r
Coast,Mombasa,Old Town Clinic,15010,Clinic,Public,abc,39.6\r
Coast,Kilifi,"Kisauni
Maternity",15011,Maternity,Mission,,\r
`

beforeAll(async () => {
  w = await buildWorld()
  admin = w.a.users['ministry-admin'].token
  drive = importDriver(w.a.id)
}, 120_000)

describe('facilities from a master facility list', () => {
  let first: any
  it('the dry run says what each row would do, with a reason for every row not imported', async () => {
    first = await dryRun('facilities', 'mfl.csv', utf8(MFL))
    expect(first.state).toBe('checked')
    expect(first.columns).toEqual(['Province', 'District', 'Facility Name', 'MFL Code', 'Type', 'Owner', 'Latitude', 'Longitude'])
    expect(first.counts).toMatchObject({ rows: 9, blank: 1, valid: 5, duplicate: 1, error: 3 })
    const r = first.byRow
    expect(r[2]).toMatchObject({ status: 'valid', label: 'Coast / Mombasa / Bamburi Clinic' })
    expect(codesOf(r[2])).toContain('import.creates_units')
    expect(r[3]).toMatchObject({ status: 'valid', label: 'Coast / Mombasa / Likoni Health Centre' })
    expect(r[4].status).toBe('valid')
    expect(r[5].status).toBe('valid')
    expect(r[5].issues).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'import.placeholder_code', value: '5006XXHZ', warning: true })]))
    expect(r[6].issues).toEqual([expect.objectContaining({ code: 'import.unit_spelling', column: 'District', value: 'Kilifii', params: { suggestion: 'Kilifi', nearRow: 4 } })])
    expect(r[7]).toMatchObject({ status: 'duplicate', issues: [expect.objectContaining({ code: 'import.duplicate_row', params: expect.objectContaining({ row: 2 }) })] })
    expect(r[9].issues).toEqual([expect.objectContaining({ code: 'import.required', column: 'Facility Name' })])
    expect(r[10].issues).toEqual([expect.objectContaining({ code: 'import.invalid_number', column: 'Latitude', value: 'abc' })])
    expect(r[11]).toMatchObject({ status: 'valid', label: 'Coast / Kilifi / Kisauni Maternity' })
    // every row of the file is in the report: none silently dropped
    expect(first.rows.map((x: any) => x.row)).toEqual([2, 3, 4, 5, 6, 7, 9, 10, 11])
  })

  it('the report downloads as CSV in French, with a BOM, one line per reason', async () => {
    const res = await app.request(`/api/v1/imports/${first.id}/report.csv?lang=fr`, { headers: { authorization: `Bearer ${admin}` } })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('text/csv')
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer())
    expect(text.startsWith('\uFEFFLigne,Statut,Résultat')).toBe(true)
    expect(text).toContain('« Kilifii » ressemble à « Kilifi » (ligne 4)')
  })

  it('commits the valid rows: units made once each, then the same file again creates nothing', async () => {
    const done = await commitToEnd(first.id)
    expect(done.state).toBe('committed')
    expect(done.committed).toMatchObject({ created: 5, failed: 0, updated: 0 })
    const facilities = await allItems('/api/v1/facilities?limit=200', admin)
    const made = facilities.filter((f: any) => ['15001', '15002', '15003', '15011'].includes(f.codes?.mfl) || f.name === 'Mtongwe Dispensary')
    expect(made.map((f: any) => f.name).sort()).toEqual(['Bamburi Clinic', 'Kisauni Maternity', 'Likoni Health Centre', 'Likoni Health Centre', 'Mtongwe Dispensary'])
    expect(made.find((f: any) => f.name === 'Mtongwe Dispensary').codes).toBeUndefined()
    expect(made.find((f: any) => f.codes?.mfl === '15001')).toMatchObject({ coordinates: { lat: -4.0012, lng: 39.7 }, facilityType: 'clinic', ownership: 'public' })
    expect(made.find((f: any) => f.codes?.mfl === '15002').ownership).toBe('private-not-for-profit')
    const units = await allItems('/api/v1/org-units?limit=200', admin)
    const coast = units.filter((u: any) => u.name === 'Coast')
    expect(coast).toHaveLength(1)
    const districts = await allItems(`/api/v1/org-units?parentId=${coast[0].id}&limit=200`, admin)
    expect(districts.map((d: any) => d.name).sort()).toEqual(['Kilifi', 'Mombasa'])
    // one import event naming the file, its checksum and counts
    const audit = ok(await call('GET', `/api/v1/audit?action=import.commit&limit=10`, { token: admin }))
    expect(audit.items[0]).toMatchObject({ entityId: first.id, after: expect.objectContaining({ fileName: 'mfl.csv', checksum: first.checksum, outcomes: expect.objectContaining({ created: 5 }) }) })

    const again = await dryRun('facilities', 'mfl-copy.csv', utf8(MFL))
    expect(again.checksum).toBe(first.checksum)
    for (const row of [2, 3, 4, 5, 11]) expect(again.byRow[row].issues[0]).toMatchObject({ code: 'import.row_imported', params: { importId: first.id } })
    expect(again.counts).toMatchObject({ valid: 0, exists: 5 })
    const twice = await commitToEnd(again.id)
    expect(twice.committed).toMatchObject({ created: 0, updated: 0, failed: 0 })
    expect((await allItems('/api/v1/facilities?limit=200', admin)).length).toBe(facilities.length)
  })

  it('another file naming the same facilities by code updates what changed, never by name alone', async () => {
    const file = 'Province,District,Facility Name,MFL Code,Owner\nCoast,Mombasa,Bamburi Clinic,15001,Private\nCoast,Kilifi,Likoni Health Centre,,Public\n'
    const r = await dryRun('facilities', 'owners.csv', utf8(file))
    expect(r.byRow[2]).toMatchObject({ status: 'update', changes: ['ownership'] })
    // no code: a facility of that name in that unit is left as it is
    expect(r.byRow[3]).toMatchObject({ status: 'exists', issues: [expect.objectContaining({ code: 'import.same_name' })] })
    const done = await commitToEnd(r.id)
    expect(done.committed).toMatchObject({ updated: 1, created: 0 })
    const facilities = await allItems('/api/v1/facilities?limit=200', admin)
    expect(facilities.find((f: any) => f.codes?.mfl === '15001').ownership).toBe('private-for-profit')
  })
})

describe('facilities and units from a DHIS2 organisationUnits export', () => {
  it('nested units become units, leaves at the deepest level facilities, a childless unit above is said', async () => {
    const json = {
      organisationUnits: [
        {
          id: 'Nq9mdZeH2Bt', name: 'Rift Valley', code: 'OU_RV', level: 1,
          children: [
            { id: 'Kj2lR6sWq1a', name: 'Nakuru', level: 2, children: [{ id: 'Fz8pL3nQw0e', name: 'Nakuru Level 5 Hospital', level: 3, geometry: { type: 'Point', coordinates: [36.07, -0.28] } }] },
            { id: 'Ty7hG5vBn2c', name: 'Empty District', level: 2, children: [] },
          ],
        },
      ],
    }
    const r = await dryRun('facilities', 'dhis2.json', utf8(JSON.stringify(json)))
    expect(r.format).toMatchObject({ type: 'dhis2-json' })
    expect(r.counts).toMatchObject({ rows: 4, valid: 4 })
    const empty = r.rows.find((x: any) => x.label === 'Empty District')
    expect(codesOf(empty)).toContain('import.unit_without_children')
    await commitToEnd(r.id)
    const hospital = (await allItems('/api/v1/facilities?limit=200', admin)).find((f: any) => f.codes?.dhis2 === 'Fz8pL3nQw0e')
    expect(hospital).toMatchObject({ name: 'Nakuru Level 5 Hospital', kind: 'facility', coordinates: { lat: -0.28, lng: 36.07 } })
    const units = await allItems('/api/v1/org-units?limit=200', admin)
    const rift = units.find((u: any) => u.codes?.dhis2 === 'Nq9mdZeH2Bt')
    expect(rift).toMatchObject({ kind: 'unit', codes: { hmis: 'OU_RV' } })
    expect(hospital.path.startsWith(rift.path)).toBe(true)
  })
})

// A worker list saved by French Excel: `;`, Windows-1252, French headers, dates day first
const header = "N° CNI;Prénom;Nom de famille;Sexe;Date de naissance;Cadre;Formation sanitaire;Code de la formation sanitaire;Ordre ou conseil;Numéro de licence;Licence délivrée le;Licence expire le;Début d'affectation"
const good = (n: number) => `CNI-IMP-${n};Aïssatou${n};Diène;F;0${(n % 9) + 1}/03/1990;${'{cadre}'};;15001;Council KEN;LIC-IMP-${n};01/01/2024;31/12/2027;01/02/2025`

describe('workers with their licence and deployment', () => {
  let importId: string
  let checked: any
  const VALID = 12
  beforeAll(async () => {
    const cadre = ok(await call('GET', `/api/v1/cadres/${w.a.registry.cadre.id}`, { token: admin })).name
    const lines = [header, ...Array.from({ length: VALID }, (_, i) => good(i + 1))]
    lines.push(
      `CNI-IMP-1;Copie;Diène;F;01/03/1990;${cadre};;15001;;;;;`, // the national id of row 2 again
      `;Sans;Identifiant;M;01/01/1980;${cadre};;15001;;;;;`,
      `CNI-IMP-X1;Date;Fausse;M;31/02/1990;${cadre};;15001;;;;;`,
      `CNI-IMP-X2;Métier;Inconnu;M;01/01/1980;Infirmier Typo;;15001;;;;;`,
      `CNI-IMP-X3;Lieu;Mal écrit;M;01/01/1980;${cadre};Bamburi Clinik;;;;;;`,
      `CNI-IMP-X4;Lieu;Ambigu;M;01/01/1980;${cadre};Likoni Health Centre;;;;;;`,
      `NID-KEN-1;Déjà;Là;F;01/01/1970;${cadre};;15001;;;;;`,
    )
    checked = await dryRun('workers', 'agents.csv', cp1252(lines.join('\r\n').replaceAll('{cadre}', cadre)))
    importId = checked.id
  })

  it('reads a `;` Windows-1252 file with French headers, and gives every rejected row its reason', () => {
    expect(checked.format).toMatchObject({ type: 'csv', encoding: 'windows-1252', delimiter: ';' })
    expect(checked.mapping).toMatchObject({ 'N° CNI': 'nationalId', Prénom: 'givenName', 'Code de la formation sanitaire': 'facilityCode', "Début d'affectation": 'startDate' })
    const r = checked.byRow
    expect(r[2]).toMatchObject({ status: 'valid', label: 'Aïssatou1 Diène' })
    const last = VALID + 1
    expect(r[last + 1]).toMatchObject({ status: 'duplicate' })
    expect(codesOf(r[last + 2])).toEqual(['import.no_identifier'])
    expect(blocking(r[last + 3])).toEqual([expect.objectContaining({ code: 'import.invalid_date', column: 'Date de naissance', value: '31/02/1990' })])
    expect(r[last + 4].status).toBe('not_found')
    expect(blocking(r[last + 4])).toEqual([expect.objectContaining({ code: 'import.cadre_not_found', value: 'Infirmier Typo' })])
    expect(r[last + 5].status).toBe('not_found')
    expect(blocking(r[last + 5])).toEqual([expect.objectContaining({ code: 'import.facility_not_found', params: { suggestions: ['Bamburi Clinic'] } })])
    expect(blocking(r[last + 6])).toEqual([expect.objectContaining({ code: 'import.facility_ambiguous', params: expect.objectContaining({ count: 2 }) })])
    expect(r[last + 7]).toMatchObject({ status: 'exists', match: { id: w.a.registry.worker.id } })
    expect(checked.counts).toMatchObject({ rows: VALID + 7, valid: VALID, duplicate: 1, error: 3, not_found: 2, exists: 1 })
  })

  it('another country can neither see, read nor commit the import', async () => {
    const other = w.b.users['ministry-admin'].token
    for (const [method, path] of [['GET', `/api/v1/imports/${importId}`], ['POST', `/api/v1/imports/${importId}/commit`], ['POST', `/api/v1/imports/${importId}/cancel`], ['GET', `/api/v1/imports/${importId}/report.csv`]] as const) {
      const r = await call(method, path, { token: other })
      expect(r.status, `${method} ${path}`).toBe(404)
    }
    expect((await allItems('/api/v1/imports', other)).map((i: any) => i.id)).not.toContain(importId)
    expect((await allItems('/api/v1/imports', admin)).map((i: any) => i.id)).toContain(importId)
  })

  it('a commit killed midway resumes where it stopped: each row written exactly once', async () => {
    const started = ok(await call('POST', `/api/v1/imports/${importId}/commit`, { token: admin }), 202)
    const jobId = started.jobId
    // a runner does the first step and the first part, and saves its checkpoint
    expect(await runJob(owner(), jobId, { budgetMs: 60_000, holder: 'doomed', maxSteps: 2, release: false })).toBe('more')
    const saved = (await getJob(owner(), jobId)) as JobRecord
    // then writes the second part's rows, and dies before saving where it got to
    expect(await runJob(owner(), jobId, { budgetMs: 60_000, holder: 'doomed', maxSteps: 1, release: false })).toBe('more')
    const after = (await getJob(owner(), jobId)) as JobRecord
    const lost: JobRecord = { ...saved, version: after.version + 1, leaseUntil: new Date(Date.now() - 1000).toISOString() }
    await dynamo().send(new PutItemCommand({ TableName: config.table, Item: toAttr(jobItem(lost)) }))
    // another runner takes over from the last saved checkpoint
    const job = await runToEnd(jobId)
    expect(job.state, JSON.stringify(job.error)).toBe('done')
    const done = await report(importId)
    expect(done.committed).toEqual({ created: VALID, updated: 0, unchanged: 1, skipped: 6, failed: 0 })
    for (let n = 1; n <= VALID; n++) {
      const found = ok(await call('GET', `/api/v1/workers?q=CNI-IMP-${n}`, { token: admin }))
      expect(found.items, `CNI-IMP-${n}`).toHaveLength(1)
    }
    const one = ok(await call('GET', `/api/v1/workers?q=CNI-IMP-3`, { token: admin })).items[0]
    expect(one).toMatchObject({ givenName: 'Aïssatou3', familyName: 'Diène', sex: 'female', birthDate: '1990-03-04' })
    const licences = ok(await call('GET', `/api/v1/workers/${one.id}/licences`, { token: admin })).items
    expect(licences).toEqual([expect.objectContaining({ council: 'Council KEN', number: 'LIC-IMP-3', issuedAt: '2024-01-01', expiresAt: '2027-12-31' })])
    const deployments = ok(await call('GET', `/api/v1/workers/${one.id}/deployments`, { token: admin })).items
    expect(deployments).toEqual([expect.objectContaining({ facilityName: 'Bamburi Clinic', startDate: '2025-02-01' })])
  })

  it('a committed import cannot be committed again', async () => {
    const r = await call('POST', `/api/v1/imports/${importId}/commit`, { token: admin })
    expect(r.status).toBe(409)
    expect(r.json.code).toBe('import.not_checked')
  })
})

describe('exports', () => {
  const text = async (path: string) => {
    const res = await app.request(path, { headers: { authorization: `Bearer ${admin}` } })
    expect(res.status).toBe(200)
    return { res, body: new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer()) }
  }

  it('the worker list with its filters as CSV for Excel, each page recorded as a bulk read', async () => {
    const { res, body } = await text(`/api/v1/exports/workers.csv?cadreId=${w.a.registry.cadre.id}&lang=fr`)
    expect(res.headers.get('content-type')).toContain('text/csv')
    expect(res.headers.get('content-disposition')).toContain('attachment')
    expect(body.startsWith('\uFEFFNuméro de registre,N° d’identité nationale,Prénom,Nom de famille')).toBe(true)
    const line = body.split('\r\n').find((l) => l.includes('CNI-IMP-3'))!
    // values in words a reader's spreadsheet shows, and the import reads back: sex, status, countries by name
    expect(line).toContain(',Aïssatou3,Diène,,féminin,1990-03-04,')
    expect(line).toMatch(/,Bamburi Clinic,15001,Mombasa,,en activité,wrk_/)
    const lines = body.trim().split('\r\n')
    const ids = lines.slice(1).map((l) => l.split(',').at(-1))
    const audit = ok(await call('GET', '/api/v1/audit?action=worker.export&limit=5', { token: admin }))
    const event = audit.items.find((e: any) => e.via === 'GET /api/v1/exports/workers.csv')
    expect(event.ids.sort()).toEqual(ids.sort())
    // licences expiring in a period: the list's own filter, with the expiry date it matched
    const expiring = (await text('/api/v1/exports/workers.csv?licenceExpiringBefore=2028-01-01')).body
    expect(expiring.split('\r\n').find((l) => l.includes('CNI-IMP-3'))).toMatch(/,Bamburi Clinic,15001,Mombasa,2027-12-31,active,wrk_/)
    // another country's list is its own: none of A's workers
    const other = await app.request('/api/v1/exports/workers.csv', { headers: { authorization: `Bearer ${w.b.users['ministry-admin'].token}` } })
    expect(await other.text()).not.toContain('CNI-IMP')
  })

  it('facilities back out as an MFL-shaped CSV and as DHIS2 organisationUnits', async () => {
    const { body } = await text('/api/v1/exports/facilities.csv')
    expect(body.split('\r\n')[0]).toContain('Facility name,MFL code,DHIS2 UID,HMIS code,Facility type,Ownership,Latitude,Longitude')
    expect(body).toContain('Coast,Mombasa,Bamburi Clinic,15001,,,clinic,private-for-profit,-4.0012,39.7')
    const json = ok(await call('GET', '/api/v1/exports/organisation-units.json', { token: admin }))
    const hospital = json.organisationUnits.find((u: any) => u.id === 'Fz8pL3nQw0e')
    expect(hospital).toMatchObject({ name: 'Nakuru Level 5 Hospital', level: 3, path: '/Nq9mdZeH2Bt/Kj2lR6sWq1a/Fz8pL3nQw0e', parent: { id: 'Kj2lR6sWq1a' }, geometry: { type: 'Point', coordinates: [36.07, -0.28] } })
    // and the DHIS2 export goes back in: every unit is already there, found by its uid
    const again = await dryRun('facilities', 'back.json', utf8(JSON.stringify(json)))
    expect(again.rows.filter((r: any) => r.status !== 'exists'), JSON.stringify(again.rows.filter((r: any) => r.status !== 'exists')).slice(0, 1500)).toEqual([])
  })
})

describe('files that cannot be imported say why', () => {
  it('an empty upload, a file over the limit, a malformed file, a template in French', async () => {
    const created = ok(await call('POST', '/api/v1/imports', { token: admin, body: { kind: 'workers', fileName: 'empty.csv', bytes: 10 } }), 201)
    const empty = await app.request(`/api/v1/imports/${created.id}/file`, { method: 'PUT', headers: { authorization: `Bearer ${admin}` }, body: new Uint8Array(0) })
    expect(empty.status).toBe(422)
    expect(((await empty.json()) as any).code).toBe('import.empty_file')
    const big = await call('POST', '/api/v1/imports', { token: admin, body: { kind: 'workers', fileName: 'big.csv', bytes: 61 * 1024 * 1024 } })
    expect(big.status).toBe(400)
    const json = await dryRunFailing('workers', '{"organisationUnits": []}')
    expect(json.error).toMatchObject({ code: 'import.json_for_facilities_only' })
    const registrar = await call('POST', '/api/v1/imports', { token: w.a.users.registrar.token, body: { kind: 'facilities', fileName: 'f.csv', bytes: 10 } })
    expect(registrar.status).toBe(403)
    const template = await app.request('/api/v1/imports/template?kind=workers&lang=fr', { headers: { authorization: `Bearer ${admin}` } })
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await template.arrayBuffer())
    expect(text.startsWith('\uFEFFN° d’identité nationale,Numéro de registre')).toBe(true)
    expect(text).toContain('Prénom *')
  })
})

async function dryRunFailing(kind: string, body: string) {
  const created = ok(await call('POST', '/api/v1/imports', { token: admin, body: { kind, fileName: 'x.csv', bytes: body.length } }), 201)
  const sent = ok(await call('PUT', created.upload.url, { token: admin, raw: body, headers: { 'content-type': 'text/csv' } }), 202)
  const job = await runToEnd(sent.jobId)
  expect(job.state).toBe('failed')
  return ok(await call('GET', `/api/v1/imports/${created.id}`, { token: admin }))
}
