import * as cadre from '../../core/cadre'
import type { CadreInfo } from '../../core/cadre/schema'
import { keys } from '../../core/db/keys'
import { getItem } from '../../core/db/read'
import * as deployment from '../../core/deployment'
import { DeploymentCreate, type DeploymentInfo } from '../../core/deployment/schema'
import type { OrgUnitInfo } from '../../core/orgunit/schema'
import * as worker from '../../core/worker'
import { listChildren } from '../../core/worker/children'
import { WorkerCreate, WorkerUpdate, type WorkerInfo } from '../../core/worker/schema'
import { AppError } from '../../core/error'
import { registryId } from '../ids'
import { idSystem, ISCO08 } from '../systems'
import { EntryError, identifiersOf, sameData, warning, type Entry, type References, type Warning } from './entries'
import { issuesText, type Directory, type UnitPlan } from './units'

type Person = { givenName: string; familyName: string; otherNames?: string; sex: WorkerInfo['sex']; birthDate: string; nationalId?: string; registryNumber?: string; contacts?: WorkerInfo['contacts'] }

export interface WorkerPlan {
  entry: Entry
  person: Person
  existing?: WorkerInfo
  /** the roles of this bundle that name this worker, in bundle order: a new worker takes its cadre and place from the first */
  roles: RolePlan[]
  warnings: Warning[]
  result?: WorkerInfo
  created?: boolean
}

export interface RolePlan {
  entry: Entry
  worker: { plan: WorkerPlan } | { existing: WorkerInfo }
  facility: { plan: UnitPlan } | { existing: OrgUnitInfo }
  cadre: CadreInfo
  position: string
  startDate?: string
  endDate?: string
  warnings: Warning[]
  result?: DeploymentInfo
  created?: boolean
}

const fail = (entry: Entry, status: number, code: string, message: string) => new EntryError(entry.index, status, code, message)
const sexes = ['female', 'male', 'other', 'unknown']
const DAY = /^\d{4}-\d{2}-\d{2}/

/** A registry record the caller may see, or an entry error; a record outside the caller's area does not exist. */
async function loadWorker(entry: Entry, id: string) {
  return worker.load(id).catch((e) => {
    if (e instanceof AppError && e.status === 404) throw fail(entry, 404, 'fhir.not_found', `Practitioner/${id.replace('_', '-')} is not in this Directory`)
    throw e
  })
}

/** The person a Practitioner describes, in the registry's terms; what the registry requires is reported, not guessed. */
function personOf(entry: Entry, tenant: string): Person {
  const r = entry.resource
  const names: any[] = Array.isArray(r.name) ? r.name : []
  const name = names.find((n) => n?.use === 'official') ?? names[0]
  const given: string[] = Array.isArray(name?.given) ? name.given.filter((g: unknown) => typeof g === 'string') : []
  if (typeof name?.family !== 'string' || !given.length) throw fail(entry, 422, 'fhir.name_required', 'name needs a family name and a given name')
  if (!sexes.includes(r.gender)) throw fail(entry, 422, 'fhir.gender_required', 'gender (female, male, other or unknown) is required by the registry')
  if (typeof r.birthDate !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(r.birthDate)) throw fail(entry, 422, 'fhir.birthdate_required', 'birthDate (a full date, YYYY-MM-DD) is required by the registry')
  const person: Person = { givenName: given[0]!, familyName: name.family, sex: r.gender, birthDate: r.birthDate }
  if (given.length > 1) person.otherNames = given.slice(1).join(' ')
  for (const i of identifiersOf(entry)) {
    if (i.system === idSystem.nationalId(tenant) || (i.typeCode === 'NI' && i.system !== idSystem.registry(tenant))) person.nationalId = i.value
    if (i.system === idSystem.registryNumber(tenant) || (i.typeCode === 'PRN' && i.system !== idSystem.registry(tenant))) person.registryNumber = i.value
  }
  const telecom: any[] = Array.isArray(r.telecom) ? r.telecom : []
  const phone = telecom.find((t) => t?.system === 'phone')?.value
  const email = telecom.find((t) => t?.system === 'email')?.value
  if (phone || email) person.contacts = { ...(phone ? { phone } : {}), ...(email ? { email } : {}) }
  return person
}

