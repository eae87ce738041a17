import * as z from 'zod/mini'
import en from 'zod/v4/locales/en.js'
import { idPattern, type IdKind } from '../id-kinds'
import { isCountryCode } from '../reference/countries'
import { hasHiddenCharacters, hasLetter, hasStackedMarks, MAX_MARKS_IN_A_ROW } from './text'

/**
 * zod/mini instead of classic zod: the same validation core, but functions instead of methods, so bundlers
 * keep only what is used. It halves what a Lambda cold start compiles and what the console downloads
 * (docs/PERFORMANCE.md). It loads no locale by itself: English messages, as the API speaks.
 */
z.config(en())

/** Shared field shapes: every string and array has a maximum. */
export const Id = (kind: IdKind) => z.string().check(z.maxLength(40), z.regex(idPattern(kind), `must be a ${kind} id`))
/**
 * What every piece of text a person types must be: in NFC (one form per letter, so equal names compare
 * equal), without hidden characters (controls, bidi overrides, lone surrogates) or piles of marks. Each
 * refusal names its `rule` in the params, for the console to say it in the reader's language.
 */
const readable = (multiline: boolean) =>
  [
    z.normalize('NFC'),
    z.refine<string>((s) => !hasHiddenCharacters(s, multiline), { message: 'must not contain control characters, hidden direction marks or broken characters', params: { rule: 'hidden-characters' } }),
    z.refine<string>((s) => !hasStackedMarks(s), { message: `has too many accents or marks on one letter (at most ${MAX_MARKS_IN_A_ROW})`, params: { rule: 'stacked-marks', max: MAX_MARKS_IN_A_ROW } }),
  ] as const
/** required text: trimmed, not empty, one line */
export const Text = (max = 200) => z.string().check(z.trim(), ...readable(false), z.minLength(1), z.maxLength(max))
/** optional free text: trimmed, may be empty, may span lines */
export const Note = (max: number) => z.string().check(z.trim(), ...readable(true), z.maxLength(max))
/** optional one-line text (other names, a place of birth): trimmed, may be empty */
export const Line = (max: number) => z.string().check(z.trim(), ...readable(false), z.maxLength(max))
/** a person's or a place's name: text with at least one letter, in any script */
export const Name = (max = 200) => Text(max).check(z.refine(hasLetter, { message: 'must contain a letter', params: { rule: 'letter' } }))
/** text kept as sent (machine values, identifiers of other systems) */
export const Raw = (max: number) => z.string().check(z.maxLength(max))
export const Int = (min: number, max: number) => z.int().check(z.gte(min), z.lte(max))
export const Num = (min: number, max: number) => z.number().check(z.gte(min), z.lte(max))
export const Email = z.pipe(z.string().check(z.trim(), z.toLowerCase(), z.maxLength(254)), z.email())
/** a secret or token as sent: not trimmed, between `min` and `max` characters */
export const Secret = (min: number, max: number) => z.string().check(z.minLength(min), z.maxLength(max))
export const Password = z.string().check(z.minLength(12, 'at least 12 characters'), z.maxLength(200))
export const CountryCode = z.string().check(
  z.length(3),
  z.regex(/^[A-Z]{3}$/, 'ISO 3166-1 alpha-3, upper case'),
  z.refine(isCountryCode, 'not an ISO 3166-1 alpha-3 country code'),
)
export const Language = z.enum(['en', 'fr', 'pt', 'es', 'ar', 'sw'])
export const IsoDate = z.iso.date()
export const Timestamp = z.string()

export const Versioned = z.object({
  version: z.int(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
})

/** Query-string paging: a page of 1..200, 50 unless asked. */
export const Cursor = z.optional(Raw(2000))
export const Limit = z._default(z.pipe(z.coerce.number(), Int(1, 200)), 50)
export const PageQuery = z.strictObject({ cursor: Cursor, limit: Limit })

export const pageOf = <T extends z.ZodMiniType>(item: T) => z.object({ items: z.array(item), cursor: z.nullable(z.string()) })
