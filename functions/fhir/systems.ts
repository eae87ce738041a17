/**
 * The URIs this Directory speaks: mCSD's own code system and profiles, HL7 terminology, and the registry's
 * identifier systems, which are per country (a national id means something only within its country).
 */
export const MCSD = 'https://profiles.ihe.net/ITI/mCSD'
export const MCSD_TYPES = `${MCSD}/CodeSystem/IHE.mCSD.Organization.Location.Types`
/** mCSD 3.x typed facilities and jurisdictions with these URNs; feeds still send them */
export const MCSD_LEGACY_TYPES = 'urn:ietf:rfc:3986'
export const MCSD_IG = `${MCSD}/ImplementationGuide/ihe.iti.mcsd`

export const profile = {
  practitioner: `${MCSD}/StructureDefinition/IHE.mCSD.Practitioner`,
  practitionerRole: `${MCSD}/StructureDefinition/IHE.mCSD.PractitionerRole`,
  location: `${MCSD}/StructureDefinition/IHE.mCSD.Location`,
  facilityLocation: `${MCSD}/StructureDefinition/IHE.mCSD.FacilityLocation`,
  jurisdictionLocation: `${MCSD}/StructureDefinition/IHE.mCSD.JurisdictionLocation`,
  organization: `${MCSD}/StructureDefinition/IHE.mCSD.Organization`,
  facilityOrganization: `${MCSD}/StructureDefinition/IHE.mCSD.FacilityOrganization`,
  jurisdictionOrganization: `${MCSD}/StructureDefinition/IHE.mCSD.JurisdictionOrganization`,
  healthcareService: `${MCSD}/StructureDefinition/IHE.mCSD.HealthcareService`,
  endpoint: `${MCSD}/StructureDefinition/IHE.mCSD.Endpoint`,
  organizationAffiliation: `${MCSD}/StructureDefinition/IHE.mCSD.OrganizationAffiliation`,
}

export const HL7 = {
  identifierType: 'http://terminology.hl7.org/CodeSystem/v2-0203',
  roleCode: 'http://terminology.hl7.org/CodeSystem/v3-RoleCode',
  physicalType: 'http://terminology.hl7.org/CodeSystem/location-physical-type',
  organizationType: 'http://terminology.hl7.org/CodeSystem/organization-type',
}

/** ISCO-08, the ILO's occupation classification that WHO NHWA reports on */
export const ISCO08 = 'http://www.ilo.org/public/english/bureau/stat/isco/isco08'

const CADRE = 'https://cadre.health/fhir'
export const cadreCodes = {
  facilityType: `${CADRE}/CodeSystem/facility-type`,
  ownership: `${CADRE}/CodeSystem/ownership`,
  licenceStatus: `${CADRE}/StructureDefinition/licence-status`,
  trainingKind: `${CADRE}/CodeSystem/training-kind`,
}

/** Identifier systems of one country's registry. */
export const idSystem = {
  nationalId: (tenant: string) => `${CADRE}/sid/${tenant}/national-id`,
  registryNumber: (tenant: string) => `${CADRE}/sid/${tenant}/registry-number`,
  /** licence numbers are unique per council: one system per council */
  licence: (tenant: string, councilKey: string) => `${CADRE}/sid/${tenant}/licence/${councilKey}`,
  licencePrefix: (tenant: string) => `${CADRE}/sid/${tenant}/licence/`,
  mfl: (tenant: string) => `${CADRE}/sid/${tenant}/mfl`,
  dhis2: (tenant: string) => `${CADRE}/sid/${tenant}/dhis2`,
  /** the registry's own id, for systems that keep it */
  registry: (tenant: string) => `${CADRE}/sid/${tenant}/registry-id`,
  /** a country's cadres, the local codes beside ISCO-08 */
  cadre: (tenant: string) => `${CADRE}/sid/${tenant}/cadre`,
}
