import { useActor } from '../actor'
import { keys } from '../db/keys'
import { getItem } from '../db/read'
import { notFound } from '../error'
import { refused } from '../security/probe'

/**
 * The org-unit subtree a scoped user (a district manager, a scoped registrar or viewer) is confined to:
 * the path of their unit, or undefined for a country-wide role. Read once per request, and kept a few
 * seconds per process by unit: a unit's path changes only when the unit moves, and a path is made of unit
 * ids, so one a few seconds old still names the same subtree (the part of it not yet moved). For those
 * seconds after a move it can hide the user's moved records, as the move itself does until its job has
 * reached them; it can never show anything outside the user's unit.
 */
const cache = new WeakMap<object, Promise<string | undefined>>()
const SCOPE_CACHE_MS = 5000
const recent = new Map<string, { path: Promise<string>; at: number }>()

export function scopePath(): Promise<string | undefined> {
  const actor = useActor()
  if (actor.kind !== 'user' || !actor.orgUnitId) return Promise.resolve(undefined)
  let hit = cache.get(actor)
  if (!hit) {
    hit = unitPath(`${actor.tenantId}/${actor.orgUnitId}`, actor.orgUnitId)
    cache.set(actor, hit)
  }
  return hit
}

function unitPath(key: string, orgUnitId: string) {
  const kept = recent.get(key)
  if (kept && Date.now() - kept.at < SCOPE_CACHE_MS) return kept.path
  const path = getItem<{ path: string }>(keys.orgUnit(orgUnitId)).then((u) => u?.path ?? `/${orgUnitId}/`)
  if (recent.size > 10_000) recent.clear()
  recent.set(key, { path, at: Date.now() })
  // a failed read is not kept: the next request reads again
  path.catch(() => recent.delete(key))
  return path
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
