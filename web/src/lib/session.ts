import { createSignal } from 'solid-js'

export type Membership = { userId: string; role: string; scope: { kind: string; id?: string }; scopeName: string; orgUnitId?: string }
export type Session = {
  accessToken: string
  refreshToken: string
  user: { id: string; email: string; name: string }
  membership: Membership
  memberships: Membership[]
}

/**
 * Whose work something on this device is: one user in one scope (a country, a partner ...). A queued write
 * and a draft belong to the owner that made them, and are never sent or shown under another.
 */
export type Owner = { userId: string; scope: string; scopeName: string }

const KEY = 'cadre.session'

function load(): Session | null {
  try {
    return JSON.parse(localStorage.getItem(KEY) ?? 'null') as Session | null
  } catch {
    return null
  }
}

const [session, setSessionSignal] = createSignal<Session | null>(load())
export { session }

const listeners: ((next: Session | null) => void)[] = []
/** Called on every change of session: a sign-in, a switch, a refreshed token, a sign-out or an expiry. */
export const onSessionChange = (listener: (next: Session | null) => void) => void listeners.push(listener)

/** The session survives a reload (and a lost connection); the access token is refreshed as it expires. */
export function setSession(next: Session | null) {
  if (next) localStorage.setItem(KEY, JSON.stringify(next))
  else localStorage.removeItem(KEY)
  setSessionSignal(next)
  for (const listener of listeners) listener(next)
}

export const role = () => session()?.membership.role
export const hasRole = (...roles: string[]) => roles.includes(role() ?? '')

export const scopeKey = (scope: Membership['scope']) => (scope.id ? `${scope.kind}:${scope.id}` : scope.kind)
export const ownerOf = (s: Session): Owner => ({ userId: s.user.id, scope: scopeKey(s.membership.scope), scopeName: s.membership.scopeName })
export const currentOwner = () => {
  const s = session()
  return s ? ownerOf(s) : undefined
}
export const sameOwner = (a: Owner | undefined, b: Owner | undefined) => !!a && !!b && a.userId === b.userId && a.scope === b.scope
