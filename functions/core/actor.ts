import { AsyncLocalStorage } from 'node:async_hooks'
import { AppError } from './error'
import type { Role } from './auth/roles'

/** Who is acting. Set once per request from the verified token; read by key builders and audit. */
export type Actor =
  | { kind: 'public'; requestId: string; client?: string }
  | { kind: 'system'; requestId: string; tenantId?: string; reason: string }
  | {
      kind: 'user'
      requestId: string
      userId: string
      email: string
      role: Role
      sessionId: string
      tenantId?: string
      partnerId?: string
      donorId?: string
      /** a scoped tenant role sees only this org unit's subtree */
      orgUnitId?: string
      /** the caller's network address (see functions/api/client-address.ts) */
      client?: string
      /** an API client's scopes (role `api-client`): what it may read or write in the FHIR Directory */
      scopes?: string[]
    }

const storage = new AsyncLocalStorage<Actor>()

export const withActor = <T>(actor: Actor, fn: () => T): T => storage.run(actor, fn)

export function useActor(): Actor {
  const actor = storage.getStore()
  if (!actor) throw new Error('no actor in context')
  return actor
}

export function useUser() {
  const actor = useActor()
  if (actor.kind !== 'user') throw new AppError(401, 'auth.required', 'Sign in first')
  return actor
}

/** The tenant every tenant-scoped key is built for. There is no way to pass another one in. */
export function useTenant(): string {
  const actor = useActor()
  if (actor.kind !== 'public' && actor.tenantId) return actor.tenantId
  throw new AppError(403, 'tenant.required', 'This needs a country (tenant) role')
}

/**
 * Runs `fn` as the system acting inside one tenant: only for platform and partner operations that have
 * already checked the caller's right to that tenant (provisioning, offboarding, seeding).
 */
export function asTenantSystem<T>(tenantId: string, reason: string, fn: () => T): T {
  const outer = storage.getStore()
  const requestId = outer?.requestId ?? 'system'
  if (outer?.kind === 'user') return storage.run({ ...outer, tenantId, orgUnitId: undefined }, fn)
  return storage.run({ kind: 'system', requestId, tenantId, reason }, fn)
}

/** Identity for audit events. */
export function actorRef() {
  const actor = useActor()
  if (actor.kind === 'user' && actor.role === 'api-client') return { type: 'client', id: actor.userId, email: actor.email, role: actor.role }
  if (actor.kind === 'user') return { type: 'user', id: actor.userId, email: actor.email, role: actor.role }
  if (actor.kind === 'system') return { type: 'system', id: actor.reason }
  return { type: 'public', id: 'anonymous' }
}
