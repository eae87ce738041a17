import type { AuditInput } from '../audit/event'
import { deploymentItem } from '../deployment'
import type { DeploymentInfo } from '../deployment/schema'
import { keys } from '../db/keys'
import { strip } from '../db/marshal'
import { getItem } from '../db/read'
import type { Write } from '../db/write'
import { newId } from '../id'
import { licenceItem, licenceNumberGuard } from '../licence'
import type { LicenceInfo } from '../licence/schema'
import { bumped, created } from '../util/entity'
import { normalizeName } from '../util/text'
import { origin } from '../worker'
import { listChildren } from '../worker/children'
import { duplicate } from '../worker/duplicates'
import { workerWrites } from '../worker/item'
import { WorkerUpdate, type WorkerInfo } from '../worker/schema'
import type { CheckContext } from './check'
import { issue, schemaIssues, statusOf, type Checked, type RowInput } from './row'
import type { Change, Issue } from './schema'
import { readWorkerRow, workerField, type Holders } from './worker-row'

const personFields = ['givenName', 'familyName', 'otherNames', 'sex', 'birthDate', 'nationality', 'placeOfBirth', 'trainingCountry', 'cadreId'] as const
const contactFields = ['phone', 'email', 'address'] as const
const importField = (key: string) => (key === 'cadreId' ? 'cadre' : key)

/** Every name and the birth date disagree: the identifier is more likely wrong than the person renamed. */
function anotherPerson(row: RowInput, w: WorkerInfo, birthDate: string | undefined) {
  const given = row.get('givenName')
  const family = row.get('familyName')
  return !!(given && family && birthDate) && normalizeName(given) !== normalizeName(w.givenName) && normalizeName(family) !== normalizeName(w.familyName) && birthDate !== w.birthDate
}

/**
 * A row whose identifiers find a worker already in the registry: what the row says and the record lacks
 * or says otherwise is an update (before → after, field by field), written with the record's version
 * check and a `worker.update` event; a licence the worker does not hold yet is added; another facility is
 * a transfer. A row saying nothing new writes nothing, so the same file again changes nothing.
 */
