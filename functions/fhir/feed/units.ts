import { keys } from '../../core/db/keys'
import { strip, type Item } from '../../core/db/marshal'
import { queryAll } from '../../core/db/read'
import * as orgunit from '../../core/orgunit'
import { FacilityCreate, facilityTypes, OrgUnitCreate, OrgUnitUpdate, ownerships, type OrgUnitInfo } from '../../core/orgunit/schema'
import { scopePath } from '../../core/scope'
import { normalizeName } from '../../core/util/text'
import { registryId } from '../ids'
import { cadreCodes, HL7, idSystem, MCSD_LEGACY_TYPES, MCSD_TYPES } from '../systems'
import { EntryError, identifiersOf, sameData, warning, type Entry, type References, type Warning } from './entries'

/** One jurisdiction or facility of the feed: a Location, its managing Organization, or both (the mCSD pair). */
export interface UnitPlan {
  /** the entries that describe it: the Location (or lone Organization) first */
  entries: Entry[]
  kind: 'unit' | 'facility'
  name: string
  parent?: { plan: UnitPlan } | { existing: OrgUnitInfo }
  codes: { mfl?: string; dhis2?: string; hmis?: string }
  facilityType?: OrgUnitInfo['facilityType']
  ownership?: OrgUnitInfo['ownership']
  coordinates?: { lat: number; lng: number }
  existing?: OrgUnitInfo
  warnings: Warning[]
  /** the unit once written (or found unchanged) */
  result?: OrgUnitInfo
  created?: boolean
}

const DHIS2_UID = /^[A-Za-z][A-Za-z0-9]{10}$/

/** The HL7 service-delivery codes the Directory serves, read back to the registry's facility types. */
const fromServiceCode: Record<string, OrgUnitInfo['facilityType']> = { HOSP: 'hospital', PC: 'health-centre', OF: 'clinic', DX: 'laboratory', PHARM: 'pharmacy', SCHOOL: 'training-institution' }

const codings = (r: any): { system?: string; code?: string }[] => (Array.isArray(r?.type) ? r.type : []).flatMap((t: any) => (Array.isArray(t?.coding) ? t.coding : []))

/** facility or jurisdiction from mCSD's code system; mCSD 3.x's URN codes are read with a warning. */
function mcsdKind(entry: Entry, warnings: Warning[]): 'unit' | 'facility' | undefined {
  for (const c of codings(entry.resource)) {
    if (c.system === MCSD_TYPES && c.code === 'facility') return 'facility'
    if (c.system === MCSD_TYPES && c.code === 'jurisdiction') return 'unit'
    if ((c.system === MCSD_LEGACY_TYPES || !c.system) && /^urn:ihe:iti:mcsd:2019:(facility|jurisdiction)$/.test(c.code ?? '')) {
      warnings.push(warning(entry.index, `type ${c.code} is from mCSD 3; read as ${MCSD_TYPES}|${c.code!.split(':').pop()}`))
      return c.code!.endsWith('facility') ? 'facility' : 'unit'
    }
  }
  return undefined
}

/** Every unit of the country (or of the caller's subtree), from the path index: what identifiers and names match. */
export async function loadDirectory() {
  const items = await queryAll<Item>({ index: 'gsi2', partition: keys.orgUnitPath('').gsi2pk, prefix: (await scopePath()) ?? '/' }, 50_000)
  const units = items.map((i) => strip<OrgUnitInfo>(i))
  const byId = new Map(units.map((u) => [u.id, u]))
  const byCode = new Map<string, OrgUnitInfo>()
  for (const u of units) {
    if (u.codes?.mfl) byCode.set(`mfl|${u.codes.mfl.trim().toUpperCase()}`, u)
    if (u.codes?.dhis2) byCode.set(`dhis2|${u.codes.dhis2}`, u)
    if (u.codes?.hmis) byCode.set(`hmis|${u.codes.hmis.trim().toUpperCase()}`, u)
  }
  const byParentName = new Map(units.map((u) => [`${u.parentId ?? ''}|${u.kind}|${normalizeName(u.name)}`, u]))
  return { byId, byCode, byParentName }
}
export type Directory = Awaited<ReturnType<typeof loadDirectory>>

