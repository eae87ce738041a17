import type { CadreInfo } from '../cadre/schema'
import { keys } from '../db/keys'
import { batchGet, getItem } from '../db/read'
import { councilKey, licenceNumberKey } from '../licence'
import type { OrgUnitInfo } from '../orgunit/schema'
import { trainingKinds } from '../training/schema'
import { normalizeName } from '../util/text'
import type { CheckContext } from './check'
import { closest, codeKey, unitKey } from './directory'
import { issue, type RowInput } from './row'
import type { Issue } from './schema'
import { chooser, parseCountry, parseDate, parseSex } from './values'

const parseTrainingKind = chooser<(typeof trainingKinds)[number]>({
  'pre-service': ['pre service', 'initial', 'formation initiale', 'initiale', 'inicial', 'formacao inicial', 'basic'],
  'in-service': ['in service', 'continue', 'formation continue', 'em servico', 'formacao em servico'],
  cpd: ['cpd', 'dpc', 'continuing professional development', 'developpement professionnel continu', 'desenvolvimento profissional continuo'],
})

/** The identifiers a row gives that find a worker: never a name. */
export const hasIdentifier = (row: RowInput) => !!(row.get('nationalId') || row.get('registryNumber') || (row.get('licenceCouncil') && row.get('licenceNumber')))

/** The guard items a row's identifiers would be held under, by what they identify. */
function guardKeysOf(row: RowInput) {
  const nid = row.get('nationalId')
  const reg = row.get('registryNumber')
  const council = row.get('licenceCouncil')
  const number = row.get('licenceNumber')
  return {
    nationalId: nid ? keys.nationalId(nid) : undefined,
    registryNumber: reg ? keys.registryNumber(reg) : undefined,
    licence: council && number ? licenceNumberKey(council, number) : undefined,
  }
}

/** Guard key -> the worker holding it, for a part's rows read at once; keys held by nobody map to undefined. */
export type HeldIdentifiers = Map<string, string | undefined>
const guardId = (k: { pk: string; sk: string }) => `${k.pk}\n${k.sk}`

/**
 * The holders of every identifier in a part of the file, in batches of a hundred keys rather than a read per
 * row and identifier (the commit re-checks each row; its transaction's guards still refuse an identifier
 * taken meanwhile).
 */
export async function readHolders(rows: RowInput[]): Promise<HeldIdentifiers> {
  const wanted = rows.flatMap((row) => Object.values(guardKeysOf(row)).filter((k) => k !== undefined))
  const held: HeldIdentifiers = new Map(wanted.map((k) => [guardId(k), undefined]))
  for (const g of await batchGet<{ pk: string; sk: string; workerId: string }>(wanted, false)) held.set(guardId(g), g.workerId)
  return held
}

/** The worker holding each of the row's identifiers (national id, registry number, a licence per council). */
export async function holders(row: RowInput, known?: HeldIdentifiers) {
  const guards = guardKeysOf(row)
  const holder = async (k: { pk: string; sk: string } | undefined) =>
    !k ? undefined : known?.has(guardId(k)) ? known.get(guardId(k)) : (await getItem<{ workerId: string }>(k, false))?.workerId
  const [nationalId, registryNumber, licence] = await Promise.all([holder(guards.nationalId), holder(guards.registryNumber), holder(guards.licence)])
  return { nationalId, registryNumber, licence }
}
export type Holders = Awaited<ReturnType<typeof holders>>

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

export function dateOf(row: RowInput, field: string, issues: Issue[]) {
  const raw = row.get(field)
  if (!raw) return undefined
  const date = parseDate(raw)
  if (!date) issues.push(issue(row, 'import.invalid_date', { field, value: raw }))
  return date
}

/** the import field behind each path of the worker's schemas */
export const workerField = (path: PropertyKey[]) => {
  const [head, sub] = path.map(String)
  if (head === 'contacts') return sub
  if (head === 'cadreId') return 'cadre'
  if (head === 'orgUnitId') return 'facility'
  return head
}

/**
 * A worker row's cells read into values (sex, dates, countries, cadre, facility, licence, training), each
 * refusal as a reason on its column. Shared by a new worker's row and an update's.
 */
export function readWorkerRow(row: RowInput, ctx: CheckContext, issues: Issue[]) {
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

  // a licence: all four cells or none
  const lic = { council: row.get('licenceCouncil'), number: row.get('licenceNumber'), issuedAt: dateOf(row, 'licenceIssued', issues), expiresAt: dateOf(row, 'licenceExpires', issues) }
  const someLicence = ['licenceCouncil', 'licenceNumber', 'licenceIssued', 'licenceExpires'].some((f) => row.get(f))
  const licence = lic.council && lic.number && lic.issuedAt && lic.expiresAt ? { council: lic.council, number: lic.number, issuedAt: lic.issuedAt, expiresAt: lic.expiresAt } : undefined
  if (lic.council && ctx.councils.length && !ctx.councils.some((c) => councilKey(c) === councilKey(lic.council!)))
    issues.push(issue(row, 'import.unknown_council', { field: 'licenceCouncil', value: lic.council, params: { allowed: ctx.councils } }))
  if (lic.issuedAt && lic.expiresAt && lic.expiresAt <= lic.issuedAt) issues.push(issue(row, 'import.invalid', { field: 'licenceExpires', value: lic.expiresAt, params: { detail: 'expires after it is issued' } }))

  const training = row.get('trainingTitle')
  const trainingKindRaw = row.get('trainingKind')
  const trainingKind = trainingKindRaw ? parseTrainingKind(trainingKindRaw) : 'pre-service'
  if (trainingKindRaw && !trainingKind) issues.push(issue(row, 'import.invalid_choice', { field: 'trainingKind', value: trainingKindRaw, params: { allowed: trainingKinds.join(', ') } }))

  return { sexRaw, sex, birthDate, countries, cadre, facility, startDate, lic, someLicence, licence, training, trainingKind }
}
export type WorkerRow = ReturnType<typeof readWorkerRow>
