import { createSignal } from 'solid-js'

/** What a user types is saved as they type, so a reload (or a dead battery) loses nothing. */
export function createDraft(key: string, initial: Record<string, string> = {}) {
  const storageKey = `cadre.draft.${key}`
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
