import * as z from 'zod/mini'
import { occupationCodes } from '../occupation'
import { Id, Note, Raw, Text, Versioned } from '../util/schema'

/** A country's own cadre ("Kenya Registered Community Health Nurse"), mapped to one ISCO-08 code. */
export const CadreInfo = z.extend(Versioned, {
  id: Id('cadre'),
  name: Text(),
  iscoCode: z.enum(occupationCodes),
  description: z.optional(Raw(1000)),
})
export type CadreInfo = z.infer<typeof CadreInfo>

export const CadreCreate = z.strictObject({
  name: Text(),
  iscoCode: z.enum(occupationCodes),
  description: z.optional(Note(1000)),
})
export const CadreUpdate = z.partial(CadreCreate)
export type CadreUpdate = z.infer<typeof CadreUpdate>
