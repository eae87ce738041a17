import { z } from 'zod'
import { CountryCode, Id } from '../../core/util/schema'

/** Path parameters, one schema per name: the isolation suite fills each name with another tenant's id. */
export const TenantParams = z.strictObject({ tenantId: CountryCode })
export const PartnerParams = z.strictObject({ partnerId: Id('partner') })
export const DonorParams = z.strictObject({ donorId: Id('donor') })
export const UserParams = z.strictObject({ userId: Id('user') })
