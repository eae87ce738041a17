import { useTenant } from '../actor'
import { readCells } from '../aggregate/store'
import { keys } from '../db/keys'
import { getItem, queryAll } from '../db/read'
import type { TenantInfo } from '../tenant/schema'
import type { Frame } from './compute'

type Pop = { year: number; value: number }[]

/** What a frame is made of, as plain data: what a frozen period stores so later edits change nothing. */
export interface FrameData {
  cells: [string, number][]
  isco: [string, string][]
  units: [string, { name: string; level: 1 | 2; parentId?: string }][]
  population: { national: Pop; units: [string, Pop][] }
}

/** The population of a year, else of the latest earlier year given (a census year carried forward). */
export function populationOf(rows: Pop | undefined, year: number) {
  return [...(rows ?? [])].filter((r) => r.year <= year).sort((a, b) => b.year - a.year)[0]?.value
}

export function frameOf(data: FrameData, tenantId: string, refYear: number): Frame {
  const units = new Map(data.population.units)
  return {
    tenantId,
    refYear,
    cells: new Map(data.cells),
    isco: new Map(data.isco),
    units: new Map(data.units),
    population: (unitId, year) => populationOf(unitId ? units.get(unitId) : data.population.national, year),
  }
}

/** First- and second-level units (the only ones indicators are given for): the roots, then their children. */
async function topUnits() {
  const units: FrameData['units'] = []
  const roots = await queryAll<{ id: string; name: string; kind: string }>({ index: 'gsi3', partition: keys.orgUnitChild(undefined, '', '').gsi3pk }, 10_000)
  for (const r of roots.filter((u) => u.kind === 'unit')) {
    units.push([r.id, { name: r.name, level: 1 }])
    const children = await queryAll<{ id: string; name: string; kind: string }>({ index: 'gsi3', partition: keys.orgUnitChild(r.id, '', '').gsi3pk }, 10_000)
    for (const c of children.filter((u) => u.kind === 'unit')) units.push([c.id, { name: c.name, level: 2, parentId: r.id }])
  }
  return units
}

export async function unitPopulations(): Promise<[string, Pop][]> {
  const items = await queryAll<{ sk: string; population: Pop }>({ partition: keys.populations(), prefix: 'ou_' }, 10_000)
  return items.map((i) => [i.sk, i.population])
}

/** The tenant's live frame: current cells, cadre mapping, units and populations. O(cells + units + cadres). */
export async function liveFrameData(): Promise<FrameData> {
  const tenantId = useTenant()
  const [cells, cadres, units, tenant, unitPops] = await Promise.all([
    readCells(),
    queryAll<{ id: string; iscoCode: string }>({ partition: keys.cadres().pk }, 5000),
    topUnits(),
    getItem<TenantInfo>(keys.tenantRecord(tenantId)),
    unitPopulations(),
  ])
  return {
    cells: [...cells],
    isco: cadres.map((c) => [c.id, c.iscoCode]),
    units,
    population: { national: tenant?.population ?? [], units: unitPops },
  }
}
