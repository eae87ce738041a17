import { AppError } from '../core/error'

/**
 * FHIR ids allow `[A-Za-z0-9\-.]{1,64}`, no underscore: the registry's `wrk_…` is `wrk-…` in FHIR. Registry ids
 * never contain `-`, so the mapping is one-to-one both ways.
 */
export const toFhirId = (id: string) => id.replace('_', '-')
export const fromFhirId = (id: string) => id.replace('-', '_')

/**
 * A deployment lives in its worker's partition, so its FHIR id names both: `dep-<ulid>.wrk-<ulid>`
 * (61 characters). A read then costs one GetItem, with no index of deployments by id.
 */
export const roleId = (deploymentId: string, workerId: string) => `${toFhirId(deploymentId)}.${toFhirId(workerId)}`
export function parseRoleId(id: string) {
  const m = /^dep-([0-9a-z]{26})\.wrk-([0-9a-z]{26})$/.exec(id)
  return m ? { deploymentId: `dep_${m[1]}`, workerId: `wrk_${m[2]}` } : undefined
}

const patterns = {
  worker: /^wrk-[0-9a-z]{26}$/,
  orgUnit: /^(ou|fac)-[0-9a-z]{26}$/,
}

/** The registry id behind a FHIR id of the given kind, or undefined when it cannot name one. */
export function registryId(kind: keyof typeof patterns, fhirId: string) {
  return patterns[kind].test(fhirId) ? fromFhirId(fhirId) : undefined
}

export const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/
export function assertFhirId(id: string) {
  if (!FHIR_ID.test(id)) throw new AppError(400, 'fhir.invalid_id', `"${id.slice(0, 80)}" is not a FHIR id`)
}
