import { newId } from '../id'
import { orgUnitItem } from '../orgunit'
import { FacilityCreate, facilityTypes, ownerships, type OrgUnitInfo } from '../orgunit/schema'
import { bumped, created } from '../util/entity'
import { chainKey, chainOf, hierarchyFields } from './analysis'
import { closest, codeKey } from './directory'
import { ending, issue, noteRepeat, type Checked, type RowInput, type RowWrite } from './row'
import type { CheckContext } from './check'
import type { Issue } from './schema'
import { chooser, isPlaceholderCode, parseDate, parseNumber } from './values'
import { versionMismatch } from '../error'

const parseType = chooser<(typeof facilityTypes)[number]>({
  hospital: ['hospital', 'hopital', 'referral hospital', 'district hospital', 'county hospital', 'hospital distrital', 'hospital geral', 'chu', 'chr'],
  'health-centre': ['health centre', 'health center', 'centre de sante', 'centro de saude', 'chc', 'csi', 'csps', 'cs', 'phc', 'chp', 'mchp'],
  dispensary: ['dispensary', 'dispensaire', 'posto de saude', 'health post', 'poste de sante', 'ps'],
  clinic: ['clinic', 'clinique', 'clinica', 'medical clinic', 'nursing home', 'maternity', 'maternite'],
  laboratory: ['laboratory', 'lab', 'laboratoire', 'laboratorio'],
  pharmacy: ['pharmacy', 'pharmacie', 'farmacia', 'chemist'],
  'training-institution': ['training institution', 'school', 'ecole', 'escola', 'college'],
  other: ['other', 'autre', 'outro'],
})
const parseOwnership = chooser<(typeof ownerships)[number]>({
  public: ['public', 'government', 'gov', 'ministry of health', 'moh', 'publique', 'etat', 'publico', 'publica', 'estado', 'governo', 'armed forces', 'local authority'],
  'private-not-for-profit': ['private not for profit', 'faith based', 'fbo', 'ngo', 'mission', 'confessionnel', 'associatif', 'ong', 'privado sem fins lucrativos', 'confessional', 'non profit', 'community'],
  'private-for-profit': ['private', 'private for profit', 'private practice', 'prive', 'prive lucratif', 'privado', 'privado com fins lucrativos', 'for profit'],
})

type Parsed = {
  name?: string
  codes: { mfl?: string; dhis2?: string; hmis?: string }
  /** the node's id in this registry (a DHIS2 export of ours, for nodes without a DHIS2 uid) */
  registryId?: string
  facilityType?: (typeof facilityTypes)[number]
  ownership?: (typeof ownerships)[number]
  coordinates?: { lat: number; lng: number }
  issues: Issue[]
}

/** The cells every facility row shares, read and checked; placeholder codes are dropped with a warning. */
const registryId = /^(ou|fac)_[0-9a-z]{26}$/

function parse(row: RowInput, ctx: CheckContext): Parsed {
  const issues: Issue[] = []
  let parsedId: string | undefined
  const codes: Parsed['codes'] = {}
  for (const [field, key] of [['mflCode', 'mfl'], ['dhis2Id', 'dhis2'], ['hmisCode', 'hmis']] as const) {
    const code = row.get(field)
    if (!code) continue
    // a node exported from this registry without a DHIS2 uid carries its registry id: it finds the node again
    if (key === 'dhis2' && registryId.test(code)) parsedId = code
    else if (isPlaceholderCode(code)) issues.push(issue(row, 'import.placeholder_code', { field, value: code, warning: true }))
    else if (key === 'dhis2' && !/^[A-Za-z][A-Za-z0-9]{10}$/.test(code)) issues.push(issue(row, 'import.invalid', { field, value: code, params: { detail: 'a DHIS2 uid is 11 letters and digits' } }))
    else if (code.length > 40) issues.push(issue(row, 'import.too_long', { field, value: code, params: { max: 40 } }))
    else codes[key] = code
  }
  const name = row.get('name')
  if (!name) issues.push(issue(row, 'import.required', { field: 'name' }))
  else if (name.length > 200) issues.push(issue(row, 'import.too_long', { field: 'name', value: name, params: { max: 200 } }))
  else {
    // the rules every name of the registry follows (no line breaks, no hidden characters)
    const checked = FacilityCreate.shape.name.safeParse(name)
    if (!checked.success) issues.push(issue(row, 'import.invalid', { field: 'name', value: name, params: { detail: checked.error.issues[0]?.message ?? 'not a name' } }))
  }
  const rawType = row.get('facilityType')
  const facilityType = rawType ? parseType(rawType) : undefined
  const rawOwner = row.get('ownership')
  const ownership = rawOwner ? parseOwnership(rawOwner) : undefined
  let coordinates: Parsed['coordinates']
  const [lat, lng] = [row.get('latitude'), row.get('longitude')]
  if (lat || lng) {
    const [a, b] = [parseNumber(lat ?? ''), parseNumber(lng ?? '')]
    if (a === undefined || a < -90 || a > 90) issues.push(issue(row, 'import.invalid_number', { field: 'latitude', value: lat ?? '' }))
    else if (b === undefined || b < -180 || b > 180) issues.push(issue(row, 'import.invalid_number', { field: 'longitude', value: lng ?? '' }))
    else coordinates = { lat: a, lng: b }
  }
  const closed = row.get('closedDate')
  if (closed) {
    const date = parseDate(closed)
    if (!date) issues.push(issue(row, 'import.invalid_date', { field: 'closedDate', value: closed }))
    else if (date <= ctx.today) issues.push(issue(row, 'import.closed', { field: 'closedDate', value: date }))
    else issues.push(issue(row, 'import.closes_later', { field: 'closedDate', value: date, warning: true }))
  }
  return { name, codes, registryId: parsedId, facilityType, ownership, coordinates, issues }
}

