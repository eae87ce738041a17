/**
 * Accent- and case-insensitive form of a name, for index keys: "Ndèye  Fatou" -> "ndeye fatou". Accents
 * (and Arabic vowel marks, the Indic virama) fold away; other marks stay, since in Devanagari, Tamil or
 * Bengali a vowel sign is part of the letter: "अनिल" stays one word.
 */
export function normalizeName(s: string) {
  return s
    .normalize('NFD')
    .replace(/[\p{Diacritic}\u0640]/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N} ]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
}

/** Levenshtein distance, bounded: names further apart than `max` are simply "far". */
export function editDistance(a: string, b: string, max = 3) {
  if (Math.abs(a.length - b.length) > max) return max + 1
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    const cur = [i]
    let rowMin = i
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1))
      rowMin = Math.min(rowMin, cur[j]!)
    }
    if (rowMin > max) return max + 1
    prev = cur
  }
  return prev[b.length]!
}

/**
 * Characters no name or label needs and that can disguise one: control characters, line and paragraph
 * separators, bidi embeddings, overrides and isolates (they reorder what a reader sees), the byte-order mark,
 * noncharacters and lone surrogates (half an emoji: not Unicode text at all). Notes may hold line breaks and tabs.
 */
const hiddenInLine = /[\p{Cc}\p{Cs}\u2028\u2029\u202A-\u202E\u2066-\u2069\uFEFF\uFFFE\uFFFF]/u
const hiddenInNote = /[\p{Cs}\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069\uFEFF\uFFFE\uFFFF]/u
export const hasHiddenCharacters = (s: string, multiline = false) => (multiline ? hiddenInNote : hiddenInLine).test(s)

/** Checked after NFC, where a Vietnamese letter is one precomposed character: Devanagari or Tibetan stack up to four marks; more is a rendering attack. */
export const MAX_MARKS_IN_A_ROW = 4
const stacked = new RegExp(`\\p{M}{${MAX_MARKS_IN_A_ROW + 1},}`, 'u')
export const hasStackedMarks = (s: string) => stacked.test(s)

export const hasLetter = (s: string) => /\p{L}/u.test(s)
