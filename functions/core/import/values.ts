import { alpha3ToAlpha2, isCountryCode } from '../reference/countries'
import { normalizeName } from '../util/text'

/** What real files put in a cell that means "nothing here". */
const nothing = /^(n\/?a|#n\/?a|none|null|nil|-+|\?+|\.+|not applicable|non applicable|nao aplicavel)$/i
export const isBlank = (value: string | undefined) => !value || nothing.test(value.trim())

/** A code that stands in for one not yet given: `5006XXHZ`, `XXXX`, `0000`, `TBD`. */
export const isPlaceholderCode = (code: string) => /XX/i.test(code) || /^(0+|x+|tbd|tba|pending|unknown|inconnu|desconhecido)$/i.test(code)

const pad = (n: number) => String(n).padStart(2, '0')
function realDate(y: number, m: number, d: number) {
  if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1) return undefined
  const date = new Date(Date.UTC(y, m - 1, d))
  return date.getUTCMonth() === m - 1 ? `${y}-${pad(m)}-${pad(d)}` : undefined
}

/**
 * A date as files write it: ISO (with or without a time), day first (31/03/2024, 31-03-2024, 31.03.2024),
 * month first only when the day cannot be first (03/31/2024), year first with slashes, or a spreadsheet's
 * day number (a date cell saved as a number). Undefined when it is not a real calendar date.
 */
export function parseDate(raw: string): string | undefined {
  const s = raw.trim()
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+Z?)?$/.exec(s) ?? /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/.exec(s)
  if (m) return realDate(Number(m[1]), Number(m[2]), Number(m[3]))
  m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s)
  if (m) {
    const [a, b, y] = [Number(m[1]), Number(m[2]), Number(m[3])]
    return a <= 12 && b > 12 ? realDate(y, a, b) : realDate(y, b, a)
  }
  // a spreadsheet serial: days since 1899-12-30 (10000 is 1927, 80000 is 2119)
  if (/^\d{5}$/.test(s) && Number(s) >= 10000 && Number(s) <= 80000) {
    const date = new Date(Date.UTC(1899, 11, 30) + Number(s) * 86_400_000)
    return realDate(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate())
  }
  return undefined
}

/** A decimal number, with a comma as the decimal sign too (files from `;` countries). */
export function parseNumber(raw: string): number | undefined {
  const s = raw.trim().replace(/\s/g, '')
  const normal = /^-?\d+,\d+$/.test(s) ? s.replace(',', '.') : s
  if (!/^-?(\d+\.?\d*|\.\d+)$/.test(normal)) return undefined
  return Number(normal)
}

/** A choice among values, each known by several words (in any of the three languages). */
export function chooser<T extends string>(words: Record<T, string[]>) {
  const index = new Map<string, T>()
  for (const [value, said] of Object.entries(words) as [T, string[]][]) for (const w of [value, ...said]) index.set(normalizeName(w), value)
  return (raw: string): T | undefined => index.get(normalizeName(raw))
}

export const parseSex = chooser({
  female: ['f', 'fem', 'woman', 'w', 'femme', 'feminin', 'feminine', 'féminin', 'feminino', 'feminina', 'mulher'],
  male: ['m', 'masc', 'man', 'homme', 'h', 'masculin', 'masculino', 'homem'],
  other: ['o', 'autre', 'outro'],
  unknown: ['u', 'inconnu', 'desconhecido', 'not known'],
})

let countryNames: Map<string, string> | undefined
/** Country names in English, French and Portuguese (from Intl), ISO alpha-2 and alpha-3 codes. */
export function parseCountry(raw: string): string | undefined {
  const s = raw.trim()
  if (/^[A-Za-z]{3}$/.test(s) && isCountryCode(s.toUpperCase())) return s.toUpperCase()
  if (!countryNames) {
    countryNames = new Map()
    const names = ['en', 'fr', 'pt'].map((l) => new Intl.DisplayNames([l], { type: 'region' }))
    for (const [alpha3, alpha2] of Object.entries(alpha3ToAlpha2)) {
      countryNames.set(alpha2.toLowerCase(), alpha3)
      for (const n of names) {
        const name = n.of(alpha2)
        if (name && name !== alpha2) countryNames.set(normalizeName(name), alpha3)
      }
    }
  }
  return countryNames.get(/^[A-Za-z]{2}$/.test(s) ? s.toLowerCase() : normalizeName(s))
}

/** Spaces real lists leave inside names (`Campbell Town  CHP`, ` Panderu MCHP`): one space, none around. */
export const tidy = (raw: string) => raw.replace(/\s+/g, ' ').trim()
