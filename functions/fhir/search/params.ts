import { AppError } from '../../core/error'

/** One search parameter as sent: `name:modifier=v1,v2` (the values are alternatives; repeated names must all hold). */
export interface Criterion {
  name: string
  modifier?: string
  values: string[]
}

export const invalid = (message: string, extra: Record<string, unknown> = {}) => new AppError(400, 'fhir.invalid_search', message, extra)

/** Splits on commas not escaped with `\` and undoes FHIR's `\,` `\|` `\$` `\\` escapes. */
export function splitValues(raw: string): string[] {
  const out: string[] = []
  let cur = ''
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i]!
    if (ch === '\\' && i + 1 < raw.length) {
      cur += ch + raw[++i]
      continue
    }
    if (ch === ',') {
      out.push(cur)
      cur = ''
      continue
    }
    cur += ch
  }
  out.push(cur)
  return out.map((v) => v.trim())
}

const unescape = (v: string) => v.replace(/\\([\\,|$])/g, '$1')

/** A token: `system|code`, `|code` (no system), `system|` (any code of the system) or `code`. */
export function parseToken(raw: string): { system?: string; code?: string; noSystem?: boolean } {
  const bar = raw.search(/(?<!\\)\|/)
  if (bar < 0) return { code: unescape(raw) }
  const system = unescape(raw.slice(0, bar))
  const code = unescape(raw.slice(bar + 1))
  return { ...(system ? { system } : { noSystem: true }), ...(code ? { code } : {}) }
}

export const unescapeString = unescape

/** A reference value as `Type/id`: from `id`, `Type/id` or an absolute URL ending in `Type/id`. */
export function parseReference(raw: string, defaultType: string): string {
  const v = unescape(raw)
  const m = /(?:^|\/)([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[A-Za-z0-9\-.]+)?$/.exec(v)
  if (m) return `${m[1]}/${m[2]}`
  if (/^[A-Za-z0-9\-.]{1,64}$/.test(v)) return `${defaultType}/${v}`
  throw invalid(`"${v.slice(0, 80)}" is not a reference`)
}

export type Prefix = 'eq' | 'ne' | 'gt' | 'lt' | 'ge' | 'le' | 'sa' | 'eb' | 'ap'
export interface DateValue {
  prefix: Prefix
  /** the value's implicit range in epoch ms: [lo, hi) (a day is the whole day, UTC when no zone is given) */
  lo: number
  hi: number
}

const DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/

export function parseDate(raw: string): DateValue {
  const m = /^(eq|ne|gt|lt|ge|le|sa|eb|ap)?(.+)$/.exec(raw)
  const prefix = (m?.[1] ?? 'eq') as Prefix
  const d = DATE.exec(m?.[2] ?? '')
  if (!d) throw invalid(`"${raw.slice(0, 80)}" is not a FHIR date (YYYY, YYYY-MM, YYYY-MM-DD or a date and time)`)
  const [, y, mo, da, h, mi, s, frac, zone] = d
  const month = mo ? Number(mo) - 1 : 0
  const day = da ? Number(da) : 1
  if (month > 11 || day < 1 || day > 31 || Number(h ?? 0) > 23 || Number(mi ?? 0) > 59 || Number(s ?? 0) > 60) throw invalid(`"${raw.slice(0, 80)}" is not a valid date`)
  const offsetMin = !zone || zone === 'Z' ? 0 : (zone[0] === '-' ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)))
  const ms = frac ? Math.floor(Number(`0${frac}`) * 1000) : 0
  const lo = Date.UTC(Number(y), month, day, Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0), ms) - offsetMin * 60_000
  let hi: number
  if (!mo) hi = Date.UTC(Number(y) + 1, 0, 1)
  else if (!da) hi = Date.UTC(Number(y), month + 1, 1)
  else if (!h) hi = Date.UTC(Number(y), month, day + 1)
  else if (!s) hi = lo + 60_000
  else if (!frac) hi = lo + 1000
  else hi = lo + 1
  return { prefix, lo, hi }
}

/** Whether an instant lies where the prefixed value says (for an instant, `sa` is `gt` and `eb` is `lt`). */
export function dateMatches(t: number, v: DateValue) {
  switch (v.prefix) {
    case 'gt':
    case 'sa':
      return t >= v.hi
    case 'lt':
    case 'eb':
      return t < v.lo
    case 'ge':
      return t >= v.lo
    case 'le':
      return t < v.hi
    case 'ne':
      return t < v.lo || t >= v.hi
    default:
      return t >= v.lo && t < v.hi
  }
}

/** Whether a period [start, end] (open ends allowed) overlaps the value's range as its prefix asks. */
export function periodMatches(start: number | undefined, end: number | undefined, v: DateValue) {
  const s = start ?? -Infinity
  const e = end ?? Infinity
  switch (v.prefix) {
    case 'gt':
      return e >= v.hi
    case 'lt':
      return s < v.lo
    case 'ge':
      return e >= v.lo
    case 'le':
      return s < v.hi
    case 'sa':
      return s >= v.hi
    case 'eb':
      return e < v.lo
    case 'ne':
      return !(s >= v.lo && e < v.hi)
    default:
      return s >= v.lo && e < v.hi
  }
}

function rangeOf(v: DateValue): [number, number] {
  if (v.prefix === 'gt' || v.prefix === 'sa') return [v.hi, Infinity]
  if (v.prefix === 'ge') return [v.lo, Infinity]
  if (v.prefix === 'lt' || v.prefix === 'eb') return [-Infinity, v.lo]
  if (v.prefix === 'le') return [-Infinity, v.hi]
  if (v.prefix === 'ne') return [-Infinity, Infinity]
  return [v.lo, v.hi]
}

/**
 * The instants [lo, hi) an index must read for criteria that must all hold, each a set of alternatives: the
 * union of each criterion's values, intersected across criteria.
 */
export function dateBounds(criteria: DateValue[][]): [number, number] {
  let lo = -Infinity
  let hi = Infinity
  for (const values of criteria) {
    const ranges = values.map(rangeOf)
    lo = Math.max(lo, Math.min(...ranges.map((r) => r[0])))
    hi = Math.min(hi, Math.max(...ranges.map((r) => r[1])))
  }
  return [lo, hi]
}
