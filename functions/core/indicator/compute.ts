import { parseCell, type Family } from '../aggregate/cells'
import { facilityTypes, ownerships } from '../orgunit/schema'
import { exitKinds, exitReasons } from '../exit/schema'
import { ageBand, ageBands, byOccupation, geoOf, geoRank, sdgGroups, type Breakdown, type IndicatorId } from './definitions'

/**
 * Indicators from aggregate cells alone: the cost is O(cells), never O(workers). Pure: the same code runs
 * on a tenant's live cells and on a frozen period's snapshot. Every figure names the counts it rests on
 * (`deps`), which is what disclosure control works on.
 */
export interface Frame {
  tenantId: string
  refYear: number
  cells: Map<string, number>
  /** cadre id → ISCO-08 code, read at compute time so a cadre re-mapped to another code needs no recount */
  isco: Map<string, string>
  units: Map<string, { name: string; level: 1 | 2; parentId?: string }>
  population: (unitId: string | null, year: number) => number | undefined
}

/** A count of people: `family` table, geography (`*`, `1:<id>`, `2:<id>`), occupation (`*`, ISCO, SDG group), category. */
export interface CountCell {
  id: string
  family: Family
  geo: string
  occ: string
  cat: string
  n: number
}

export interface Row {
  unitId: string | null
  level: 0 | 1 | 2
  occupation: string
  category: string
  value: number | null
  numerator?: number
  denominator?: number
  /** the counts this figure reveals: if one is withheld, so is the figure */
  deps: string[]
  /** not a sum of counts (a median): withheld with its group, and below the threshold */
  statistic?: 'median'
  /** why there is no figure: a density of a unit whose population was not entered for the year */
  missing?: 'population'
}

export interface Computed {
  rows: Row[]
  counts: Map<string, CountCell>
}

const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits
const NONE = '-'
const label = (v: string) => (v === NONE ? 'none' : v)

/** Whether an atom of a family's table (a raw cell value) belongs to a published category. */
export function inCategory(family: Family, cat: string, atom: string, refYear: number): boolean {
  if (cat === '*') return true
  const parts = atom.split('|')
  switch (family) {
    case 'sa': {
      const [sex, band] = cat.split(':')
      if (parts[0] !== sex) return false
      return band === undefined || ageBand(refYear - Number(parts[1])) === band
    }
    case 'ac':
      return cat === 'licensed' ? parts[0] === 'L' : cat === 'in-service' ? parts[1] === 'S' : false
    case 'ex': {
      const [what, value] = cat.split(':')
      if (what === 'reason') return parts[0] === value
      if (what === 'kind') return parts[1] === value
      return what === 'dest' && parts[0] === 'emigration' && parts[2] === value
    }
    default:
      return label(atom) === cat
  }
}

/** The atom of a cell for disclosure control: birth years group into the bands that are published. */
export function atomClass(family: Family, atom: string, refYear: number) {
  if (family !== 'sa') return atom
  const [sex, year] = atom.split('|')
  return `${sex}|${ageBand(refYear - Number(year))}`
}

const occupationsOf = (isco: string) => ['*', isco, ...Object.entries(sdgGroups).filter(([, codes]) => (codes as readonly string[]).includes(isco)).map(([g]) => g)]

/** Per family, per `geo|occ`, per atom: the counts every figure is summed from. */
export function accumulate(frame: Frame) {
  const acc = new Map<Family, Map<string, Map<string, number>>>()
  const leaves = new Map<Family, Map<string, Map<string, number>>>()
  for (const [key, n] of frame.cells) {
    if (n === 0) continue
    const cell = parseCell(key)
    let atom = cell.values.join('|')
    if (cell.family === 'en' || cell.family === 'ex') {
      if (Number(cell.values[0]) !== frame.refYear) continue
      atom = cell.values.slice(1).join('|')
    }
    const isco = frame.isco.get(cell.cadreId) ?? 'unknown'
    const geos = ['*', ...(cell.unit1 !== NONE ? [`1:${cell.unit1}`] : []), ...(cell.unit2 !== NONE ? [`2:${cell.unit2}`] : [])]
    const fam = acc.get(cell.family) ?? new Map<string, Map<string, number>>()
    acc.set(cell.family, fam)
    for (const g of geos)
      for (const o of occupationsOf(isco)) {
        const group = fam.get(`${g}|${o}`) ?? new Map<string, number>()
        group.set(atom, (group.get(atom) ?? 0) + n)
        fam.set(`${g}|${o}`, group)
      }
    // the finest cells, for disclosure control: unit pair × ISCO × atom class
    const lf = leaves.get(cell.family) ?? new Map<string, Map<string, number>>()
    leaves.set(cell.family, lf)
    const leafKey = `${cell.unit1}/${cell.unit2}|${isco}`
    const leaf = lf.get(leafKey) ?? new Map<string, number>()
    const cls = atomClass(cell.family, atom, frame.refYear)
    leaf.set(cls, (leaf.get(cls) ?? 0) + n)
    lf.set(leafKey, leaf)
  }
  return { acc, leaves }
}

const stockFamily: Family = 'st'

