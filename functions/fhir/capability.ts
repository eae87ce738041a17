import type { CapabilityStatement, CapabilityStatementRestResource } from '@medplum/fhirtypes'
import { resourceTypes } from './resources'
import { MCSD, MCSD_IG } from './systems'

/** The interactions every served type offers; the route table serves each of them for every type. */
const interactions = ['read', 'vread', 'search-type', 'history-type', 'history-instance'] as const

/**
 * What this server is: the mCSD Directory (ITI-90 search, ITI-91 history) over the registry. Built from the
 * type definitions that serve the searches, so it cannot promise a parameter that is not implemented.
 */
export function capabilityStatement(base: string): CapabilityStatement {
  const resource = Object.values(resourceTypes).map(
    (def): CapabilityStatementRestResource => ({
      type: def.type,
      profile: def.profiles[0],
      supportedProfile: def.profiles,
      interaction: interactions.map((code) => ({ code })),
      versioning: 'versioned',
      readHistory: false,
      // in the ITI-130 feed: ifNoneExist and PUT Type?identifier=system|value
      conditionalCreate: true,
      conditionalUpdate: true,
      conditionalDelete: 'not-supported',
      searchInclude: Object.keys(def.includes),
      searchRevInclude: Object.keys(def.revincludes),
      searchParam: Object.entries(def.params).map(([name, p]) => ({ name, type: p.type, documentation: p.documentation })),
    }),
  )
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: '2026-01-01',
    publisher: 'Cadre',
    kind: 'instance',
    instantiates: [`${MCSD}/CapabilityStatement/IHE.mCSD.Directory`, `${MCSD}/CapabilityStatement/IHE.mCSD.Directory.Update`],
    implementation: { description: 'Cadre health workforce registry: IHE mCSD Directory', url: base },
    implementationGuide: [MCSD_IG],
    fhirVersion: '4.0.1',
    // XML through FHIR.js, loaded only when asked for (xml.ts)
    format: ['application/fhir+json', 'json', 'application/fhir+xml', 'xml'],
    rest: [
      {
        mode: 'server',
        documentation: 'IHE ITI mCSD: ITI-90 Find Matching Care Services, ITI-91 Request Care Services Updates and ITI-130 Care Services Feed',
        security: { cors: false, description: 'Bearer access token of a country role (the token names the country; a district manager sees its subtree)' },
        resource,
        interaction: [{ code: 'batch', documentation: 'ITI-130 entry by entry: each entry planned and written on its own (more than 200 entries, or Prefer: respond-async: 202 Accepted and a status URL, as for a transaction)' }, { code: 'transaction', documentation: 'ITI-130: Organization, Location, Practitioner and PractitionerRole become registry records, HealthcareService, Endpoint and OrganizationAffiliation are kept as received; every entry checked before any is written; matched by id or identifier. More than 200 entries, or Prefer: respond-async, is answered 202 Accepted with the status URL in Content-Location ([base]/$status/[id]: 202 with X-Progress while it is written, then the transaction-response)' }],
        searchParam: [
          { name: '_count', type: 'number', documentation: `Page size (at most 200)` },
          { name: '_since', type: 'date', documentation: 'On _history: changes at or after this instant' },
        ],
      },
    ],
  }
}
