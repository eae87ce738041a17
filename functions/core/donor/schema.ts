import * as z from 'zod/mini'
import { Id, Text, Versioned } from '../util/schema'

export const DonorInfo = z.extend(Versioned, { id: Id('donor'), name: Text() })
export type DonorInfo = z.infer<typeof DonorInfo>
export const DonorCreate = z.strictObject({ name: Text() })
