import * as z from 'zod/mini'
import { Limit, Raw } from '../util/schema'

/**
 * What a probe looks like from the server, while the caller is answered exactly as for a missing resource:
 * - `cross-tenant`: a token of one country (or partner) was refused another's resource
 * - `out-of-scope`: a scoped user (a district manager ...) asked for something outside their subtree
 * - `not-found`: repeated 404s on person ids (another country's ids, or guessed ones)
 */
export const ProbeKind = z.enum(['cross-tenant', 'out-of-scope', 'not-found'])
export type ProbeKind = z.infer<typeof ProbeKind>

export const SecurityEvent = z.object({
  id: z.string(),
  at: z.string(),
  kind: ProbeKind,
  /** how many probes of this kind the user made in the current ten-minute window, this one included */
  count: z.number(),
  /** the route and the resource asked for, and the answer given */
  route: z.string(),
  resource: z.string(),
  status: z.number(),
  code: z.string(),
  actor: z.object({ id: z.string(), email: z.string(), role: z.string() }),
  tenantId: z.optional(z.string()),
  partnerId: z.optional(z.string()),
  client: z.optional(z.string()),
  requestId: z.string(),
})
export type SecurityEvent = z.infer<typeof SecurityEvent>

/** `cursor` is opaque to callers: the day and the last event returned */
export const SecurityEventQuery = z.strictObject({ cursor: z.optional(Raw(100)), limit: Limit })
