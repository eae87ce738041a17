import type { Resource } from '@medplum/fhirtypes'
import type { TypeDef } from '../search/types'
import { locationType, organizationType } from './orgunit'
import { practitionerType } from './practitioner'
import { practitionerRoleType } from './practitioner-role'
import { endpointType, healthcareServiceType, organizationAffiliationType } from './stored'

/** The resource types the Directory serves, by name. */
export const resourceTypes: Record<string, TypeDef<Resource>> = Object.fromEntries(
  [practitionerType, practitionerRoleType, locationType, organizationType, healthcareServiceType, endpointType, organizationAffiliationType].map((t) => [t.type, t as unknown as TypeDef<Resource>]),
)