export function compute(frame: Frame, indicator: IndicatorId, breakdown: Breakdown, accumulated = accumulate(frame)): Computed {
  const { acc } = accumulated
  const counts = new Map<string, CountCell>()
  const count = (family: Family, geo: string, occ: string, cat: string) => {
    const id = `${family}|${geo}|${occ}|${cat}`
    let cell = counts.get(id)
    if (!cell) {
      let n = 0
      for (const [atom, v] of acc.get(family)?.get(`${geo}|${occ}`) ?? []) if (inCategory(family, cat, atom, frame.refYear)) n += v
      cell = { id, family, geo, occ, cat, n }
      counts.set(id, cell)
    }
    return cell
  }

  const level = geoRank[geoOf(breakdown)]
  const geos: { geo: string; unitId: string | null; level: 0 | 1 | 2 }[] = [{ geo: '*', unitId: null, level: 0 }]
  for (const [id, u] of [...frame.units].sort(([, a], [, b]) => a.name.localeCompare(b.name)))
    if (u.level <= level) geos.push({ geo: `${u.level}:${id}`, unitId: id, level: u.level })
  const iscos = [...new Set([...frame.isco.values()])].sort()
  const occs = indicator === 'sdg-3c1' ? Object.keys(sdgGroups) : ['*', ...(byOccupation(breakdown) ? iscos : [])]
  const destinations = [...new Set([...(acc.get('ex')?.get('*|*')?.keys() ?? [])].map((a) => a.split('|')).filter((p) => p[0] === 'emigration').map((p) => p[2]!))].sort()
  const sexes = ['female', 'male', ...['other', 'unknown'].filter((s) => [...(acc.get('sa')?.get('*|*')?.keys() ?? [])].some((a) => a.startsWith(`${s}|`)))]

  const rows: Row[] = []
  for (const g of geos)
    for (const occ of occs) {
      const T = count(stockFamily, g.geo, occ, '*')
      const pop = frame.population(g.unitId, frame.refYear)
      const add = (category: string, value: number | null, deps: CountCell[], extra: Partial<Row> = {}) =>
        rows.push({ unitId: g.unitId, level: g.level, occupation: occ, category, value, deps: deps.map((d) => d.id), ...extra })
      const countRow = (category: string, c: CountCell) => add(category, c.n, [c])
      const share = (category: string, num: CountCell, den: CountCell) => add(category, den.n ? round((num.n / den.n) * 100) : null, [num, den], { numerator: num.n, denominator: den.n })
      const density = (category: string) =>
        add(category, pop ? round((T.n / pop) * 10_000, 2) : null, [T], pop ? { numerator: T.n, denominator: pop } : { numerator: T.n, missing: 'population' })
      switch (indicator) {
        case 'stock':
          countRow('*', T)
          break
        case 'status':
          countRow('*', T)
          for (const s of ['active', 'on-leave', 'suspended']) countRow(s, count('st', g.geo, occ, s))
          break
        case 'density':
        case 'sdg-3c1':
          density('*')
          break
        case 'activity':
          countRow('registered', T)
          countRow('licensed', count('ac', g.geo, occ, 'licensed'))
          countRow('in-service', count('ac', g.geo, occ, 'in-service'))
          break
        case 'female-share':
          share('female', count('sa', g.geo, occ, 'female'), T)
          break
        case 'age':
          countRow('*', T)
          for (const sex of sexes) for (const band of ageBands) countRow(`${sex}:${band}`, count('sa', g.geo, occ, `${sex}:${band}`))
          break
        case 'median-age':
          add('*', medianAge(acc.get('sa')?.get(`${g.geo}|${occ}`), frame.refYear), [T], { statistic: 'median', denominator: T.n })
          break
        case 'foreign-born':
          share('foreign', count('na', g.geo, occ, 'foreign'), T)
          break
        case 'foreign-trained':
          share('foreign', count('tr', g.geo, occ, 'foreign'), T)
          break
        case 'ownership':
          countRow('*', T)
          for (const o of [...ownerships, 'none']) countRow(o, count('ow', g.geo, occ, o))
          break
        case 'facility-type':
          countRow('*', T)
          for (const t of [...facilityTypes, 'none']) countRow(t, count('ft', g.geo, occ, t))
          break
        case 'geography':
          share('*', T, count(stockFamily, '*', occ, '*'))
          break
        case 'entries':
          countRow('*', count('en', g.geo, occ, '*'))
          for (const o of ['domestic', 'foreign', 'unknown']) countRow(o, count('en', g.geo, occ, o))
          break
        case 'entry-rate':
          share('*', count('en', g.geo, occ, '*'), T)
          break
        case 'exits':
          countRow('*', count('ex', g.geo, occ, '*'))
          for (const k of exitKinds) countRow(`kind:${k}`, count('ex', g.geo, occ, `kind:${k}`))
          for (const r of exitReasons) countRow(`reason:${r}`, count('ex', g.geo, occ, `reason:${r}`))
          break
        case 'exit-rate':
          share('*', count('ex', g.geo, occ, '*'), T)
          break
        case 'emigration':
          countRow('*', count('ex', g.geo, occ, 'reason:emigration'))
          for (const c of destinations) countRow(`dest:${c}`, count('ex', g.geo, occ, `dest:${c}`))
          break
      }
    }
  return { rows, counts }
}

/** The median of the ages reached in `refYear`, from birth-year counts. */
function medianAge(atoms: Map<string, number> | undefined, refYear: number): number | null {
  if (!atoms) return null
  const byAge = new Map<number, number>()
  let total = 0
  for (const [atom, n] of atoms) {
    const age = refYear - Number(atom.split('|')[1])
    byAge.set(age, (byAge.get(age) ?? 0) + n)
    total += n
  }
  if (!total) return null
  const ages = [...byAge].sort(([a], [b]) => a - b)
  const at = (k: number) => {
    let seen = 0
    for (const [age, n] of ages) if ((seen += n) > k) return age
    return ages.at(-1)![0]
  }
  return total % 2 ? at((total - 1) / 2) : (at(total / 2 - 1) + at(total / 2)) / 2
}
