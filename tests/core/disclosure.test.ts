import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { accumulate, compute, type Frame } from '../../functions/core/indicator/compute'
import type { Breakdown, IndicatorId } from '../../functions/core/indicator/definitions'
import { suppress, withheld, type SharedTable } from '../../functions/core/sharing/disclosure'

/**
 * For random small registries and random sets of shared tables, no withheld count can be derived from
 * what is published. The check is independent of the code under test: every person is a point in the
 * full cross-classification (unit × occupation × status × sex × age band × nationality), every published
 * count is the sum of its points, and exact rational elimination (BigInt) decides whether a withheld
 * count lies in the span of the published ones.
 */
const refYear = 2025
const leaves = [['ou_a', 'ou_a1'], ['ou_a', 'ou_a2'], ['ou_b', 'ou_b1']] as const
const cadres = [['cad_d', '2211'], ['cad_n', '2221']] as const
const statuses = ['active', 'on-leave'] as const
const sexes = ['female', 'male'] as const
const years = [1965, 1995] as const
const nats = ['national', 'foreign'] as const

const person = fc.record({ leaf: fc.nat(2), cadre: fc.nat(1), status: fc.nat(1), sex: fc.nat(1), year: fc.nat(1), nat: fc.nat(1) })
type Person = { leaf: number; cadre: number; status: number; sex: number; year: number; nat: number }

function cellsOf(people: Person[]) {
  const cells = new Map<string, number>()
  const add = (k: string) => cells.set(k, (cells.get(k) ?? 0) + 1)
  for (const p of people) {
    const [u1, u2] = leaves[p.leaf]!
    const base = `${cadres[p.cadre]![0]}|${u1}|${u2}`
    add(`st|${base}|${statuses[p.status]}`)
    add(`sa|${base}|${sexes[p.sex]}|${years[p.year]}`)
    add(`na|${base}|${nats[p.nat]}`)
  }
  return cells
}

const frameOf = (people: Person[]): Frame => ({
  tenantId: 'KEN',
  refYear,
  cells: cellsOf(people),
  isco: new Map(cadres.map(([id, code]) => [id, code])),
  units: new Map<string, { name: string; level: 1 | 2; parentId?: string }>([
    ['ou_a', { name: 'A', level: 1 }], ['ou_b', { name: 'B', level: 1 }],
    ['ou_a1', { name: 'A1', level: 2, parentId: 'ou_a' }], ['ou_a2', { name: 'A2', level: 2, parentId: 'ou_a' }], ['ou_b1', { name: 'B1', level: 2, parentId: 'ou_b' }],
  ]),
  population: () => 100_000,
})

/** the points of the full cross-classification a published count adds up */
const band = (y: number) => (refYear - y >= 55 ? '55-64' : '25-34')
function pointsOf(family: string, geo: string, occ: string, cat: string): number[] {
  const out: number[] = []
  let i = 0
  for (const [u1, u2] of leaves)
    for (const [, isco] of cadres)
      for (const status of statuses)
        for (const sex of sexes)
          for (const y of years)
            for (const nat of nats) {
              const inGeo = geo === '*' || geo === `1:${u1}` || geo === `2:${u2}`
              const inOcc = occ === '*' || occ === isco || (occ === 'doctors' && isco === '2211') || (occ === 'nurses-midwives' && isco === '2221') || (occ === 'doctors-nurses-midwives')
              const [s, b] = cat.split(':')
              const inCat =
                cat === '*' ||
                (family === 'st' && cat === status) ||
                (family === 'sa' && s === sex && (b === undefined || b === band(y))) ||
                (family === 'na' && cat === nat)
              if (inGeo && inOcc && inCat) out.push(i)
              i++
            }
  return out
}
const POINTS = leaves.length * cadres.length * statuses.length * sexes.length * years.length * nats.length

