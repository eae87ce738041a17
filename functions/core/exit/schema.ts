import { z } from 'zod'
import { CountryCode, Id, IsoDate, Versioned } from '../util/schema'

export const exitReasons = ['resignation', 'retirement', 'death', 'dismissal', 'emigration', 'end-of-contract', 'dual-practice', 'other'] as const

export const ExitCreate = z
  .strictObject({
    kind: z.enum(['voluntary', 'involuntary']),
    reason: z.enum(exitReasons),
    date: IsoDate,
    /** where an emigrating worker went: the migration flows of NHWA */
    destinationCountry: CountryCode.optional(),
    note: z.string().trim().max(1000).optional(),
  })
  .refine((e) => e.reason !== 'emigration' || !!e.destinationCountry, { message: 'say where the worker emigrated to', path: ['destinationCountry'] })

export const ExitInfo = Versioned.extend({
  id: Id('exit'),
  workerId: Id('worker'),
  kind: z.enum(['voluntary', 'involuntary']),
  reason: z.enum(exitReasons),
  date: IsoDate,
  destinationCountry: z.string().optional(),
  note: z.string().optional(),
})
export type ExitInfo = z.infer<typeof ExitInfo>
