import type { CodeableConcept, Coding, Identifier, Reference } from '@medplum/fhirtypes'
import { normalizeName } from '../../core/util/text'
import { parseReference, parseToken, unescapeString } from './params'

/**
 * FHIR string matching: by default the value starts the field (accents and case ignored, as the registry's
 * name indexes fold them), `:exact` is the field exactly as stored, `:contains` anywhere in it.
 */
export function stringMatches(fields: (string | undefined)[], raw: string, modifier: string | undefined) {
  const value = unescapeString(raw)
  if (modifier === 'exact') return fields.some((f) => f === value)
  const v = normalizeName(value)
  if (!v) return false
  if (modifier === 'contains') return fields.some((f) => f !== undefined && normalizeName(f).includes(v))
  return fields.some((f) => f !== undefined && normalizeName(f).startsWith(v))
}

const codingMatches = (c: Coding, t: ReturnType<typeof parseToken>) =>
  (t.system === undefined || c.system === t.system) && (!t.noSystem || !c.system) && (t.code === undefined || c.code === t.code)

export function conceptMatches(concepts: (CodeableConcept | undefined)[], raw: string) {
  const t = parseToken(raw)
  return concepts.some((cc) => (cc?.coding ?? []).some((c) => codingMatches(c, t)))
}

export function identifierMatches(ids: Identifier[] | undefined, raw: string) {
  const t = parseToken(raw)
  return (ids ?? []).some((i) => (t.system === undefined || i.system === t.system) && (!t.noSystem || !i.system) && (t.code === undefined || i.value === t.code))
}

/** A `code` or `boolean` element: the value alone, a system being meaningless for them. */
export function codeMatches(value: string | boolean | undefined, raw: string) {
  const t = parseToken(raw)
  return value !== undefined && String(value) === t.code
}

export function referenceMatches(refs: (Reference | undefined)[], raw: string, defaultType: string) {
  const wanted = parseReference(raw, defaultType)
  return refs.some((r) => r?.reference === wanted)
}
