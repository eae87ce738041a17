import type { CadreInfo } from '../cadre/schema'
import { keys } from '../db/keys'
import { getItem } from '../db/read'
import type { Write } from '../db/write'
import { newId } from '../id'
import { councilKey, licenceItem, licenceNumberGuard, licenceNumberKey } from '../licence'
import type { LicenceInfo } from '../licence/schema'
import type { OrgUnitInfo } from '../orgunit/schema'
import { trainingItem } from '../training'
import { trainingKinds, type TrainingInfo } from '../training/schema'
import { created } from '../util/entity'
import { normalizeName } from '../util/text'
import { guardWrites, origin } from '../worker'
import { firstDeployment } from '../worker/first-deployment'
import { workerWrites } from '../worker/item'
import { WorkerCreate, type WorkerInfo } from '../worker/schema'
import type { CheckContext } from './check'
import { closest, codeKey, unitKey } from './directory'
import { issue, schemaIssues, statusOf, type Checked, type RowInput } from './row'
import type { Issue } from './schema'
import { chooser, parseCountry, parseDate, parseSex } from './values'

const parseTrainingKind = chooser<(typeof trainingKinds)[number]>({
  'pre-service': ['pre service', 'initial', 'formation initiale', 'initiale', 'inicial', 'formacao inicial', 'basic'],
  'in-service': ['in service', 'continue', 'formation continue', 'em servico', 'formacao em servico'],
  cpd: ['cpd', 'dpc', 'continuing professional development', 'developpement professionnel continu', 'desenvolvimento profissional continuo'],
})

/** The worker holding each of the row's identifiers (national id, registry number, a licence per council). */
async function holders(row: RowInput) {
  const nid = row.get('nationalId')
  const reg = row.get('registryNumber')
  const council = row.get('licenceCouncil')
  const number = row.get('licenceNumber')
  const [a, b, c] = await Promise.all([
    nid ? getItem<{ workerId: string }>(keys.nationalId(nid), false) : undefined,
    reg ? getItem<{ workerId: string }>(keys.registryNumber(reg), false) : undefined,
    council && number ? getItem<{ workerId: string }>(licenceNumberKey(council, number), false) : undefined,
  ])
  return { nationalId: a?.workerId, registryNumber: b?.workerId, licence: c?.workerId }
}

/** A cadre by its name (accents and case ignored) or its ISCO-08 code when the country has one cadre for it. */
function findCadre(row: RowInput, ctx: CheckContext, issues: Issue[]): CadreInfo | undefined {
  const said = row.get('cadre')
  if (!said) return undefined
  const byName = ctx.dir.cadresByName.get(normalizeName(said))
  if (byName) return byName
  const byCode = ctx.dir.cadresByIsco.get(said)
  if (byCode?.length === 1) return byCode[0]
  issues.push(issue(row, 'import.cadre_not_found', { field: 'cadre', value: said, params: { suggestions: closest(said, [...ctx.dir.cadresByName.values()].map((c) => c.name)) } }))
  return undefined
}

/** The facility by its code (MFL, DHIS2, HMIS), else by name, narrowed by the area column when two share it. */
function findFacility(row: RowInput, ctx: CheckContext, issues: Issue[]): OrgUnitInfo | undefined {
  const code = row.get('facilityCode')
  if (code) {
    const found = (ctx.dir.byCode.get(codeKey(code)) ?? []).filter((u) => u.kind === 'facility')
    if (found.length === 1) return found[0]
    issues.push(issue(row, 'import.facility_not_found', { field: 'facilityCode', value: code, params: { suggestions: [] } }))
    return undefined
  }
  const name = row.get('facility')
  if (!name) return undefined
  let found = ctx.dir.facilitiesByName.get(normalizeName(name)) ?? []
  const area = row.get('facilityArea')
  if (found.length > 1 && area) {
    const inArea = found.filter((f) => f.path.split('/').some((id) => { const u = ctx.dir.units.get(id); return !!u && unitKey(u.name) === unitKey(area) }))
    if (inArea.length) found = inArea
  }
  if (found.length === 1) return found[0]
  if (found.length > 1) issues.push(issue(row, 'import.facility_ambiguous', { field: 'facility', value: name, params: { count: found.length, candidates: found.slice(0, 5).map((f) => ctx.dir.label(f)) } }))
  else issues.push(issue(row, 'import.facility_not_found', { field: 'facility', value: name, params: { suggestions: closest(name, [...ctx.dir.facilitiesByName.values()].flat().map((f) => f.name)) } }))
  return undefined
}

