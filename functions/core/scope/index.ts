import { useActor } from '../actor'
import { keys } from '../db/keys'
import { getItem } from '../db/read'
import { notFound } from '../error'
import { refused } from '../security/probe'

/**
 * The org-unit subtree a scoped user (a district manager, a scoped registrar or viewer) is confined to:
 * the path of their unit, or undefined for a country-wide role. Read once per request.
 */
const cache = new WeakMap<object, Promise<string | undefined>>()

export function scopePath(): Promise<string | undefined> {
  const actor = useActor()
  if (actor.kind !== 'user' || !actor.orgUnitId) return Promise.resolve(undefined)
  let hit = cache.get(actor)
  if (!hit) {
    hit = getItem<{ path: string }>(keys.orgUnit(actor.orgUnitId)).then((u) => u?.path ?? `/${actor.orgUnitId}/`)
    cache.set(actor, hit)
  }
  return hit
}

/** Anything outside the caller's subtree does not exist for them (and asking is noted as a probe). */
export async function assertInScope(path: string | undefined, what: string) {
  const scope = await scopePath()
  if (scope && !(path ?? '').startsWith(scope)) throw refused(notFound(what), 'out-of-scope')
}

/**
 * Narrows a requested subtree to the caller's: a district manager asking for the whole country gets their
 * district. `null` means the request lies wholly outside the caller's subtree (an empty answer).
 */
export async function effectivePath(requested: string | undefined): Promise<string | undefined | null> {
  const scope = await scopePath()
  if (!scope) return requested
  if (!requested || scope.startsWith(requested)) return scope
  if (requested.startsWith(scope)) return requested
  return null
}
