import * as z from 'zod/mini'
import { CountryCode, Email, Id, Text, Versioned } from '../util/schema'

export const PartnerInfo = z.extend(Versioned, {
  id: Id('partner'),
  name: Text(),
  country: z.optional(CountryCode),
  contactEmail: z.optional(Email),
})
export type PartnerInfo = z.infer<typeof PartnerInfo>

export const PartnerCreate = z.strictObject({
  name: Text(),
  country: z.optional(CountryCode),
  contactEmail: z.optional(Email),
})
