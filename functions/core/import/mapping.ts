import { normalizeName } from '../util/text'
import { fields, type ImportKind } from './fields'
import type { Mapping } from './schema'

/** A header as compared: no case, accents, punctuation, required-marks or trailing notes in brackets. */
export const headerKey = (header: string) =>
  normalizeName(header.replace(/\([^)]*\)|\[[^\]]*\]|\*/g, ' ').replace(/^\s*(n[°º]|no\.|num\.|nr\.)\s*/i, 'numero '))

const indexes = new Map<ImportKind, Map<string, string>>()
/** Every label (in the three languages) and synonym of a kind's fields, to its field. First listed wins. */
function synonymIndex(kind: ImportKind) {
  let index = indexes.get(kind)
  if (!index) {
    index = new Map()
    for (const field of fields[kind])
      for (const said of [field.label.en, field.label.fr, field.label.pt, field.key])
        for (const k of [headerKey(said), normalizeName(said)]) if (!index.has(k)) index.set(k, field.key)
    for (const field of fields[kind]) for (const said of field.synonyms) if (!index.has(headerKey(said))) index.set(headerKey(said), field.key)
    indexes.set(kind, index)
  }
  return index
}

/**
 * Which field each column is: what the user chose for this file, else what the country saved from its
 * last file (by header), else a label or synonym. A field taken by an earlier column is not taken twice;
 * columns left without a field are listed, never silently dropped.
 */
export function resolveMapping(kind: ImportKind, columns: string[], saved: Record<string, string | null> = {}, given: Mapping = {}) {
  const index = synonymIndex(kind)
  const known = new Set(fields[kind].map((f) => f.key))
  const taken = new Set<string>()
  const chosen = new Map<string, string | null>()
  for (const column of columns) {
    // a header repeated: its first column is the one read
    if (chosen.has(column)) continue
    const key = headerKey(column)
    const choice = Object.hasOwn(given, column) ? given[column] : Object.hasOwn(saved, key) ? saved[key] : index.get(key) ?? index.get(normalizeName(column))
    const field = choice && known.has(choice) && !taken.has(choice) ? choice : null
    if (field) taken.add(field)
    chosen.set(column, field)
  }
  const mapping: Mapping = Object.fromEntries(chosen)
  const missing = fields[kind].filter((f) => f.required && !taken.has(f.key) && !(f.orElse && taken.has(f.orElse))).map((f) => f.key)
  return { mapping, missing }
}

/** What the country keeps for its next file: header (as compared) -> field. */
export const savedForm = (mapping: Mapping) => Object.fromEntries(Object.entries(mapping).map(([column, field]) => [headerKey(column), field]))

/** field -> the index of its column in the row */
export function columnIndexes(columns: string[], mapping: Mapping) {
  const out = new Map<string, number>()
  columns.forEach((column, i) => {
    const field = Object.hasOwn(mapping, column) ? mapping[column] : null
    if (field && !out.has(field)) out.set(field, i)
  })
  return out
}
