import type { PractitionerRole } from '@medplum/fhirtypes'
import type { CadreInfo } from '../../core/cadre/schema'
import type { DeploymentInfo } from '../../core/deployment/schema'
import { occupationByCode } from '../../core/occupation'
import { roleId, toFhirId } from '../ids'
import { idSystem, ISCO08, profile } from '../systems'

const today = () => new Date().toISOString().slice(0, 10)

/** A deployment is active from its start until its end date has passed. */
export const deploymentActive = (d: DeploymentInfo) => d.startDate <= today() && (!d.endDate || d.endDate >= today())

/**
 * A deployment as an mCSD PractitionerRole: who, where (the facility's Location and Organization), as what
 * (the cadre and its ISCO-08 code), and when.
 */
export function toPractitionerRole(tenant: string, d: DeploymentInfo, cadre: CadreInfo | undefined): PractitionerRole {
  const facility = toFhirId(d.facilityId)
  const occupation = cadre ? occupationByCode.get(cadre.iscoCode) : undefined
  return {
    resourceType: 'PractitionerRole',
    id: roleId(d.id, d.workerId),
    meta: { versionId: String(d.version), lastUpdated: d.updatedAt, profile: [profile.practitionerRole] },
    identifier: [{ use: 'secondary', system: idSystem.registry(tenant), value: d.id }],
    active: deploymentActive(d),
    period: { start: d.startDate, ...(d.endDate ? { end: d.endDate } : {}) },
    practitioner: { reference: `Practitioner/${toFhirId(d.workerId)}` },
    organization: { reference: `Organization/${facility}`, display: d.facilityName },
    code: [
      {
        coding: [
          ...(occupation ? [{ system: ISCO08, code: occupation.code, display: occupation.title }] : []),
          ...(cadre ? [{ system: idSystem.cadre(tenant), code: cadre.id, display: cadre.name }] : []),
        ],
        text: d.position,
      },
    ],
    location: [{ reference: `Location/${facility}`, display: d.facilityName }],
  }
}
