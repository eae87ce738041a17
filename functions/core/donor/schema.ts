import { z } from 'zod'
import { Id, Text, Versioned } from '../util/schema'

export const DonorInfo = Versioned.extend({ id: Id('donor'), name: Text() })
export type DonorInfo = z.infer<typeof DonorInfo>
export const DonorCreate = z.strictObject({ name: Text() })