/** Reads the Location and Organization entries into units, pairing each Location with its managing Organization. */
export function planUnits(entries: Entry[], refs: References, dir: Directory, tenant: string) {
  const planOf = new Map<number, UnitPlan>()
  const plans: UnitPlan[] = []
  const byIndex = new Map(entries.map((e) => [e.index, e]))
  const locations = entries.filter((e) => e.type === 'Location')
  const orgs = entries.filter((e) => e.type === 'Organization')
  const pairedOrg = new Map<number, Entry>()
  for (const loc of locations) {
    if (loc.resource.managingOrganization === undefined) continue
    const target = refs.resolve(loc.index, loc.resource.managingOrganization, 'Organization', 'managingOrganization')
    if ('entry' in target) {
      const org = byIndex.get(target.entry)
      if (org?.type !== 'Organization') throw new EntryError(loc.index, 422, 'fhir.invalid_reference', 'managingOrganization must point at an Organization')
      if ([...pairedOrg.values()].includes(org)) throw new EntryError(loc.index, 422, 'fhir.invalid_reference', `the Organization of entry ${org.index} already manages another Location`)
      pairedOrg.set(loc.index, org)
    }
  }
  const absorbed = new Set([...pairedOrg.values()].map((o) => o.index))
  // the entries other units of the bundle lie in: jurisdictions, when a feed does not type them
  const parents = new Set<number>()
  for (const e of [...locations, ...orgs]) {
    if (e.resource.partOf === undefined) continue
    const at = refs.inBundle(typeof e.resource.partOf?.reference === 'string' ? e.resource.partOf.reference : '')
    if (at !== undefined) parents.add(at)
  }
  for (const lead of [...locations, ...orgs.filter((o) => !absorbed.has(o.index))]) {
    const pair = pairedOrg.get(lead.index)
    const plan = describe(lead, pair, dir, tenant, parents)
    plans.push(plan)
    for (const e of plan.entries) planOf.set(e.index, plan)
  }
  // parents, once every plan exists: partOf points at another entry's unit or at one already registered
  for (const plan of plans) {
    const lead = plan.entries[0]!
    if (lead.resource.partOf === undefined) {
      if (plan.kind === 'facility' && !plan.existing) throw new EntryError(lead.index, 422, 'fhir.parent_required', 'a facility needs partOf: the jurisdiction it lies in')
      continue
    }
    const target = refs.resolve(lead.index, lead.resource.partOf, lead.type, 'partOf')
    if ('entry' in target) {
      const parent = planOf.get(target.entry)
      if (!parent) throw new EntryError(lead.index, 422, 'fhir.invalid_reference', `partOf points at entry ${target.entry}, which is not a ${lead.type}`)
      plan.parent = { plan: parent }
    } else {
      const id = registryId('orgUnit', target.existing)
      const unit = id ? dir.byId.get(id) : undefined
      if (!unit) throw new EntryError(lead.index, 422, 'fhir.dangling_reference', `partOf ${lead.type}/${target.existing.slice(0, 64)} is not in this Directory`)
      plan.parent = { existing: unit }
    }
  }
  // parents first: a unit found under a parent that is itself found is the same unit
  for (const plan of unitOrder(plans)) settle(plan, dir)
  return { plans, planOf }
}

