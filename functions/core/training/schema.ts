import * as z from 'zod/mini'
import { CountryCode, Id, IsoDate, Note, Num, Text, Versioned } from '../util/schema'

export const trainingKinds = ['pre-service', 'in-service', 'cpd'] as const

export const TrainingCreate = z
  .strictObject({
    kind: z.enum(trainingKinds),
    title: Text(200),
    institution: z.optional(Note(200)),
    country: z.optional(CountryCode),
    startDate: z.optional(IsoDate),
    endDate: z.optional(IsoDate),
    /** CPD points or credit hours */
    credits: z.optional(Num(0, 1000)),
    qualificationAwarded: z.optional(Note(200)),
  })
  .check(z.refine((t) => !t.startDate || !t.endDate || t.endDate >= t.startDate, { message: 'ends on or after its start', path: ['endDate'] }))

export const TrainingInfo = z.extend(Versioned, {
  id: Id('training'),
  workerId: Id('worker'),
  kind: z.enum(trainingKinds),
  title: z.string(),
  institution: z.optional(z.string()),
  country: z.optional(z.string()),
  startDate: z.optional(IsoDate),
  endDate: z.optional(IsoDate),
  credits: z.optional(z.number()),
  qualificationAwarded: z.optional(z.string()),
})
export type TrainingInfo = z.infer<typeof TrainingInfo>
