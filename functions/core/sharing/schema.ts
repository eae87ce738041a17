import * as z from 'zod/mini'
import { breakdowns, indicatorIds } from '../indicator/definitions'
import { Int, Timestamp, Versioned } from '../util/schema'

/**
 * Who a figure may go to: the partner that supports the country, one named donor, every donor, or the
 * ministries of other countries (peers). Nothing is shared unless a grant says so.
 */
export const Recipient = z.string().check(z.regex(/^(partners|donors|peers|donor:dnr_[0-9a-z]{26})$/, 'partners, donors, peers or donor:<donor id>'))

export const GrantInput = z.strictObject({
  indicator: z.enum(indicatorIds),
  breakdown: z.enum(breakdowns),
  recipient: Recipient,
  /** also frozen years not yet approved (live figures never leave the country) */
  drafts: z._default(z.boolean(), false),
})
export const Grant = z.extend(GrantInput, { grantedAt: Timestamp, grantedBy: z.string() })
export type Grant = z.infer<typeof Grant>

/** Threshold: the smallest count that may leave the country; 5 at least, a country may raise it. */
export const SharingInput = z.strictObject({
  threshold: z._default(Int(5, 100), 5),
  grants: z.array(GrantInput).check(z.maxLength(300)),
})

export const SharingPolicy = z.extend(Versioned, { threshold: z.int(), grants: z.array(Grant) })
export type SharingPolicy = z.infer<typeof SharingPolicy>

export const SummaryQuery = z.strictObject({
  /** none: the countries that share with you and what; an indicator: its tables, country by country */
  indicator: z.optional(z.enum(indicatorIds)),
  breakdown: z.optional(z.enum(breakdowns)),
  period: z.optional(z.pipe(z.coerce.number(), Int(2000, 2100))),
})