function describe(lead: Entry, pair: Entry | undefined, dir: Directory, tenant: string, parents: Set<number>): UnitPlan {
  const warnings: Warning[] = []
  const both = pair ? [lead, pair] : [lead]
  const kinds = both.map((e) => mcsdKind(e, warnings))
  let kind = kinds.find((k) => k !== undefined)
  if (kinds.some((k) => k && k !== kind)) throw new EntryError(lead.index, 422, 'fhir.type_conflict', 'the Location and its managing Organization disagree on facility or jurisdiction')
  const name = [lead, ...(pair ? [pair] : [])].map((e) => e.resource.name).find((n) => typeof n === 'string' && n.trim())
  if (!name) throw new EntryError(lead.index, 422, 'fhir.name_required', 'name is required')
  const codes: UnitPlan['codes'] = {}
  const ids = both.flatMap(identifiersOf)
  /** values without a system (`ifNoneExist: identifier=<uid>`): they find a unit by its DHIS2 uid, nothing more */
  const loose: string[] = []
  let registered: string | undefined
  for (const e of both)
    for (const i of identifiersOf(e))
      if (i.system === idSystem.dhis2(tenant) && !/^[A-Za-z][A-Za-z0-9]{10}$/.test(i.value))
        throw new EntryError(e.index, 422, 'fhir.invalid_identifier', `${i.value.slice(0, 40)} is not a DHIS2 uid (11 letters and digits, a letter first)`)
  for (const i of ids) {
    // a DHIS2 server's own identifier system (`…/api/organisationUnits`): its uids are DHIS2 uids, its OU_ codes HMIS codes
    if (i.system && i.system !== idSystem.dhis2(tenant) && /dhis2|organisationunits/i.test(i.system)) {
      if (DHIS2_UID.test(i.value)) codes.dhis2 ??= i.value
      else codes.hmis ??= i.value
      continue
    }
    if (!i.system && DHIS2_UID.test(i.value)) loose.push(i.value)
    if (i.system === idSystem.mfl(tenant)) codes.mfl = i.value
    else if (i.system === idSystem.dhis2(tenant)) codes.dhis2 = i.value
    else if (i.system === idSystem.registry(tenant)) registered = i.value
  }
  // the unit already registered: by the registry's id (the FHIR id or its identifier), then by MFL or DHIS2 code
  const idGiven = [lead.id, lead.resource.id, pair?.id, pair?.resource.id].find((x) => typeof x === 'string' && registryId('orgUnit', x))
  const existing =
    (idGiven ? dir.byId.get(registryId('orgUnit', idGiven)!) : undefined) ??
    (registered ? dir.byId.get(registered) : undefined) ??
    (codes.mfl ? dir.byCode.get(`mfl|${codes.mfl.trim().toUpperCase()}`) : undefined) ??
    (codes.dhis2 ? dir.byCode.get(`dhis2|${codes.dhis2}`) : undefined) ??
    (codes.hmis ? dir.byCode.get(`hmis|${codes.hmis.trim().toUpperCase()}`) : undefined) ??
    loose.map((v) => dir.byCode.get(`dhis2|${v}`)).find((u) => u)
  if (idGiven && !existing) throw new EntryError(lead.index, 404, 'fhir.not_found', `${lead.type}/${idGiven} is not in this Directory`)
  // feeds without mCSD 4's types (older mCSD, DHIS2 conversions): what is registered, else what the bundle's tree says
  if (!kind) {
    kind = existing?.kind ?? (both.some((e) => parents.has(e.index)) ? 'unit' : 'facility')
    if (!existing)
      warnings.push(warning(lead.index, `no facility or jurisdiction type (${MCSD_TYPES}): taken as a ${kind === 'unit' ? 'jurisdiction, since other units of the bundle lie in it' : 'facility, since nothing in the bundle lies in it'}`))
  }
  const plan: UnitPlan = { entries: both, kind, name: name.trim(), codes, warnings }
  if (kind === 'facility') {
    const all = both.flatMap((e) => codings(e.resource))
    const ours = all.find((c) => c.system === cadreCodes.facilityType && facilityTypes.includes(c.code as never))?.code as UnitPlan['facilityType']
    const hl7 = all.map((c) => (c.system === HL7.roleCode ? fromServiceCode[c.code ?? ''] : undefined)).find((x) => x)
    plan.facilityType = ours ?? hl7
    plan.ownership = all.find((c) => c.system === cadreCodes.ownership && ownerships.includes(c.code as never))?.code as UnitPlan['ownership']
    const pos = lead.type === 'Location' ? lead.resource.position : undefined
    if (pos && typeof pos.latitude === 'number' && typeof pos.longitude === 'number') plan.coordinates = { lat: pos.latitude, lng: pos.longitude }
  }
  if (existing) plan.existing = existing
  return plan
}

