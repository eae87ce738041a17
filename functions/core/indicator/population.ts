import { useUser } from '../actor'
import { keys } from '../db/keys'
import { getItem, queryAll } from '../db/read'
import type { AuditInput } from '../audit/event'
import { commit, type Condition, type Write } from '../db/write'
import { AppError, versionMismatch } from '../error'
import * as orgunit from '../orgunit'
import type { OrgUnitInfo } from '../orgunit/schema'
import { PopulationTableInput, type PopulationTable } from './schema'

type Pop = { year: number; value: number }[]
type Stored = { sk: string; population: Pop; version?: number }

/**
 * The population table a ministry admin edits: a figure per unit and year, the denominator of subnational
 * densities (NHWA 1-03, which uses first- and second-level units). Each unit keeps its own item, versioned:
 * a save names the version it read of each unit it changes.
 */
export async function readTable(): Promise<PopulationTable> {
  if (useUser().orgUnitId) throw new AppError(403, 'indicator.scoped_user', 'Indicators are for users of the whole country')
  const [stored, units] = await Promise.all([queryAll<Stored>({ partition: keys.populations(), prefix: 'ou_' }, 10_000), topUnitsWithCodes()])
  const byUnit = new Map(stored.map((s) => [s.sk, s]))
  return {
    units: units.map((u) => ({
      unitId: u.id,
      name: u.name,
      level: u.depth + 1,
      parentId: u.parentId ?? null,
      codes: Object.values(u.codes ?? {}).filter((c): c is string => !!c),
      population: byUnit.get(u.id)?.population ?? [],
      version: byUnit.get(u.id)?.version ?? 0,
    })),
  }
}

/** First-level units, each followed by its second-level units (by name). */
async function topUnitsWithCodes() {
  const children = (parentId?: string) =>
    queryAll<OrgUnitInfo>({ index: 'gsi3', partition: keys.orgUnitChild(parentId, '', '').gsi3pk }, 10_000).then((l) => l.filter((u) => u.kind === 'unit'))
  const roots = await children()
  const below = await Promise.all(roots.map((r) => children(r.id)))
  return roots.flatMap((r, i) => [r, ...below[i]!])
}

/** The condition that the unit's population is still at the version read (items written before versions count as 0). */
export const atVersion = (version: number): Condition =>
  version ? { version } : { expression: 'attribute_not_exists(pk) OR attribute_not_exists(#v)', names: { '#v': 'version' } }

/**
 * One year of the table: each unit's figure set (or removed), each conditional on the version read, with
 * one audit event per unit changed, all in one transaction. Indicators use first- and second-level units;
 * a deeper unit's figure is kept for the country's own use.
 */
export async function saveYear(input: PopulationTableInput) {
  const { year, values } = PopulationTableInput.parse(input)
  const units = await Promise.all(values.map((v) => orgunit.get(v.unitId)))
  const befores = await Promise.all(values.map((v) => getItem<Stored>(keys.population(v.unitId))))
  const writes: Write[] = []
  const audit: AuditInput[] = []
  const now = new Date().toISOString()
  const versions: Record<string, number> = {}
  values.forEach(({ unitId, value, version }, i) => {
    const before = befores[i]
    const current = before?.version ?? 0
    if (current !== version) throw new AppError(412, 'version.mismatch', 'Someone else changed this unit’s population since you read it; reload and try again', { currentVersion: current, unitId, unitName: units[i]!.name, field: `values.${i}.version` })
    const population = [...(before?.population ?? []).filter((p) => p.year !== year), ...(value === null ? [] : [{ year, value }])].sort((a, b) => a.year - b.year)
    versions[unitId] = current
    if (JSON.stringify(population) === JSON.stringify(before?.population ?? [])) return
    const record = { unitId, population, version: current + 1, updatedAt: now }
    versions[unitId] = current + 1
    const when = atVersion(current)
    const conflict = () => versionMismatch()
    writes.push(population.length ? { put: { ...keys.population(unitId), ...record }, when, conflict } : { delete: keys.population(unitId), when, conflict })
    audit.push({ action: 'population.set', entityType: 'orgunit', entityId: unitId, before: before ? { unitId, population: before.population } : undefined, after: record })
  })
  const result = { year, changed: audit.length, versions }
  if (writes.length) await commit(writes, { audit, result })
  return result
}