/** exact elimination over the integers (fraction-free): is `target` a rational combination of `rows`? */
function derivable(rows: number[][], target: number[]): boolean {
  const toVec = (pts: number[]) => {
    const v = Array<bigint>(POINTS).fill(0n)
    for (const p of pts) v[p] = 1n
    return v
  }
  const echelon: { pivot: number; v: bigint[] }[] = []
  const reduce = (v: bigint[]) => {
    for (const { pivot, v: r } of echelon) {
      if (v[pivot] === 0n) continue
      const a = r[pivot]!
      const b = v[pivot]!
      for (let k = 0; k < POINTS; k++) v[k] = a * v[k]! - b * r[k]!
    }
    return v
  }
  for (const row of rows) {
    const v = reduce(toVec(row))
    const pivot = v.findIndex((x) => x !== 0n)
    if (pivot >= 0) echelon.push({ pivot, v })
  }
  return reduce(toVec(target)).every((x) => x === 0n)
}

const indicatorsShared: IndicatorId[] = ['stock', 'status', 'female-share', 'age', 'foreign-born', 'geography', 'density', 'median-age', 'sdg-3c1']
const breakdownsShared: Breakdown[] = ['national', 'national-occupation', 'level1', 'level1-occupation', 'level2', 'level2-occupation']
const grant = fc.record({ indicator: fc.constantFrom(...indicatorsShared), breakdown: fc.constantFrom(...breakdownsShared) })

describe('disclosure control', () => {
  it('publishes no count from 1 to threshold−1 and leaves no withheld count derivable', () => {
    fc.assert(
      fc.property(fc.array(person, { minLength: 1, maxLength: 60 }), fc.array(grant, { minLength: 1, maxLength: 4 }), fc.integer({ min: 5, max: 7 }), (people, grants, threshold) => {
        const frame = frameOf(people)
        const acc = accumulate(frame)
        const tables: SharedTable[] = grants.map((g) => ({ ...g, ...compute(frame, g.indicator, g.breakdown, acc) }))
        const hidden = suppress(tables, acc.leaves, refYear, threshold)
        const cells = new Map(tables.flatMap((t) => t.rows.flatMap((r) => r.deps.map((d) => [d, t.counts.get(d)!] as const))))
        const published = [...cells.values()].filter((c) => !hidden.has(c.id))
        for (const c of published) expect(c.n === 0 || c.n >= threshold, `${c.id} = ${c.n} published`).toBe(true)
        const rows = published.map((c) => pointsOf(c.family, c.geo, c.occ, c.cat))
        for (const id of hidden) {
          const c = cells.get(id)!
          expect(derivable(rows, pointsOf(c.family, c.geo, c.occ, c.cat)), `${id} (${c.n}) derivable from ${published.length} published counts`).toBe(false)
        }
        // every figure resting on a withheld count is withheld, and the others are shown
        for (const t of tables)
          for (const r of t.rows) if (r.deps.some((d) => hidden.has(d))) expect(withheld(r, hidden, t.counts, threshold)).toBe(true)
      }),
      { numRuns: 300 },
    )
  })

  it('the checker itself: a row total minus its other cells gives the cell away', () => {
    // 7 people in A1, 2 of them on leave: withholding only "on leave" would leave it derivable
    const people: Person[] = [...Array(5)].map(() => ({ leaf: 0, cadre: 0, status: 0, sex: 0, year: 0, nat: 0 })).concat([...Array(2)].map(() => ({ leaf: 0, cadre: 0, status: 1, sex: 0, year: 0, nat: 0 })))
    const frame = frameOf(people)
    const acc = accumulate(frame)
    const t = { indicator: 'status' as const, breakdown: 'national' as const, ...compute(frame, 'status', 'national', acc) }
    const hidden = suppress([t], acc.leaves, refYear, 5)
    expect(hidden.has('st|*|*|on-leave')).toBe(true)
    // the active count (5) is withheld too, else 7 − 5 = 2
    expect(hidden.has('st|*|*|active') || hidden.has('st|*|*|*')).toBe(true)
    const rows = [...t.counts.values()].filter((c) => !hidden.has(c.id)).map((c) => pointsOf(c.family, c.geo, c.occ, c.cat))
    expect(derivable(rows, pointsOf('st', '*', '*', 'on-leave'))).toBe(false)
    expect(derivable([pointsOf('st', '*', '*', '*'), pointsOf('st', '*', '*', 'active')], pointsOf('st', '*', '*', 'on-leave'))).toBe(true)
  })
})
