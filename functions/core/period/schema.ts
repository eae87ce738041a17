import * as z from 'zod/mini'
import { Int, Text, Timestamp, Versioned } from '../util/schema'

export const periodStates = ['open', 'frozen', 'approved'] as const
export const PeriodState = z.enum(periodStates)

/** A reporting year. Open: figures are live. Frozen: a snapshot later edits do not change. Approved: may leave the country. */
export const PeriodInfo = z.extend(Versioned, {
  year: z.int(),
  state: PeriodState,
  /** which snapshot is current: each freeze makes a new one, a reopened year keeps the old ones */
  revision: z.int(),
  frozenAt: z.optional(Timestamp),
  frozenBy: z.optional(z.string()),
  approvedAt: z.optional(Timestamp),
  approvedBy: z.optional(z.string()),
  history: z.array(z.object({ action: z.string(), at: Timestamp, by: z.string(), reason: z.optional(z.string()) })),
})
export type PeriodInfo = z.infer<typeof PeriodInfo>

export const PeriodParams = z.strictObject({ year: z.pipe(z.coerce.number(), Int(2000, 2100)) })
export const ReopenInput = z.strictObject({ reason: Text(500) })
