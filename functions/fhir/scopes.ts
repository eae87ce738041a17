import type { Actor } from '../core/actor'
import { allows } from '../core/client/schema'
import { AppError } from '../core/error'

/**
 * A system (role `api-client`) reaches a type only through a scope that names it; `read` covers read, search
 * and history, `write` the transaction feed. People are governed by their role alone.
 */
export function assertScope(actor: Actor, type: string, access: 'read' | 'write') {
  if (actor.kind !== 'user' || actor.role !== 'api-client') return
  if (!allows(actor.scopes ?? [], type, access)) throw new AppError(403, 'fhir.scope_missing', `This client has no ${access} access to ${type} (scope system/${type}.${access})`)
}
