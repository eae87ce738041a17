import { createSignal } from 'solid-js'
import { currentOwner, onSessionChange, ownerOf, session, type Owner, type Session } from './session'

/**
 * What a user types is saved as they type, so a reload (or a dead battery) loses nothing. A draft belongs to
 * the user and the country it was typed in: a switch of country or of user, or a sign-out, removes it.
 */
const PREFIX = 'cadre.draft.'
const ownerPrefix = (owner: Owner | undefined) => (owner ? `${PREFIX}${owner.userId}.${owner.scope}.` : undefined)

export function createDraft(key: string, initial: Record<string, string> = {}) {
  const storageKey = `${ownerPrefix(currentOwner()) ?? PREFIX}${key}`
  let saved: Record<string, string> | null = null
  try {
    saved = JSON.parse(localStorage.getItem(storageKey) ?? 'null')
  } catch {
    saved = null
  }
  const [values, setValues] = createSignal<Record<string, string>>({ ...initial, ...(saved ?? {}) })
  return {
    values,
    restored: !!saved,
    get: (name: string) => values()[name] ?? '',
    set(name: string, value: string) {
      const next = { ...values(), [name]: value }
      setValues(next)
      localStorage.setItem(storageKey, JSON.stringify(next))
    },
    clear() {
      localStorage.removeItem(storageKey)
      setValues({ ...initial })
    },
  }
}

/** Removes every draft on the device except those of `keep` (none when signing out). */
export function clearDrafts(keep?: Owner) {
  const mine = ownerPrefix(keep)
  const stale = Array.from({ length: localStorage.length }, (_, i) => localStorage.key(i)).filter((k): k is string => !!k && k.startsWith(PREFIX) && !(mine && k.startsWith(mine)))
  for (const k of stale) localStorage.removeItem(k)
}

// an expired session keeps its drafts for its author's return; anyone else arriving clears them
const sessionChanged = (next: Session | null) => next && clearDrafts(ownerOf(next))
onSessionChange(sessionChanged)
sessionChanged(session())
