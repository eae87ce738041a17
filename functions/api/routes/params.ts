import * as z from 'zod/mini'
import { FacilityId, NodeId } from '../../core/orgunit/schema'
import { CountryCode, Id } from '../../core/util/schema'

/** Path parameters, one schema per name: the isolation suite fills each name with another tenant's id. */
export const TenantParams = z.strictObject({ tenantId: CountryCode })
export const PartnerParams = z.strictObject({ partnerId: Id('partner') })
export const DonorParams = z.strictObject({ donorId: Id('donor') })
export const UserParams = z.strictObject({ userId: Id('user') })
export const OrgUnitParams = z.strictObject({ orgUnitId: NodeId })
export const FacilityParams = z.strictObject({ facilityId: FacilityId })
export const CadreParams = z.strictObject({ cadreId: Id('cadre') })
export const WorkerParams = z.strictObject({ workerId: Id('worker') })
export const LicenceParams = z.extend(WorkerParams, { licenceId: Id('licence') })
export const DeploymentParams = z.extend(WorkerParams, { deploymentId: Id('deployment') })
export const TenantInvitationParams = z.extend(TenantParams, { invitationId: Id('invitation') })
export const PartnerInvitationParams = z.extend(PartnerParams, { invitationId: Id('invitation') })
export const DonorInvitationParams = z.extend(DonorParams, { invitationId: Id('invitation') })
export const ClientParams = z.strictObject({ clientId: Id('client') })