/** The registered worker an entry speaks of: by id, then the registry id, national id and registry number. */
async function match(entry: Entry, person: Person, tenant: string): Promise<WorkerInfo | undefined> {
  const found = new Set<string>()
  const id = [entry.id, entry.resource.id].find((x) => typeof x === 'string' && registryId('worker', x))
  // a named id must exist (in this country, in the caller's area) before identifiers are compared with it
  if (id) found.add((await loadWorker(entry, registryId('worker', id)!)).id)
  for (const i of identifiersOf(entry)) if (i.system === idSystem.registry(tenant) && /^wrk_[0-9a-z]{26}$/.test(i.value)) found.add(i.value)
  const guard = async (key: { pk: string; sk: string }) => (await getItem<{ workerId: string }>(key))?.workerId
  if (person.nationalId) for (const w of [await guard(keys.nationalId(person.nationalId))]) if (w) found.add(w)
  if (person.registryNumber) for (const w of [await guard(keys.registryNumber(person.registryNumber))]) if (w) found.add(w)
  if (found.size > 1) throw fail(entry, 409, 'fhir.identifier_conflict', 'the identifiers name different registered workers')
  const [workerId] = found
  if (!workerId) {
    if (!person.nationalId && !person.registryNumber)
      throw fail(entry, 422, 'fhir.identifier_required', `a new Practitioner needs a national id or registry number identifier (${idSystem.nationalId(tenant)} or ${idSystem.registryNumber(tenant)}, or identifier.type NI or PRN), so that sending it again updates it`)
    return undefined
  }
  const w = await loadWorker(entry, workerId)
  if (w.status === 'merged') throw fail(entry, 409, 'worker.merged', 'this record was merged into another')
  return w
}

/** What changes on a registered worker: only what the feed says, and only where it differs. */
function changesOf(p: WorkerPlan) {
  const e = p.existing!
  const out: Record<string, unknown> = {}
  for (const k of ['givenName', 'familyName', 'otherNames', 'sex', 'birthDate', 'nationalId', 'registryNumber'] as const) if (p.person[k] !== undefined && p.person[k] !== e[k]) out[k] = p.person[k]
  if (p.person.contacts) {
    const contacts = { ...e.contacts, ...p.person.contacts }
    if (!sameData(contacts, e.contacts)) out.contacts = contacts
  }
  return Object.keys(out).length ? (out as WorkerUpdate) : undefined
}

/** Practitioners matched side by side: a 1,000-practitioner bundle's lookups take a second, not several. */
const MATCH_LANES = 8

/** Each item through `work`, at most `lanes` at a time; the results in order, or the error of the first item that failed. */
async function settledInOrder<T, R>(items: T[], lanes: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out: ({ ok: true; value: R } | { ok: false; error: unknown })[] = new Array(items.length)
  let next = 0
  const lane = async () => {
    for (let i = next++; i < items.length; i = next++)
      out[i] = await work(items[i]!, i).then(
        (value) => ({ ok: true as const, value }),
        (error) => ({ ok: false as const, error }),
      )
  }
  await Promise.all(Array.from({ length: Math.min(lanes, items.length) }, lane))
  return out.map((r) => {
    if (!r.ok) throw r.error
    return r.value
  })
}

