import { z } from 'zod'
import { occupationCodes } from '../occupation'
import { Id, Text, Versioned } from '../util/schema'

/** A country's own cadre ("Kenya Registered Community Health Nurse"), mapped to one ISCO-08 code. */
export const CadreInfo = Versioned.extend({
  id: Id('cadre'),
  name: Text(),
  iscoCode: z.enum(occupationCodes),
  description: z.string().max(1000).optional(),
})
export type CadreInfo = z.infer<typeof CadreInfo>

export const CadreCreate = z.strictObject({
  name: Text(),
  iscoCode: z.enum(occupationCodes),
  description: z.string().trim().max(1000).optional(),
})
export const CadreUpdate = CadreCreate.partial()
export type CadreUpdate = z.infer<typeof CadreUpdate>
