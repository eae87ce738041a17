import { createSignal } from 'solid-js'

export type Membership = { userId: string; role: string; scope: { kind: string; id?: string }; scopeName: string; orgUnitId?: string }
export type Session = {
  accessToken: string
  refreshToken: string
  user: { id: string; email: string; name: string }
  membership: Membership
  memberships: Membership[]
}

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

/** The session survives a reload (and a lost connection); the access token is refreshed as it expires. */
export function setSession(next: Session | null) {
  if (next) localStorage.setItem(KEY, JSON.stringify(next))
  else localStorage.removeItem(KEY)
  setSessionSignal(next)
}

export const role = () => session()?.membership.role
export const hasRole = (...roles: string[]) => roles.includes(role() ?? '')