export async function planWorkers(entries: Entry[], refs: References, dir: Directory, planOf: Map<number, UnitPlan>, tenant: string) {
  const byIndex = new Map(entries.map((e) => [e.index, e]))
  const plans = new Map<number, WorkerPlan>()
  const taken = new Map<string, number>()
  const practitioners = entries.filter((e) => e.type === 'Practitioner')
  const people = practitioners.map((entry) => personOf(entry, tenant))
  // each one's lookups are its own: side by side, then read in the bundle's order (the first bad entry is the one named)
  const found = await settledInOrder(practitioners, MATCH_LANES, (entry, i) => match(entry, people[i]!, tenant))
  for (const [i, entry] of practitioners.entries()) {
    const person = people[i]!
    const existing = found[i]
    if (existing) {
      if (taken.has(existing.id)) throw fail(entry, 422, 'fhir.duplicate_entry', `entry ${taken.get(existing.id)} speaks of the same worker`)
      taken.set(existing.id, entry.index)
    }
    plans.set(entry.index, { entry, person, existing, roles: [], warnings: [] })
  }
  const cadres = (await cadre.list()).items
  const roles: RolePlan[] = []
  for (const entry of entries.filter((e) => e.type === 'PractitionerRole')) {
    const r = entry.resource
    if (r.practitioner === undefined) throw fail(entry, 422, 'fhir.practitioner_required', 'practitioner is required')
    const who = refs.resolve(entry.index, r.practitioner, 'Practitioner', 'practitioner')
    let workerRef: RolePlan['worker']
    if ('entry' in who) {
      const plan = plans.get(who.entry)
      if (!plan) throw fail(entry, 422, 'fhir.invalid_reference', `practitioner points at entry ${who.entry}, which is not a Practitioner`)
      workerRef = { plan }
    } else {
      const id = registryId('worker', who.existing)
      if (!id) throw fail(entry, 422, 'fhir.dangling_reference', `practitioner Practitioner/${who.existing.slice(0, 64)} is not in this Directory`)
      workerRef = { existing: await loadWorker(entry, id) }
    }
    const facility = facilityOf(entry, refs, dir, planOf, byIndex)
    const codes: any[] = (Array.isArray(r.code) ? r.code : []).flatMap((c: any) => (Array.isArray(c?.coding) ? c.coding : []))
    const found = codes
      .map((c) => cadres.find((k) => (c.system === idSystem.cadre(tenant) || !c.system ? k.id === c.code : false) || ((c.system === ISCO08 || !c.system) && k.iscoCode === c.code)))
      .find((k) => k)
    if (!found) throw fail(entry, 422, 'fhir.unknown_cadre', `code names no cadre of this country: give its ISCO-08 code (${ISCO08}) or the country's cadre id (${idSystem.cadre(tenant)})`)
    const warnings: Warning[] = []
    if (cadres.filter((k) => k.iscoCode === found.iscoCode).length > 1 && !codes.some((c) => c.system === idSystem.cadre(tenant)))
      warnings.push(warning(entry.index, `several cadres share ISCO-08 ${found.iscoCode}: ${found.name} was taken; name the cadre id to choose`))
    const start = r.period?.start
    const end = r.period?.end
    if ((start !== undefined && (typeof start !== 'string' || !DAY.test(start))) || (end !== undefined && (typeof end !== 'string' || !DAY.test(end))))
      throw fail(entry, 422, 'fhir.invalid_period', 'period.start and period.end must be dates')
    const position = (Array.isArray(r.code) ? r.code : []).map((c: any) => c?.text).find((t: unknown) => typeof t === 'string' && t.trim()) ?? found.name
    const role: RolePlan = { entry, worker: workerRef, facility, cadre: found, position: String(position).trim().slice(0, 120), startDate: start?.slice(0, 10), endDate: end?.slice(0, 10), warnings }
    const check = DeploymentCreate.safeParse({ facilityId: 'fac_00000000000000000000000000', position: role.position, cadreId: found.id, startDate: role.startDate ?? '2000-01-01', endDate: role.endDate })
    if (!check.success) throw fail(entry, 422, 'fhir.invalid_resource', issuesText(check.error.issues))
    if ('plan' in workerRef) workerRef.plan.roles.push(role)
    roles.push(role)
  }
  for (const plan of plans.values()) checkWorker(plan)
  return { workers: [...plans.values()], roles }
}