export async function checkUpdate(row: RowInput, ctx: CheckContext, workerId: string, held: Holders, issues: Issue[], label: string | undefined): Promise<Checked> {
  const done = (otherwise: Parameters<typeof statusOf>[1], extra: Partial<Checked['report']> = {}, write?: Checked['write']): Checked => {
    const status = statusOf(issues, otherwise)
    return { report: { row: row.row, status, label, issues, ...extra }, write: status === 'update' ? write : undefined }
  }
  const item = await getItem(keys.worker(workerId), false)
  if (!item) {
    issues.push(issue(row, 'import.worker_not_found'))
    return done('error')
  }
  const current = strip<WorkerInfo>(item)
  if (ctx.dir.scope && !current.path.startsWith(ctx.dir.scope)) {
    issues.push(issue(row, 'import.outside_area'))
    return done('error')
  }
  const match = { id: current.id, label: `${current.givenName} ${current.familyName}` }
  if (current.status === 'merged') {
    issues.push(issue(row, 'import.merged', { value: current.mergedInto }))
    return done('error', { match })
  }
  // an identifier the row gives that the record holds otherwise: a person has one national id
  for (const field of ['nationalId', 'registryNumber'] as const) {
    const given = row.get(field)
    if (given && current[field] && held[field] !== current.id) issues.push(issue(row, 'import.identifier_differs', { field, value: given, params: { registered: current[field] } }))
  }
  const read = readWorkerRow(row, ctx, issues)
  if (issues.some((i) => !i.warning)) return done('error', { match })
  if (anotherPerson(row, current, read.birthDate)) {
    issues.push(issue(row, 'import.other_person', { warning: true, params: { registered: `${match.label}, ${current.birthDate}` } }))
    return done('exists', { match })
  }

  const given: Record<string, unknown> = {
    givenName: row.get('givenName'), familyName: row.get('familyName'), otherNames: row.get('otherNames'), sex: read.sex, birthDate: read.birthDate,
    nationality: read.countries.nationality, placeOfBirth: row.get('placeOfBirth'), trainingCountry: read.countries.trainingCountry, cadreId: read.cadre?.id,
  }
  const changes: Record<string, unknown> = {}
  const diff: Change[] = []
  const cadreName = (id: unknown) => [...ctx.dir.cadresByName.values()].find((c) => c.id === id)?.name ?? (id as string | undefined)
  for (const key of personFields) {
    const after = given[key]
    const before = current[key]
    if (after === undefined || after === before) continue
    changes[key] = after
    diff.push({ field: importField(key), before: key === 'cadreId' ? cadreName(before) : (before as string | undefined), after: key === 'cadreId' ? cadreName(after) : String(after) })
  }
  const contacts = { ...current.contacts }
  for (const key of contactFields) {
    const after = row.get(key)
    if (after === undefined || after === current.contacts?.[key]) continue
    contacts[key] = after
    diff.push({ field: key, before: current.contacts?.[key], after })
  }
  if (diff.some((d) => (contactFields as readonly string[]).includes(d.field))) changes.contacts = contacts
  for (const field of ['nationalId', 'registryNumber'] as const) {
    const value = row.get(field)
    if (value && !current[field]) (changes[field] = value), diff.push({ field, after: value })
  }
  const parsed = WorkerUpdate.safeParse(changes)
  if (!parsed.success) {
    issues.push(...schemaIssues(row, parsed.error, workerField))
    return done('error', { match })
  }

  // a licence the worker does not hold yet (one held by another worker was refused as a conflict already)
  const licence = read.licence && !held.licence ? read.licence : undefined
  if (read.someLicence && !read.licence && !held.licence) issues.push(issue(row, 'import.licence_incomplete', { field: read.lic.council ? 'licenceIssued' : 'licenceCouncil' }))
  if (licence) diff.push({ field: 'licenceNumber', after: `${licence.council} ${licence.number}` })

  // another facility: a transfer, as a deployment made in the record would do it
  const facility = read.facility && read.facility.id !== current.facilityId ? read.facility : undefined
  let open: DeploymentInfo[] = []
  const startDate = read.startDate ?? ctx.today
  if (facility) {
    if (current.status === 'exited' || current.status === 'deceased') issues.push(issue(row, 'import.already_exited', { field: 'facility', value: facility.name }))
    else {
      open = (await listChildren<DeploymentInfo>(current.id, 'DEP')).filter((d) => !d.endDate)
      const later = open.find((d) => d.startDate > startDate)
      if (later) issues.push(issue(row, 'import.deployment_overlap', { field: 'startDate', value: startDate, params: { facility: later.facilityName, start: later.startDate } }))
      if (!read.startDate) issues.push(issue(row, 'import.start_assumed', { field: 'startDate', warning: true }))
      diff.push({ field: 'facility', before: current.facilityId ? (ctx.dir.units.get(current.facilityId)?.name ?? current.facilityId) : undefined, after: facility.name })
    }
  }
  if (issues.some((i) => !i.warning)) return done('error', { match })
  if (!diff.length) {
    issues.push(issue(row, 'import.exists', { warning: true }))
    return done('exists', { match })
  }
  const words = diff.map((d) => `${row.column(d.field) ?? d.field}: ${d.before ?? '—'} → ${d.after ?? '—'}`)
  issues.push(issue(row, 'import.would_update', { params: { fields: words }, warning: true }))
  const update = parsed.data
  return done('update', { match, changes: diff.map((d) => d.field), diff }, async () => {
    let next: WorkerInfo = { ...current, ...(update as Partial<WorkerInfo>), ...bumped(current) }
    if (update.trainingCountry !== undefined) next.trainingOrigin = origin(update.trainingCountry)
    const writes: Write[] = []
    const audit: AuditInput[] = []
    if (update.nationalId) writes.push({ put: { ...keys.nationalId(update.nationalId), workerId: current.id }, when: 'absent', conflict: () => duplicate('unknown') })
    if (update.registryNumber) writes.push({ put: { ...keys.registryNumber(update.registryNumber), workerId: current.id }, when: 'absent', conflict: () => duplicate('unknown', 'registry number') })
    if (facility) {
      const deployment: DeploymentInfo = {
        id: newId('deployment'), workerId: current.id, facilityId: facility.id, facilityName: facility.name, position: (row.get('position') ?? read.cadre?.name ?? facility.name).slice(0, 120),
        cadreId: next.cadreId, sector: facility.ownership ?? 'public', fte: 1, startDate, fundingSource: 'government', ...created(),
      }
      const ended = open.map((d) => ({ ...d, endDate: startDate, endReason: 'transfer', ...bumped(d) }))
      writes.push({ put: deploymentItem(deployment), when: 'absent' }, ...ended.map((d, i) => ({ put: deploymentItem(d), when: { version: open[i]!.version } })))
      next = { ...next, facilityId: facility.id, path: facility.path }
      audit.push({ action: ended.length ? 'deployment.transfer' : 'deployment.create', entityType: 'worker', entityId: current.id, before: ended.length ? ended : undefined, after: deployment })
    }
    if (licence) {
      const l = { id: newId('licence'), workerId: current.id, ...licence, status: 'active', renewals: [], actions: [], ...created() } as LicenceInfo
      writes.push({ put: licenceItem(l), when: 'absent' }, licenceNumberGuard(l))
      audit.push({ action: 'licence.create', entityType: 'worker', entityId: current.id, after: l })
    }
    // the record as it was read: a change made since (in the console, by another row) refuses this one.
    // A licence alone leaves the record as it is (as adding one in the console does); a transfer moves it.
    const edited = Object.keys(update).length > 0
    if (edited || facility) writes.unshift(...workerWrites(next, { version: current.version }))
    if (edited) audit.unshift({ action: 'worker.update', entityType: 'worker', entityId: current.id, before: current, after: next })
    return { outcome: 'updated', entityId: current.id, writes, audit }
  })
}
