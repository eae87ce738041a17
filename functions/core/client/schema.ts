import * as z from 'zod/mini'
import { Id, Text, Timestamp, Versioned } from '../util/schema'

/** The FHIR resource types of the mCSD Directory: what a system's scopes can name. */
export const directoryTypes = ['Practitioner', 'PractitionerRole', 'Location', 'Organization', 'HealthcareService', 'Endpoint', 'OrganizationAffiliation'] as const

/**
 * SMART-style system scopes: `system/<Type>.<read|write|*>`, `*` for every type. `read` covers read, search
 * and history; `write` covers the transaction feed. Nothing else: a client never reaches the JSON API.
 */
export const scopePattern = new RegExp(`^system/(${[...directoryTypes, '\\*'].join('|')})\\.(read|write|\\*)$`)
export const ClientScope = z.string().check(z.maxLength(60), z.regex(scopePattern, 'a scope such as system/Practitioner.read or system/*.read'))

export const ClientCreate = z.strictObject({
  name: Text(120),
  scopes: z.array(ClientScope).check(z.minLength(1), z.maxLength(20)),
})

export const ClientInfo = z.extend(Versioned, {
  id: Id('client'),
  name: z.string(),
  scopes: z.array(z.string()),
  status: z.enum(['active', 'revoked']),
  createdBy: z.string(),
  /** when the current secret was issued: a rotation replaces it */
  secretIssuedAt: Timestamp,
  lastTokenAt: z.optional(Timestamp),
})
export type ClientInfo = z.infer<typeof ClientInfo>

/** The secret is shown once, in the answer that creates or rotates it, and never stored in clear. */
export const ClientIssued = z.extend(ClientInfo, { clientId: z.string(), clientSecret: z.string(), tokenUrl: z.string() })

/** Does a set of granted scopes allow `access` to `type`? */
export function allows(scopes: readonly string[], type: string, access: 'read' | 'write') {
  return scopes.some((s) => {
    const m = scopePattern.exec(s)
    return !!m && (m[1] === '*' || m[1] === type) && (m[2] === '*' || m[2] === access)
  })
}