/** The facility of a role: its location, else its organization (the other half of the same facility). */
function facilityOf(entry: Entry, refs: References, dir: Directory, planOf: Map<number, UnitPlan>, byIndex: Map<number, Entry>): RolePlan['facility'] {
  const r = entry.resource
  const [ref, type, what] = Array.isArray(r.location) && r.location.length ? [r.location[0], 'Location', 'location'] : r.organization !== undefined ? [r.organization, 'Organization', 'organization'] : []
  if (!ref) throw fail(entry, 422, 'fhir.location_required', 'location (the facility) is required: a deployment is at a facility')
  if (Array.isArray(r.location) && r.location.length > 1) throw fail(entry, 422, 'fhir.one_location', 'one location per PractitionerRole: a deployment is at one facility')
  const target = refs.resolve(entry.index, ref, type!, what!)
  if ('entry' in target) {
    const plan = planOf.get(target.entry)
    if (!plan || byIndex.get(target.entry)?.type !== type) throw fail(entry, 422, 'fhir.invalid_reference', `${what} points at entry ${target.entry}, which is not a ${type}`)
    if (plan.kind !== 'facility') throw fail(entry, 422, 'fhir.not_a_facility', `${what} is a jurisdiction: a deployment is at a facility`)
    return { plan }
  }
  const id = registryId('orgUnit', target.existing)
  const unit = id ? dir.byId.get(id) : undefined
  if (!unit) throw fail(entry, 422, 'fhir.dangling_reference', `${what} ${type}/${target.existing.slice(0, 64)} is not in this Directory`)
  if (unit.kind !== 'facility') throw fail(entry, 422, 'fhir.not_a_facility', `${what} is a jurisdiction: a deployment is at a facility`)
  return { existing: unit }
}

/** The registry's own rules on the worker, checked before anything is written. */
function checkWorker(plan: WorkerPlan) {
  const first = plan.roles[0]
  if (!plan.existing && !first)
    throw fail(plan.entry, 422, 'fhir.role_required', 'a new Practitioner needs a PractitionerRole in the same bundle: the registry records each worker with a cadre and a place')
  const result = plan.existing
    ? WorkerUpdate.safeParse(changesOf(plan) ?? {})
    : WorkerCreate.safeParse({ ...plan.person, cadreId: first!.cadre.id, confirmNotDuplicate: true, position: first!.position, startDate: first!.startDate })
  if (!result.success) throw fail(plan.entry, 422, 'fhir.invalid_resource', issuesText(result.error.issues))
}

const facilityId = (f: RolePlan['facility']) => ('plan' in f ? f.plan.result!.id : f.existing.id)

/** Registers or updates one worker; a new one is registered at its first role's facility (deployed there at once). */
export async function applyWorker(plan: WorkerPlan) {
  if (plan.existing) {
    const changes = changesOf(plan)
    plan.result = changes ? await worker.update(plan.existing.id, plan.existing.version, changes) : plan.existing
    return
  }
  const first = plan.roles[0]!
  plan.created = true
  // the feed's identifiers decide who is who: probable duplicates by name are for people typing, not feeds
  plan.result = await worker.create({ ...plan.person, contacts: plan.person.contacts ?? {}, cadreId: first.cadre.id, orgUnitId: facilityId(first.facility), position: first.position, startDate: first.startDate, confirmNotDuplicate: true })
}

/** Opens, ends or leaves one deployment: the same facility and start (or the open one there) is the same deployment. */
export async function applyRole(role: RolePlan) {
  const w = 'plan' in role.worker ? role.worker.plan.result! : role.worker.existing
  const at = facilityId(role.facility)
  const deployments = await listChildren<DeploymentInfo>(w.id, 'DEP')
  const same = deployments.find((d) => d.facilityId === at && (role.startDate ? d.startDate === role.startDate : !d.endDate))
  // a worker registered by this bundle was deployed at its first role's facility as it was registered
  role.created = 'plan' in role.worker && !!role.worker.plan.created && role.worker.plan.roles[0] === role
  if (same) {
    role.result = role.endDate && !same.endDate ? await deployment.end(w.id, same.id, same.version, { endDate: role.endDate }) : same
    return
  }
  role.created = true
  role.result = await deployment.create(w.id, { facilityId: at, position: role.position, cadreId: role.cadre.id, startDate: role.startDate ?? new Date().toISOString().slice(0, 10), endDate: role.endDate })
}
