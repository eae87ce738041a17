import { z } from 'zod'
import { idPattern, type IdKind } from '../id'
import { isCountryCode } from '../reference/countries'

/** Shared field shapes: every string and array has a maximum. */
export const Id = (kind: IdKind) => z.string().max(40).regex(idPattern(kind), `must be a ${kind} id`)
export const Text = (max = 200) => z.string().trim().min(1).max(max)
export const Email = z.string().trim().toLowerCase().max(254).pipe(z.email())
export const Password = z.string().min(10, 'at least 10 characters').max(200)
export const CountryCode = z
  .string()
  .length(3)
  .regex(/^[A-Z]{3}$/, 'ISO 3166-1 alpha-3, upper case')
  .refine(isCountryCode, 'not an ISO 3166-1 alpha-3 country code')
export const Language = z.enum(['en', 'fr', 'pt', 'es', 'ar', 'sw'])
export const IsoDate = z.iso.date()
export const Timestamp = z.string()

export const Versioned = z.object({
  version: z.number().int(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
})

export const PageQuery = z.strictObject({
  cursor: z.string().max(2000).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
})

export const pageOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), cursor: z.string().nullable() })
