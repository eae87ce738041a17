import type { CodeableConcept, Identifier, Location, Organization } from '@medplum/fhirtypes'
import type { OrgUnitInfo } from '../../core/orgunit/schema'
import { toFhirId } from '../ids'
import { cadreCodes, HL7, idSystem, MCSD_TYPES, profile } from '../systems'

/** The HL7 service-delivery location type closest to each facility type (none for `other`). */
const serviceType: Record<string, [string, string] | undefined> = {
  hospital: ['HOSP', 'Hospital'],
  'health-centre': ['PC', 'Primary care clinic'],
  dispensary: ['OF', 'Outpatient facility'],
  clinic: ['OF', 'Outpatient facility'],
  laboratory: ['DX', 'Diagnostics or therapeutics unit'],
  pharmacy: ['PHARM', 'Pharmacy'],
  'training-institution': ['SCHOOL', 'school'],
}

const isFacility = (u: OrgUnitInfo) => u.kind === 'facility'

function identifiers(tenant: string, u: OrgUnitInfo): Identifier[] {
  const out: Identifier[] = [{ use: 'secondary', system: idSystem.registry(tenant), value: u.id }]
  if (u.codes?.mfl) out.push({ use: 'official', system: idSystem.mfl(tenant), value: u.codes.mfl })
  if (u.codes?.dhis2) out.push({ use: 'official', system: idSystem.dhis2(tenant), value: u.codes.dhis2 })
  return out
}

const mcsdType = (u: OrgUnitInfo): CodeableConcept => ({
  coding: [isFacility(u) ? { system: MCSD_TYPES, code: 'facility', display: 'Facility' } : { system: MCSD_TYPES, code: 'jurisdiction', display: 'Jurisdiction' }],
})

/** What kind of facility (ours and HL7's), or what level of the hierarchy (the country's own word). */
function kindType(u: OrgUnitInfo): CodeableConcept | undefined {
  if (isFacility(u) && u.facilityType) {
    const hl7 = serviceType[u.facilityType]
    return {
      coding: [{ system: cadreCodes.facilityType, code: u.facilityType }, ...(hl7 ? [{ system: HL7.roleCode, code: hl7[0], display: hl7[1] }] : [])],
      text: u.facilityType,
    }
  }
  return u.level ? { text: u.level } : undefined
}

const meta = (u: OrgUnitInfo, p: string) => ({ versionId: String(u.version), lastUpdated: u.updatedAt, profile: [p] })

/** Each jurisdiction and facility is a Location paired with an Organization of the same id (mCSD 4.0). */
export function toLocation(tenant: string, u: OrgUnitInfo): Location {
  const kind = kindType(u)
  return {
    resourceType: 'Location',
    id: toFhirId(u.id),
    meta: meta(u, isFacility(u) ? profile.facilityLocation : profile.jurisdictionLocation),
    identifier: identifiers(tenant, u),
    status: 'active',
    name: u.name,
    type: [mcsdType(u), ...(kind ? [kind] : [])],
    physicalType: isFacility(u)
      ? { coding: [{ system: HL7.physicalType, code: 'bu', display: 'Building' }] }
      : { coding: [{ system: HL7.physicalType, code: 'jdn', display: 'Jurisdiction' }] },
    ...(u.coordinates ? { position: { latitude: u.coordinates.lat, longitude: u.coordinates.lng } } : {}),
    managingOrganization: { reference: `Organization/${toFhirId(u.id)}`, display: u.name },
    ...(u.parentId ? { partOf: { reference: `Location/${toFhirId(u.parentId)}` } } : {}),
  }
}

export function toOrganization(tenant: string, u: OrgUnitInfo): Organization {
  const kind = kindType(u)
  const orgType: CodeableConcept = isFacility(u)
    ? { coding: [{ system: HL7.organizationType, code: 'prov', display: 'Healthcare Provider' }] }
    : { coding: [{ system: HL7.organizationType, code: 'govt', display: 'Government' }] }
  return {
    resourceType: 'Organization',
    id: toFhirId(u.id),
    meta: meta(u, isFacility(u) ? profile.facilityOrganization : profile.jurisdictionOrganization),
    identifier: identifiers(tenant, u),
    active: true,
    type: [mcsdType(u), orgType, ...(kind ? [kind] : []), ...(u.ownership ? [{ coding: [{ system: cadreCodes.ownership, code: u.ownership }] }] : [])],
    name: u.name,
    ...(u.parentId ? { partOf: { reference: `Organization/${toFhirId(u.parentId)}` } } : {}),
  }
}