/** The unit or facility already holding one of the row's codes (codes are identifiers; names never are). */
function byCodes(parsed: Parsed, ctx: CheckContext) {
  const found = new Map<string, OrgUnitInfo>()
  for (const code of Object.values(parsed.codes)) for (const u of ctx.dir.byCode.get(codeKey(code!)) ?? []) found.set(u.id, u)
  const own = parsed.registryId ? ctx.dir.units.get(parsed.registryId) : undefined
  if (own) found.set(own.id, own)
  return [...found.values()]
}

/** What an update would change, field by field: only what the row says and the record lacks or says otherwise. */
function changesTo(current: OrgUnitInfo, parsed: Parsed) {
  const next: OrgUnitInfo = { ...current }
  const changed: string[] = []
  if (parsed.name && parsed.name !== current.name) (next.name = parsed.name), changed.push('name')
  const codes = { ...current.codes }
  for (const [k, v] of Object.entries(parsed.codes)) if (v && codes[k as keyof typeof codes] !== v) (codes[k as keyof typeof codes] = v), changed.push(`codes.${k}`)
  if (Object.keys(codes).length) next.codes = codes
  if (current.kind === 'facility') {
    if (parsed.facilityType && parsed.facilityType !== current.facilityType) (next.facilityType = parsed.facilityType), changed.push('facilityType')
    if (parsed.ownership && parsed.ownership !== current.ownership) (next.ownership = parsed.ownership), changed.push('ownership')
    if (parsed.coordinates && (parsed.coordinates.lat !== current.coordinates?.lat || parsed.coordinates.lng !== current.coordinates?.lng)) (next.coordinates = parsed.coordinates), changed.push('coordinates')
  }
  return { next, changed }
}

const nodeWrite = (u: OrgUnitInfo, before?: OrgUnitInfo) => ({
  write: { put: orgUnitItem(u), when: before ? { version: before.version } : ('absent' as const), conflict: () => versionMismatch() },
  audit: { action: `${u.kind === 'unit' ? 'orgunit' : 'facility'}.${before ? 'update' : 'create'}`, entityType: u.kind === 'unit' ? 'orgunit' : 'facility', entityId: u.id, before, after: u },
})

function newNode(kind: 'unit' | 'facility', parent: OrgUnitInfo | undefined, data: Partial<OrgUnitInfo> & { name: string }): OrgUnitInfo {
  const id = newId(kind === 'unit' ? 'orgUnit' : 'facility')
  return { ...data, id, kind, parentId: parent?.id, path: `${parent?.path ?? '/'}${id}/`, depth: (parent?.depth ?? -1) + 1, ...created() } as OrgUnitInfo
}

/**
 * A row of a facility list or of a DHIS2 org-unit export. Found by a code: an update (or nothing to change).
 * Otherwise a new node under its parent: the hierarchy columns of an MFL (units made as needed, each once:
 * a spelling close to an existing name is refused rather than made twice), or the parent's DHIS2 id.
 */