/** A unit not found by id or code may still be registered under the same parent and name. */
function settle(plan: UnitPlan, dir: Directory) {
  const lead = plan.entries[0]!
  const parentId = plan.parent ? ('existing' in plan.parent ? plan.parent.existing.id : plan.parent.plan.existing?.id) : undefined
  if (!plan.existing && parentId) plan.existing = dir.byParentName.get(`${parentId}|${plan.kind}|${normalizeName(plan.name)}`)
  if (!plan.existing && !plan.parent) plan.existing = dir.byParentName.get(`|${plan.kind}|${normalizeName(plan.name)}`)
  const e = plan.existing
  if (!e) {
    if (plan.kind === 'facility' && !plan.facilityType) (plan.warnings.push(warning(lead.index, 'no facility type the registry knows: registered as other')), (plan.facilityType = 'other'))
    if (plan.kind === 'facility' && !plan.ownership) (plan.warnings.push(warning(lead.index, `no ownership (${cadreCodes.ownership}): registered as public`)), (plan.ownership = 'public'))
    return
  }
  if (e.kind !== plan.kind) throw new EntryError(lead.index, 422, 'fhir.type_conflict', `${e.name} is registered as a ${e.kind === 'facility' ? 'facility' : 'jurisdiction'}`)
  if (plan.parent && parentId !== e.parentId) throw new EntryError(lead.index, 422, 'fhir.move_not_supported', `${e.name} lies elsewhere in the hierarchy; moving a unit is done in the console (it moves its whole subtree)`)
}

/** What changes on a registered unit: only what the feed says, and only where it differs. */
function changesOf(plan: UnitPlan): OrgUnitUpdate | undefined {
  const e = plan.existing!
  const changes: OrgUnitUpdate = {}
  if (plan.name !== e.name) changes.name = plan.name
  const codes = { ...e.codes, ...Object.fromEntries(Object.entries(plan.codes).filter(([, v]) => v)) }
  if (!sameData(codes, { ...e.codes })) changes.codes = codes
  if (plan.kind === 'facility') {
    if (plan.facilityType && plan.facilityType !== e.facilityType) changes.facilityType = plan.facilityType
    if (plan.ownership && plan.ownership !== e.ownership) changes.ownership = plan.ownership
    if (plan.coordinates && !sameData(plan.coordinates, e.coordinates)) changes.coordinates = plan.coordinates
  }
  return Object.keys(changes).length ? changes : undefined
}

/** Parents before children; a cycle of partOf is refused before anything is written. */
export function unitOrder(plans: UnitPlan[]): UnitPlan[] {
  const out: UnitPlan[] = []
  const state = new Map<UnitPlan, 'visiting' | 'done'>()
  const visit = (p: UnitPlan) => {
    if (state.get(p) === 'done') return
    if (state.get(p) === 'visiting') throw new EntryError(p.entries[0]!.index, 422, 'fhir.cycle', 'partOf goes round in a circle')
    state.set(p, 'visiting')
    if (p.parent && 'plan' in p.parent) visit(p.parent.plan)
    state.set(p, 'done')
    out.push(p)
  }
  plans.forEach(visit)
  return out
}

/** Writes one unit through the registry's verbs (each with its audit event), or leaves it as it is. */
export async function applyUnit(plan: UnitPlan) {
  const parentId = plan.parent ? ('plan' in plan.parent ? plan.parent.plan.result!.id : plan.parent.existing.id) : undefined
  const codes = Object.keys(plan.codes).length ? plan.codes : undefined
  if (!plan.existing) {
    plan.created = true
    plan.result =
      plan.kind === 'facility'
        ? await orgunit.createFacility({ name: plan.name, parentId: parentId!, facilityType: plan.facilityType!, ownership: plan.ownership!, codes, coordinates: plan.coordinates })
        : await orgunit.createUnit({ name: plan.name, parentId, codes })
    return
  }
  const changes = changesOf(plan)
  plan.result = changes ? await orgunit.update(plan.existing.id, plan.existing.version, changes) : plan.existing
}

/** The registry's own rules, checked on every unit before anything is written. */
export function checkUnit(plan: UnitPlan) {
  const codes = Object.keys(plan.codes).length ? plan.codes : undefined
  const placeholder = 'ou_00000000000000000000000000'
  const result = plan.existing
    ? OrgUnitUpdate.safeParse(changesOf(plan) ?? {})
    : plan.kind === 'facility'
      ? FacilityCreate.safeParse({ name: plan.name, parentId: placeholder, facilityType: plan.facilityType, ownership: plan.ownership, codes, coordinates: plan.coordinates })
      : OrgUnitCreate.safeParse({ name: plan.name, parentId: placeholder, codes })
  if (!result.success) throw new EntryError(plan.entries[0]!.index, 422, 'fhir.invalid_resource', issuesText(result.error.issues))
}

export const issuesText = (issues: { path: PropertyKey[]; message: string }[]) => issues.slice(0, 5).map((i) => `${i.path.map(String).join('.')}: ${i.message}`).join('; ')