function dateOf(row: RowInput, field: string, issues: Issue[]) {
  const raw = row.get(field)
  if (!raw) return undefined
  const date = parseDate(raw)
  if (!date) issues.push(issue(row, 'import.invalid_date', { field, value: raw }))
  return date
}

/** the import field behind each path of WorkerCreate */
const workerField = (path: PropertyKey[]) => {
  const [head, sub] = path.map(String)
  if (head === 'contacts') return sub
  if (head === 'cadreId') return 'cadre'
  if (head === 'orgUnitId') return 'facility'
  return head
}

/**
 * A row of a worker list: found by an identifier (national id, registry number, licence number with its
 * council; never by name), it is already in the registry and left as it is. Otherwise a new worker, with
 * their deployment at the facility, licence and training in the same transaction and with their audit events.
 */
export async function checkWorker(row: RowInput, ctx: CheckContext): Promise<Checked> {
  const issues: Issue[] = []
  const label = [row.get('givenName'), row.get('familyName')].filter(Boolean).join(' ') || undefined
  const done = (otherwise: Parameters<typeof statusOf>[1], extra: Partial<Checked['report']> = {}, write?: Checked['write']): Checked => {
    const status = statusOf(issues, otherwise)
    return { report: { row: row.row, status, label, issues, ...extra }, write: status === 'valid' ? write : undefined }
  }
  const dup = ctx.analysis.duplicates[row.row]
  if (dup) {
    issues.push(issue(row, 'import.duplicate_row', { field: dup.field, value: dup.value, params: { row: dup.row, field: row.column(dup.field) } }))
    return done('duplicate')
  }
  if (!row.get('nationalId') && !row.get('registryNumber') && !(row.get('licenceCouncil') && row.get('licenceNumber'))) {
    issues.push(issue(row, 'import.no_identifier'))
    return done('error')
  }
  const held = await holders(row)
  const found = new Set(Object.values(held).filter(Boolean))
  if (found.size > 1) {
    issues.push(issue(row, 'import.identifiers_conflict'))
    return done('error')
  }
  if (found.size === 1) {
    const id = [...found][0]!
    issues.push(issue(row, 'import.exists', { warning: true }))
    return done('exists', { match: { id } })
  }

  const sexRaw = row.get('sex')
  const sex = sexRaw ? parseSex(sexRaw) : undefined
  if (sexRaw && !sex) issues.push(issue(row, 'import.invalid_choice', { field: 'sex', value: sexRaw, params: { allowed: 'F, M' } }))
  const birthDate = dateOf(row, 'birthDate', issues)
  const countries: Record<string, string | undefined> = {}
  for (const field of ['nationality', 'trainingCountry'] as const) {
    const raw = row.get(field)
    if (!raw) continue
    countries[field] = parseCountry(raw)
    if (!countries[field]) issues.push(issue(row, 'import.invalid_country', { field, value: raw }))
  }
  const cadre = findCadre(row, ctx, issues)
  const facility = findFacility(row, ctx, issues)
  const startDate = dateOf(row, 'startDate', issues)
  if (facility && !startDate) issues.push(issue(row, 'import.start_assumed', { field: 'startDate', warning: true }))

  // a licence: all four cells or none
  const lic = { council: row.get('licenceCouncil'), number: row.get('licenceNumber'), issuedAt: dateOf(row, 'licenceIssued', issues), expiresAt: dateOf(row, 'licenceExpires', issues) }
  const someLicence = ['licenceCouncil', 'licenceNumber', 'licenceIssued', 'licenceExpires'].some((f) => row.get(f))
  if (someLicence && !(lic.council && lic.number && lic.issuedAt && lic.expiresAt)) issues.push(issue(row, 'import.licence_incomplete', { field: lic.council ? 'licenceIssued' : 'licenceCouncil' }))
  if (lic.council && ctx.councils.length && !ctx.councils.some((c) => councilKey(c) === councilKey(lic.council!)))
    issues.push(issue(row, 'import.unknown_council', { field: 'licenceCouncil', value: lic.council, params: { allowed: ctx.councils } }))
  if (lic.issuedAt && lic.expiresAt && lic.expiresAt <= lic.issuedAt) issues.push(issue(row, 'import.invalid', { field: 'licenceExpires', value: lic.expiresAt, params: { detail: 'expires after it is issued' } }))

  const training = row.get('trainingTitle')
  const trainingKindRaw = row.get('trainingKind')
  const trainingKind = trainingKindRaw ? parseTrainingKind(trainingKindRaw) : 'pre-service'
  if (trainingKindRaw && !trainingKind) issues.push(issue(row, 'import.invalid_choice', { field: 'trainingKind', value: trainingKindRaw, params: { allowed: trainingKinds.join(', ') } }))

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
