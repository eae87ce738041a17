import type { Resource } from '@medplum/fhirtypes'
import type { Context } from 'hono'
import type { Role } from '../core/auth/roles'
import type { TypeDef } from './search/types'

export interface FhirRequest {
  c: Context
  /** the resource type named in the path, when the route has one */
  def: TypeDef<Resource>
  id: string
  versionId: string
  /** query parameters, then (POST _search) form parameters, in order */
  params: [string, string][]
  /** `Prefer: handling=lenient`: unknown search parameters are ignored instead of refused */
  lenient: boolean
  /** `https://host/fhir/KEN`, for fullUrls and links */
  base: string
  url: URL
}

export interface FhirResponse {
  status?: number
  body: Resource
  headers?: Record<string, string>
}

/**
 * One declaration per FHIR interaction, as the JSON API's route table does: the mount, the
 * CapabilityStatement and the isolation tests all come from it. Paths are relative to `/fhir/:tenantId`.
 */
export interface FhirRoute {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE'
  path: string
  interaction: 'capabilities' | 'read' | 'vread' | 'search-type' | 'history-type' | 'history-instance' | 'transaction' | 'async-status'
  summary: string
  /** `public` answers without a token and without touching the tenant (the CapabilityStatement only) */
  access: 'public' | readonly Role[]
  handler(req: FhirRequest): Promise<FhirResponse>
}
