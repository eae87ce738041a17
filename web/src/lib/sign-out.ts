import { api } from './api'
import { clearDrafts } from './draft'
import { forgetUser, unsentOf } from './outbox'
import { navigate } from './router'
import { session, setSession } from './session'

/** What signing out now would lose: this user's writes the server has not accepted, in every country. */
export const unsentCount = () => {
  const s = session()
  return s ? unsentOf(s.user.id).length : 0
}

/**
 * Signs out and leaves nothing of this user on the device (a shared computer): queued writes, drafts and
 * the session go at once; the server is told too, when it can be reached.
 */
export function signOut() {
  const s = session()
  // started with the token still in place; the device is cleared without waiting for the answer
  void api('POST', '/api/v1/auth/logout').catch(() => undefined)
  if (s) forgetUser(s.user.id)
  clearDrafts()
  setSession(null)
  navigate('/')
}
