import { stockFamilies, type Family } from '../aggregate/cells'
import { inCategory, type accumulate, type CountCell, type Row } from '../indicator/compute'
import { byOccupation, geoOf, geoRank, sdgGroups, type Breakdown, type IndicatorId } from '../indicator/definitions'
import { Basis, P, type Vec } from './linear'

export interface SharedTable {
  indicator: IndicatorId
  breakdown: Breakdown
  rows: Row[]
  counts: Map<string, CountCell>
}

/**
 * Disclosure control over everything one recipient is shown of one country and period:
 * 1. primary: no count from 1 to threshold−1 (threshold ≥ 5), nor any figure resting on one;
 * 2. secondary: no withheld count may be derivable from the published ones, across every table shared
 *    with the same recipient (totals, other breakdowns, other indicators). Each published count is a sum of
 *    unknowns — one per finest cell (unit × occupation × category) of each table family, tied together by
 *    the fact that every family's cells add up to the same stock — and a withheld count is derivable
 *    exactly when its vector lies in the span of the published ones. While one is, the smallest published
 *    count used in its derivation is withheld too.
 * Returns the ids of the withheld counts.
 */
export function suppress(tables: SharedTable[], leaves: ReturnType<typeof accumulate>['leaves'], refYear: number, threshold: number): Set<string> {
  const cells = new Map<string, CountCell>()
  for (const t of tables) for (const r of t.rows) for (const d of r.deps) cells.set(d, t.counts.get(d)!)
  const suppressed = new Set([...cells.values()].filter((c) => c.n > 0 && c.n < threshold).map((c) => c.id))
  if (!suppressed.size) return suppressed

  // the finest geography and occupation any shared table shows: finer detail is unknown to the recipient
  const level = Math.max(...tables.map((t) => geoRank[geoOf(t.breakdown)]))
  const perOccupation = tables.some((t) => byOccupation(t.breakdown) || t.indicator === 'sdg-3c1')
  const coarseGeo = (leaf: string) => (level === 0 ? '*' : level === 1 ? leaf.split('/')[0]! : leaf)
  const inGeo = (geo: string, leaf: string) => {
    if (geo === '*') return true
    const [u1, u2] = leaf.split('/')
    return geo.startsWith('1:') ? geo.slice(2) === u1 : geo.slice(2) === u2
  }
  const inOcc = (occ: string, isco: string) => occ === '*' || occ === isco || ((sdgGroups as Record<string, readonly string[]>)[occ]?.includes(isco) ?? false)
  const matches = (family: Family, cat: string, cls: string) => {
    if (family !== 'sa' || cat === '*') return inCategory(family, cat, cls, refYear)
    const [sex, band] = cat.split(':')
    const [s, b] = cls.split('|')
    return s === sex && (band === undefined || b === band)
  }

  const vars = new Map<string, number>()
  const varOf = (key: string) => {
    let v = vars.get(key)
    if (v === undefined) vars.set(key, (v = vars.size))
    return v
  }
  const vectorOf = (c: CountCell): Vec => {
    const vec: Vec = new Map()
    for (const [leafKey, atoms] of leaves.get(c.family) ?? []) {
      const [leaf, isco] = leafKey.split('|') as [string, string]
      if (!inGeo(c.geo, leaf) || !inOcc(c.occ, isco)) continue
      for (const cls of atoms.keys()) if (matches(c.family, c.cat, cls)) vec.set(varOf(`${c.family}|${coarseGeo(leaf)}|${perOccupation ? isco : '*'}|${cls}`), 1)
    }
    return vec
  }

  // structural relations: at every finest cell, each stock family adds up to the same people
  const used = new Set([...cells.values()].map((c) => c.family).filter((f) => (stockFamilies as readonly string[]).includes(f)))
  const reference = used.has('st') ? 'st' : [...used][0]
  const relations: Vec[] = []
  if (reference) {
    const sums = new Map<string, Map<Family, Set<string>>>()
    for (const family of used)
      for (const [leafKey, atoms] of leaves.get(family) ?? []) {
        const [leaf, isco] = leafKey.split('|') as [string, string]
        const at = `${coarseGeo(leaf)}|${perOccupation ? isco : '*'}`
        const byFamily = sums.get(at) ?? new Map<Family, Set<string>>()
        const set = byFamily.get(family) ?? new Set<string>()
        for (const cls of atoms.keys()) set.add(cls)
        byFamily.set(family, set)
        sums.set(at, byFamily)
      }
    for (const [at, byFamily] of sums)
      for (const family of used) {
        if (family === reference) continue
        const vec: Vec = new Map()
        for (const cls of byFamily.get(family) ?? []) vec.set(varOf(`${family}|${at}|${cls}`), 1)
        for (const cls of byFamily.get(reference) ?? []) vec.set(varOf(`${reference}|${at}|${cls}`), P - 1)
        relations.push(vec)
      }
  }

  const ids = [...cells.keys()]
  const vectors = new Map(ids.map((id) => [id, vectorOf(cells.get(id)!)]))
  for (let round = 0; round < ids.length; round++) {
    const basis = new Basis()
    relations.forEach((r, i) => basis.add(r, -1 - i))
    ids.forEach((id, i) => {
      if (!suppressed.has(id)) basis.add(vectors.get(id)!, i)
    })
    const extra = new Set<string>()
    for (const id of suppressed) {
      if (!vectors.get(id)!.size) continue
      const used = basis.derivation(vectors.get(id)!)
      if (!used) continue
      // withhold the smallest non-zero count the derivation rests on (a zero only if nothing else is left)
      const candidates = used.filter((i) => i >= 0).map((i) => cells.get(ids[i]!)!)
      const pick = candidates.filter((c) => c.n > 0).sort((a, b) => a.n - b.n || a.id.localeCompare(b.id))[0] ?? candidates.sort((a, b) => a.id.localeCompare(b.id))[0]
      if (pick) extra.add(pick.id)
    }
    if (!extra.size) return suppressed
    for (const id of extra) suppressed.add(id)
  }
  return suppressed
}

/** A figure is withheld when a count it rests on is; a median also when its group is below the threshold. */
export function withheld(row: Row, suppressed: Set<string>, counts: Map<string, CountCell>, threshold: number) {
  if (row.deps.some((d) => suppressed.has(d))) return true
  return row.statistic === 'median' && row.deps.some((d) => (counts.get(d)?.n ?? 0) < threshold)
}
