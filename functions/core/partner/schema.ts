import { z } from 'zod'
import { CountryCode, Email, Id, Text, Versioned } from '../util/schema'

export const PartnerInfo = Versioned.extend({
  id: Id('partner'),
  name: Text(),
  country: CountryCode.optional(),
  contactEmail: Email.optional(),
})
export type PartnerInfo = z.infer<typeof PartnerInfo>

export const PartnerCreate = z.strictObject({
  name: Text(),
  country: CountryCode.optional(),
  contactEmail: Email.optional(),
})
