import type { Write } from '../db/write'
import { newId } from '../id'
import { licenceItem, licenceNumberGuard } from '../licence'
import type { LicenceInfo } from '../licence/schema'
import { trainingItem } from '../training'
import type { TrainingInfo } from '../training/schema'
import { created } from '../util/entity'
import { guardWrites, origin } from '../worker'
import { firstDeployment } from '../worker/first-deployment'
import { workerWrites } from '../worker/item'
import { WorkerCreate, type WorkerInfo } from '../worker/schema'
import type { CheckContext } from './check'
import { ending, issue, noteRepeat, schemaIssues, type Checked, type RowInput } from './row'
import type { Issue } from './schema'
import { checkUpdate } from './update-worker'
import { parseDate } from './values'
import { hasIdentifier, holders, readWorkerRow, workerField } from './worker-row'

/**
 * A row of a worker list: found by an identifier (national id, registry number, licence number with its
 * council; never by name), it updates that worker (update-worker.ts). Otherwise a new worker, with
 * their deployment at the facility, licence and training in the same transaction and with their audit events.
 */
export async function checkWorker(row: RowInput, ctx: CheckContext): Promise<Checked> {
  const issues: Issue[] = []
  const label = [row.get('givenName'), row.get('familyName')].filter(Boolean).join(' ') || undefined
  const done = ending(row, issues, () => ({ label }))
  if (noteRepeat(row, ctx.analysis, issues)) return done('duplicate')
  if (!hasIdentifier(row)) {
    issues.push(issue(row, 'import.no_identifier'))
    return done('error')
  }
  const held = await holders(row, ctx.held)
  const found = new Set(Object.values(held).filter(Boolean))
  if (found.size > 1) {
    issues.push(issue(row, 'import.identifiers_conflict'))
    return done('error')
  }
  if (found.size === 1) return checkUpdate(row, ctx, [...found][0]!, held, issues, label)

  const { sexRaw, sex, birthDate, countries, cadre, facility, startDate, lic, someLicence, training, trainingKind } = readWorkerRow(row, ctx, issues)
  if (facility && !startDate) issues.push(issue(row, 'import.start_assumed', { field: 'startDate', warning: true }))
  if (someLicence && !(lic.council && lic.number && lic.issuedAt && lic.expiresAt)) issues.push(issue(row, 'import.licence_incomplete', { field: lic.council ? 'licenceIssued' : 'licenceCouncil' }))

  const input = {
    nationalId: row.get('nationalId'), registryNumber: row.get('registryNumber'), givenName: row.get('givenName'), familyName: row.get('familyName'),
    otherNames: row.get('otherNames'), sex: sex ?? (sexRaw ? 'unknown' : undefined), birthDate: birthDate ?? (row.get('birthDate') ? '1900-01-01' : undefined),
    nationality: countries.nationality, placeOfBirth: row.get('placeOfBirth'), trainingCountry: countries.trainingCountry,
    cadreId: cadre?.id ?? (row.get('cadre') ? 'cad_00000000000000000000000000' : undefined),
    contacts: { phone: row.get('phone'), email: row.get('email'), address: row.get('address') },
    orgUnitId: facility?.id,
  }
  const parsed = WorkerCreate.safeParse(input)
  if (!parsed.success) issues.push(...schemaIssues(row, parsed.error, workerField).filter((i) => !issues.some((j) => j.field && j.field === i.field)))
  if (issues.some((i) => !i.warning) || !parsed.success) return done('error')
  if (ctx.dir.scope && !facility) {
    issues.push(issue(row, 'import.required', { field: 'facility' }))
    return done('error')
  }
  const { confirmNotDuplicate: _c, position: _p, startDate: _s, status, ...data } = parsed.data
  const position = row.get('position') ?? cadre!.name
  return done('valid', {}, async () => {
    let worker: WorkerInfo = { id: newId('worker'), ...data, status, trainingOrigin: origin(data.trainingCountry), path: '/', ...created() }
    const writes: Write[] = []
    const audit = []
    let deployment
    if (facility) {
      const first = await firstDeployment(worker, facility, position.slice(0, 120), startDate)
      worker = first.worker
      writes.push(...first.writes)
      deployment = first.audit
    }
    writes.unshift(...workerWrites(worker, 'absent'), ...guardWrites(worker))
    audit.push({ action: 'worker.create', entityType: 'worker', entityId: worker.id, after: worker })
    if (deployment) audit.push(deployment)
    if (lic.council && lic.number && lic.issuedAt && lic.expiresAt) {
      const licence: LicenceInfo = { id: newId('licence'), workerId: worker.id, council: lic.council, number: lic.number, issuedAt: lic.issuedAt, expiresAt: lic.expiresAt, status: 'active', renewals: [], actions: [], ...created() } as LicenceInfo
      writes.push({ put: licenceItem(licence), when: 'absent' }, licenceNumberGuard(licence))
      audit.push({ action: 'licence.create', entityType: 'worker', entityId: worker.id, after: licence })
    }
    if (training && trainingKind) {
      const t: TrainingInfo = { id: newId('training'), workerId: worker.id, kind: trainingKind, title: training.slice(0, 200), institution: row.get('trainingInstitution')?.slice(0, 200), endDate: parseDate(row.get('trainingEnd') ?? ''), ...created() } as TrainingInfo
      writes.push({ put: trainingItem(t), when: 'absent' })
      audit.push({ action: 'training.create', entityType: 'worker', entityId: worker.id, after: t })
    }
    return { outcome: 'created', entityId: worker.id, writes, audit }
  })
}
