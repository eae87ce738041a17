import * as z from 'zod/mini'
import { CountryCode, Id, IsoDate, Note, Versioned } from '../util/schema'

export const exitKinds = ['voluntary', 'involuntary'] as const
export const exitReasons = ['resignation', 'retirement', 'death', 'dismissal', 'emigration', 'end-of-contract', 'dual-practice', 'other'] as const

export const ExitCreate = z
  .strictObject({
    kind: z.enum(exitKinds),
    reason: z.enum(exitReasons),
    date: IsoDate,
    /** where an emigrating worker went: the migration flows of NHWA */
    destinationCountry: z.optional(CountryCode),
    note: z.optional(Note(1000)),
  })
  .check(z.refine((e) => e.reason !== 'emigration' || !!e.destinationCountry, { message: 'say where the worker emigrated to', path: ['destinationCountry'] }))

export const ExitInfo = z.extend(Versioned, {
  id: Id('exit'),
  workerId: Id('worker'),
  kind: z.enum(exitKinds),
  reason: z.enum(exitReasons),
  date: IsoDate,
  destinationCountry: z.optional(z.string()),
  note: z.optional(z.string()),
})
export type ExitInfo = z.infer<typeof ExitInfo>
