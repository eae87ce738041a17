import { editDistance, normalizeName } from '../util/text'
import { codeKey, unitKey } from './directory'
import type { ImportKind } from './fields'
import type { RowInput } from './row'
import { isPlaceholderCode } from './values'

/**
 * What only the whole file can tell, found in the pass that splits it into parts: rows that repeat an
 * earlier row's identifier, unit names spelt two ways, and (DHIS2-shaped files) which units the file
 * holds and which of them are facilities. Kept as a small file beside the parts; each step reads it.
 */
export type Analysis = {
  /** row -> the identifier it repeats, and the first row that had it */
  duplicates: Record<number, { field: string; value: string; row: number }>
  /** a unit's chain of names ("bo|kakua") -> the spelling used more (or first) under the same parent */
  variants: Record<string, { suggestion: string; nearRow: number }>
  /** DHIS2-shaped files: every unit by its id, with its parent and level */
  units?: Record<string, { row: number; parent: string; level: number; name: string; children: number }>
  deepest?: number
}

export const hierarchyFields = ['level1', 'level2', 'level3', 'level4'] as const

/** The names of a facility row's units, top down, as given. */
export const chainOf = (row: RowInput) => hierarchyFields.map((f) => row.get(f)).filter((v): v is string => !!v)
export const chainKey = (names: string[]) => names.map(unitKey).join('|')

/** Keys that make two rows the same record (a worker's identifiers, a facility's codes, a cadre's name). */
export function identities(kind: ImportKind, row: RowInput): [string, string][] {
  const out: [string, string][] = []
  const add = (field: string, value: string | undefined, key = value) => value && key && out.push([field, key])
  if (kind === 'workers' || kind === 'exits') {
    add('nationalId', row.get('nationalId'), row.get('nationalId')?.toUpperCase())
    add('registryNumber', row.get('registryNumber'), row.get('registryNumber')?.toUpperCase())
    const council = row.get('licenceCouncil')
    const number = row.get('licenceNumber')
    if (council && number) add('licenceNumber', number, `${normalizeName(council)}|${number.toUpperCase()}`)
  } else if (kind === 'cadres') add('name', row.get('name'), row.get('name') && normalizeName(row.get('name')!))
  else {
    for (const field of ['mflCode', 'dhis2Id', 'hmisCode'] as const) {
      const code = row.get(field)
      if (code && !isPlaceholderCode(code)) add(field, code, codeKey(code))
    }
    const name = row.get('name')
    // no code at all: the same name in the same unit is the same facility
    if (!out.length && name && !row.get('parent')) add('name', name, `${chainKey(chainOf(row))}|${normalizeName(name)}`)
  }
  return out
}

/** Collects what the whole file says, row by row, then concludes. */
export function analyser(kind: ImportKind) {
  const seen = new Map<string, number>()
  const duplicates: Analysis['duplicates'] = {}
  // parent chain -> unit key -> { name as first written, rows using it, first row }
  const names = new Map<string, Map<string, { name: string; count: number; row: number }>>()
  const units: NonNullable<Analysis['units']> = {}
  let parentShaped = false
  return {
    add(row: RowInput) {
      for (const [field, key] of identities(kind, row)) {
        const first = seen.get(`${field}|${key}`)
        if (first !== undefined) {
          duplicates[row.row] = { field, value: row.get(field === 'licenceNumber' ? 'licenceNumber' : field) ?? key, row: first }
          break
        }
      }
      if (!duplicates[row.row]) for (const [field, key] of identities(kind, row)) seen.set(`${field}|${key}`, row.row)
      if (kind !== 'facilities') return
      const id = row.get('dhis2Id')
      if (row.get('parent') !== undefined || (id && row.mapped('parent'))) parentShaped = true
      if (id && row.mapped('parent')) {
        units[id] ??= { row: row.row, parent: row.get('parent') ?? '', level: Number(row.get('unitLevel')) || 0, name: row.get('name') ?? '', children: 0 }
      }
      const chain = chainOf(row)
      for (let depth = 0; depth < chain.length; depth++) {
        const parent = chainKey(chain.slice(0, depth))
        const under = names.get(parent) ?? new Map()
        names.set(parent, under)
        const key = unitKey(chain[depth]!)
        const entry = under.get(key)
        if (entry) entry.count++
        else under.set(key, { name: chain[depth]!, count: 1, row: row.row })
      }
    },
    finish(): Analysis {
      const variants: Analysis['variants'] = {}
      for (const [parent, under] of names) {
        const list = [...under.entries()]
        for (let i = 0; i < list.length; i++)
          for (let j = i + 1; j < list.length; j++) {
            const [ka, a] = list[i]!
            const [kb, b] = list[j]!
            const max = Math.max(1, Math.floor(Math.min(ka.length, kb.length) / 6))
            if (editDistance(ka, kb, max) > max) continue
            // the spelling more rows use stands; on a tie, the first one met
            const [keep, odd, oddKey] = b.count > a.count ? [b, a, ka] : [a, b, kb]
            variants[parent ? `${parent}|${oddKey}` : oddKey] = { suggestion: keep.name, nearRow: keep.row }
          }
      }
      if (!parentShaped) return { duplicates, variants }
      let deepest = 0
      for (const unit of Object.values(units)) {
        if (units[unit.parent]) units[unit.parent]!.children++
        deepest = Math.max(deepest, unit.level)
      }
      return { duplicates, variants, units, deepest }
    },
  }
}