export function checkFacility(row: RowInput, ctx: CheckContext): Checked {
  const parsed = parse(row, ctx)
  const issues = parsed.issues
  const label = [...chainOf(row), parsed.name].filter(Boolean).join(' / ')
  const done = ending(row, issues, () => ({ label }))
  noteRepeat(row, ctx.analysis, issues)
  if (issues.some((i) => !i.warning)) return done('error')

  const found = byCodes(parsed, ctx)
  if (found.length > 1) {
    issues.push(issue(row, 'import.invalid', { params: { detail: `its codes belong to ${found.length} different units (${found.map((u) => ctx.dir.label(u)).join('; ')})` } }))
    return done('error')
  }
  if (found.length === 1) {
    const current = found[0]!
    const { next, changed } = changesTo(current, parsed)
    const match = { id: current.id, label: ctx.dir.label(current) }
    if (!changed.length) {
      issues.push(issue(row, 'import.exists', { warning: true }))
      return done('exists', { match })
    }
    issues.push(issue(row, 'import.would_update', { params: { fields: changed }, warning: true }))
    return done('update', { match, changes: changed }, async () => {
      const saved = { ...next, ...bumped(current) }
      const w = nodeWrite(saved, current)
      return { outcome: 'updated', entityId: current.id, writes: [w.write], audit: [w.audit], applied: () => ctx.dir.add(saved) }
    })
  }
  return ctx.analysis.units && row.mapped('parent') ? dhis2Node(row, ctx, parsed, done) : mflFacility(row, ctx, parsed, done)
}

type Done = ReturnType<typeof ending>

function facilityData(row: RowInput, parsed: Parsed) {
  const issues: Issue[] = []
  if (!parsed.facilityType) issues.push(issue(row, 'import.type_assumed', { field: 'facilityType', value: row.get('facilityType'), warning: true }))
  if (!parsed.ownership) issues.push(issue(row, 'import.ownership_assumed', { field: 'ownership', value: row.get('ownership'), warning: true }))
  const codes = Object.keys(parsed.codes).length ? parsed.codes : undefined
  return { issues, data: { name: parsed.name!, facilityType: parsed.facilityType ?? 'other', ownership: parsed.ownership ?? 'public', codes, coordinates: parsed.coordinates } }
}

/** An MFL row: its units by name, top down, made where missing; the facility under the last one. */
function mflFacility(row: RowInput, ctx: CheckContext, parsed: Parsed, done: Done): Checked {
  const issues = parsed.issues
  const chain = chainOf(row)
  if (!chain.length) {
    issues.push(issue(row, 'import.required', { field: hierarchyFields.find((f) => row.mapped(f)) ?? 'level1' }))
    return done('error')
  }
  let parent: OrgUnitInfo | undefined
  const toMake: string[] = []
  for (let depth = 0; depth < chain.length; depth++) {
    const name = chain[depth]!
    const field = hierarchyFields.filter((f) => row.get(f))[depth]!
    const variant = ctx.analysis.variants[chainKey(chain.slice(0, depth + 1))]
    if (variant) {
      issues.push(issue(row, 'import.unit_spelling', { field, value: name, params: { suggestion: variant.suggestion, nearRow: variant.nearRow } }))
      return done('error')
    }
    if (toMake.length) {
      toMake.push(name)
      continue
    }
    const matches = ctx.dir.childNamed(parent?.id, name).filter((u) => u.kind === 'unit')
    if (matches.length > 1) {
      issues.push(issue(row, 'import.unit_ambiguous', { field, value: name, params: { count: matches.length, candidates: matches.map((u) => ctx.dir.label(u)) } }))
      return done('error')
    }
    if (matches.length === 1) {
      parent = matches[0]
      continue
    }
    // not in the registry: a close spelling there is a misspelling, not a new unit
    const near = closest(name, ctx.dir.childNames(parent?.id))
    if (near.length) {
      issues.push(issue(row, 'import.unit_spelling', { field, value: name, params: { suggestion: near[0] } }))
      return done('error')
    }
    if (!parent && ctx.dir.scope) {
      issues.push(issue(row, 'import.unit_not_found', { field, value: name, params: { suggestions: [] } }))
      return done('error')
    }
    toMake.push(name)
  }
  const same = toMake.length ? [] : ctx.dir.childNamed(parent?.id, parsed.name!).filter((u) => u.kind === 'facility')
  if (same.length) {
    issues.push(issue(row, 'import.same_name', { field: 'name', value: parsed.name }))
    return done('exists', { match: { id: same[0]!.id, label: ctx.dir.label(same[0]!) } })
  }
  const { issues: assumed, data } = facilityData(row, parsed)
  issues.push(...assumed)
  if (toMake.length) issues.push(issue(row, 'import.creates_units', { params: { units: toMake }, warning: true }))
  const levelNames = hierarchyFields.filter((f) => row.get(f)).map((f) => row.column(f)).slice(chain.length - toMake.length)
  return done('valid', {}, async () => {
    const nodes: OrgUnitInfo[] = []
    let above = parent
    toMake.forEach((name, i) => {
      const unit = newNode('unit', above, { name, level: levelNames[i]?.slice(0, 40) })
      nodes.push(unit)
      above = unit
    })
    const facility = newNode('facility', above, data)
    nodes.push(facility)
    const w = nodes.map((n) => nodeWrite(n))
    return { outcome: 'created', entityId: facility.id, writes: w.map((x) => x.write), audit: w.map((x) => x.audit), applied: () => nodes.forEach((n) => ctx.dir.add(n)) }
  })
}

