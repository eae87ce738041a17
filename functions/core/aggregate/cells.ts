/**
 * What one worker contributes to its country's aggregates: a few cell keys, computed from the worker's own
 * partition (the worker item, licences, deployments, exits) and its facility. Pure, free of AWS: the stream
 * consumer, the rebuild and the tests all call it.
 *
 * Cells are marginal tables, not one full cube: every stock cell is `family|cadre|unit1|unit2|values`, one
 * per family. A full cube with a birth year would have about as many cells as workers; marginal tables
 * stay bounded by their dimensions (cadres × units × categories), which is what lets a summary cost O(cells).
 *
 * Time-dependent dimensions are stored so that no sweep is needed where one can be avoided:
 * - age: the birth year is stored; age is "age reached in the reference year" (reference year − birth year,
 *   i.e. age on 31 December), exact from the year alone, for any period, without touching the cells.
 * - licensed and in service depend on today (a licence expires, a deployment starts or ends without a
 *   write): they are evaluated at `today`, and the contribution records the next date on which time alone
 *   would change them (`due`), when the consumer's daily tick re-evaluates it (functions/streams/tick.ts).
 */

export const stockStatuses = ['active', 'on-leave', 'suspended'] as const
export const stockFamilies = ['st', 'sa', 'ac', 'ow', 'ft', 'tr', 'na'] as const
export type StockFamily = (typeof stockFamilies)[number]
export type Family = StockFamily | 'en' | 'ex'

/** ISO 3166 alpha-3 of another country, or `-`: cell keys use `|`, which no value contains. */
const NONE = '-'

export interface WorkerItem {
  id: string
  status: string
  cadreId: string
  sex: string
  birthDate: string
  nationality?: string
  trainingOrigin: string
  facilityId?: string
  path: string
  createdAt: string
}
export interface LicenceItem {
  status: string
  issuedAt: string
  expiresAt: string
}
export interface DeploymentItem {
  facilityId: string
  sector: string
  startDate: string
  endDate?: string
}
export interface ExitItem {
  kind: string
  reason: string
  date: string
  destinationCountry?: string
}
export interface FacilityItem {
  facilityType?: string
  ownership?: string
}

export interface WorkerState {
  worker?: WorkerItem
  licences: LicenceItem[]
  deployments: DeploymentItem[]
  exits: ExitItem[]
  facility?: FacilityItem
}

/** The first two org units of a path (`/ou_a/ou_b/fac_c/` → ou_a, ou_b); `-` where there is none. */
export function unitsOf(path: string): [string, string] {
  const ids = path.split('/').filter(Boolean)
  const u1 = ids[0]?.startsWith('ou_') ? ids[0] : NONE
  const u2 = u1 !== NONE && ids[1]?.startsWith('ou_') ? ids[1] : NONE
  return [u1, u2]
}

const dayAfter = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)

/** A licence is valid on `today` when active (not suspended or revoked), issued and not yet expired. */
export const licenceValid = (l: LicenceItem, today: string) => l.status === 'active' && l.issuedAt <= today && l.expiresAt >= today
export const deploymentCurrent = (d: DeploymentItem, today: string) => d.startDate <= today && (!d.endDate || d.endDate >= today)

export interface Contribution {
  cells: string[]
  /** the next date on which time alone changes this contribution, if any */
  due?: string
}

export function contributionOf(state: WorkerState, tenantId: string, today: string): Contribution {
  const w = state.worker
  if (!w || w.status === 'merged') return { cells: [] }
  const [u1, u2] = unitsOf(w.path)
  const base = `${w.cadreId}|${u1}|${u2}`
  const cells: string[] = [`en|${base}|${w.createdAt.slice(0, 4)}|${w.trainingOrigin}`]
  for (const e of state.exits) cells.push(`ex|${base}|${e.date.slice(0, 4)}|${e.reason}|${e.kind}|${e.reason === 'emigration' ? (e.destinationCountry ?? NONE) : NONE}`)

  // time boundaries of licences and deployments: the earliest one after today is when to look again
  const boundaries: string[] = []
  for (const l of state.licences) if (l.status === 'active') boundaries.push(l.issuedAt, dayAfter(l.expiresAt))
  for (const d of state.deployments) boundaries.push(d.startDate, ...(d.endDate ? [dayAfter(d.endDate)] : []))
  const due = boundaries.filter((b) => b > today).sort()[0]

  if (!(stockStatuses as readonly string[]).includes(w.status)) return { cells: cells.sort(), due }
  const licensed = state.licences.some((l) => licenceValid(l, today))
  const current = state.deployments.filter((d) => deploymentCurrent(d, today))
  const here = current.find((d) => d.facilityId === w.facilityId)
  const atFacility = w.facilityId ? state.facility : undefined
  const ownership = here?.sector ?? atFacility?.ownership ?? NONE
  const nationality = !w.nationality ? 'unknown' : w.nationality === tenantId ? 'national' : 'foreign'
  cells.push(
    `st|${base}|${w.status}`,
    `sa|${base}|${w.sex}|${w.birthDate.slice(0, 4)}`,
    `ac|${base}|${licensed ? 'L' : NONE}|${current.length ? 'S' : NONE}`,
    `ow|${base}|${ownership}`,
    `ft|${base}|${atFacility?.facilityType ?? NONE}`,
    `tr|${base}|${w.trainingOrigin}`,
    `na|${base}|${nationality}`,
  )
  return { cells: cells.sort(), due }
}

/** The count moves from the old contribution to the new one: -1 per old cell, +1 per new, net per cell. */
export function deltas(before: string[], after: string[]): Map<string, number> {
  const out = new Map<string, number>()
  for (const c of before) out.set(c, (out.get(c) ?? 0) - 1)
  for (const c of after) out.set(c, (out.get(c) ?? 0) + 1)
  for (const [c, n] of out) if (n === 0) out.delete(c)
  return out
}

/** A parsed cell key. */
export interface Cell {
  family: Family
  cadreId: string
  unit1: string
  unit2: string
  values: string[]
}
export function parseCell(key: string): Cell {
  const [family, cadreId, unit1, unit2, ...values] = key.split('|')
  return { family: family as Family, cadreId: cadreId!, unit1: unit1!, unit2: unit2!, values }
}
