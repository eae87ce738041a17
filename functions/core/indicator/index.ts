import { useTenant, useUser } from '../actor'
import { startRebuild } from '../aggregate/job'
import { aggregateStatus } from '../aggregate/store'
import { keys } from '../db/keys'
import { getItem } from '../db/read'
import { commit, type Write } from '../db/write'
import { AppError } from '../error'
import * as orgunit from '../orgunit'
import * as period from '../period'
import type { PeriodInfo } from '../period/schema'
import { compute, type Row } from './compute'
import { indicators, referenceLines, type Breakdown, type IndicatorId } from './definitions'
import { frameOf, liveFrameData, unitPopulations, type FrameData } from './frame'
import { atVersion } from './population'
import { IndicatorQuery, PopulationInput, type IndicatorTable } from './schema'

export * from './schema'
export * from './definitions'
export { readTable as populationTable, saveYear as savePopulationYear } from './population'

export const definitions = () => Object.entries(indicators).map(([id, d]) => ({ id, ...d }))

/** The data behind a period: a frozen year's snapshot, or the live aggregates (this year when none is named). */
export async function periodData(year?: number): Promise<{ data: FrameData; ref: IndicatorTable['period']; info?: PeriodInfo }> {
  const thisYear = new Date().getUTCFullYear()
  if (year === undefined) return { data: await liveFrameData(), ref: { year: thisYear, state: 'live', referenceDate: `${thisYear}-12-31` } }
  const info = await period.get(year)
  const ref = { year, state: info.state, referenceDate: `${year}-12-31`, frozenAt: info.frozenAt, approvedAt: info.state === 'approved' ? info.approvedAt : undefined }
  return { data: info.state === 'open' ? await liveFrameData() : await period.snapshot(info), ref, info }
}

export function tableOf(data: FrameData, tenantId: string, ref: IndicatorTable['period'], indicator: IndicatorId, breakdown: Breakdown) {
  const frame = frameOf(data, tenantId, ref.year)
  const computed = compute(frame, indicator, breakdown)
  return { frame, computed }
}

export const presentRow = (units: Map<string, { name: string }>) => (r: Row) => {
  const { deps: _d, statistic: _s, ...rest } = r
  return { ...rest, unitName: r.unitId ? (units.get(r.unitId)?.name ?? null) : null }
}

/** Recounts the country's figures from its registry (a job); for the whole country's admins only. */
export function recount() {
  if (useUser().orgUnitId) throw new AppError(403, 'indicator.scoped_user', 'Indicators are for users of the whole country')
  return startRebuild()
}

/**
 * Indicators for the ministry of the actor's own tenant: every figure, unsuppressed (it is their data).
 * A user confined to a subtree gets none: figures of other districts are not theirs to read.
 */
export async function read(input: IndicatorQuery): Promise<IndicatorTable> {
  const q = IndicatorQuery.parse(input)
  if (useUser().orgUnitId) throw new AppError(403, 'indicator.scoped_user', 'Indicators are for users of the whole country')
  const { data, ref } = await periodData(q.period)
  const { frame, computed } = tableOf(data, useTenant(), ref, q.indicator, q.breakdown)
  if (q.unit && !frame.units.has(q.unit)) throw new AppError(400, 'indicator.unit', 'Choose a first- or second-level unit of your country', { field: 'unit' })
  const rows = computed.rows.filter((r) => !q.unit || r.unitId === q.unit || frame.units.get(r.unitId ?? '')?.parentId === q.unit)
  return {
    indicator: { id: q.indicator, ...indicators[q.indicator] },
    breakdown: q.breakdown,
    period: ref,
    ...(q.indicator === 'sdg-3c1' ? { referenceLines: referenceLines.map((l) => ({ ...l })) } : {}),
    rows: rows.map(presentRow(frame.units)),
    aggregates: ref.state === 'live' || ref.state === 'open' ? await aggregateStatus() : undefined,
  }
}

export async function populations() {
  const items = await unitPopulations()
  return { items: items.map(([unitId, population]) => ({ unitId, population })), cursor: null }
}

/**
 * Population of a unit by year (the indicators use first- and second-level units'): the denominator of its
 * densities. Replaces every year at once; the unit's population record moves to its next version.
 */
export async function setPopulation(unitId: string, input: { population: { year: number; value: number }[] }) {
  const { population } = PopulationInput.parse(input)
  const unit = await orgunit.get(unitId)
  if (unit.kind !== 'unit') throw new AppError(400, 'indicator.population_unit', 'Population is set for units, not facilities', { field: 'unitId' })
  const current = (await getItem<{ version?: number }>(keys.population(unitId)))?.version ?? 0
  const record = { unitId, population: [...population].sort((a, b) => a.year - b.year), version: current + 1, updatedAt: new Date().toISOString() }
  const write: Write = { put: { ...keys.population(unitId), ...record }, when: atVersion(current), conflict: () => new AppError(409, 'write.conflict', 'The population changed at the same moment; try again') }
  await commit([write], { audit: { action: 'population.set', entityType: 'orgunit', entityId: unitId, after: record }, result: record })
  return record
}