/**
 * A DHIS2-shaped row (its id and its parent's): a facility when it is a leaf at the file's deepest level,
 * a unit otherwise (a leaf above it is a unit with no children, said as a warning). Parents come first in
 * the file's parts, so by a commit's turn the parent is in the registry.
 */
function dhis2Node(row: RowInput, ctx: CheckContext, parsed: Parsed, done: Done): Checked {
  const issues = parsed.issues
  const units = ctx.analysis.units!
  const id = parsed.codes.dhis2
  const parentCode = row.get('parent')
  let parent: OrgUnitInfo | undefined
  if (parentCode) {
    const inRegistry = [...(ctx.dir.byCode.get(codeKey(parentCode)) ?? []), ...(registryId.test(parentCode) ? [ctx.dir.units.get(parentCode)].filter((u) => !!u) : [])].filter((u) => u.kind === 'unit')
    if (inRegistry.length) parent = inRegistry[0]
    else if (!units[parentCode] || ctx.committing) {
      issues.push(issue(row, 'import.parent_not_found', { field: 'parent', value: parentCode }))
      return done('not_found')
    }
  } else if (ctx.dir.scope) {
    issues.push(issue(row, 'import.parent_not_found', { field: 'parent', value: '' }))
    return done('not_found')
  }
  const self = id ? units[id] : undefined
  const leaf = !self || self.children === 0
  const deepest = ctx.analysis.deepest ?? 0
  const level = Number(row.get('unitLevel')) || self?.level || 0
  const isFacility = leaf && level >= deepest && deepest > 1
  if (leaf && !isFacility) issues.push(issue(row, 'import.unit_without_children', { warning: true }))
  if (!isFacility) {
    const same = ctx.dir.childNamed(parent?.id, parsed.name!).filter((u) => u.kind === 'unit')
    if (same.length) {
      issues.push(issue(row, 'import.same_name', { field: 'name', value: parsed.name }))
      return done('exists', { match: { id: same[0]!.id, label: ctx.dir.label(same[0]!) } })
    }
    const codes = Object.keys(parsed.codes).length ? parsed.codes : undefined
    return done('valid', {}, async () => {
      const unit = newNode('unit', parent, { name: parsed.name!, level: level ? `Level ${level}` : undefined, codes })
      const w = nodeWrite(unit)
      return { outcome: 'created', entityId: unit.id, writes: [w.write], audit: [w.audit], applied: () => ctx.dir.add(unit) }
    })
  }
  if (!parentCode) {
    issues.push(issue(row, 'import.parent_not_found', { field: 'parent', value: '' }))
    return done('not_found')
  }
  const { issues: assumed, data } = facilityData(row, parsed)
  issues.push(...assumed)
  return done('valid', {}, async () => {
    if (!parent) throw new Error('a facility needs its parent unit')
    const facility = newNode('facility', parent, data)
    const w = nodeWrite(facility)
    return { outcome: 'created', entityId: facility.id, writes: [w.write], audit: [w.audit], applied: () => ctx.dir.add(facility) }
  })
}
