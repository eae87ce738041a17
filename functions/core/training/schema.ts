import { z } from 'zod'
import { CountryCode, Id, IsoDate, Text, Versioned } from '../util/schema'

export const trainingKinds = ['pre-service', 'in-service', 'cpd'] as const

export const TrainingCreate = z
  .strictObject({
    kind: z.enum(trainingKinds),
    title: Text(200),
    institution: z.string().trim().max(200).optional(),
    country: CountryCode.optional(),
    startDate: IsoDate.optional(),
    endDate: IsoDate.optional(),
    /** CPD points or credit hours */
    credits: z.number().min(0).max(1000).optional(),
    qualificationAwarded: z.string().trim().max(200).optional(),
  })
  .refine((t) => !t.startDate || !t.endDate || t.endDate >= t.startDate, { message: 'ends on or after its start', path: ['endDate'] })

export const TrainingInfo = Versioned.extend({
  id: Id('training'),
  workerId: Id('worker'),
  kind: z.enum(trainingKinds),
  title: z.string(),
  institution: z.string().optional(),
  country: z.string().optional(),
  startDate: IsoDate.optional(),
  endDate: IsoDate.optional(),
  credits: z.number().optional(),
  qualificationAwarded: z.string().optional(),
})
export type TrainingInfo = z.infer<typeof TrainingInfo>
