import { currentOwner, sameOwner, session, setSession, type Owner, type Session } from './session'

export type Problem = { status: number; code: string; detail: string; errors?: { path: string; message: string }[]; [k: string]: unknown }

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail)
  }
}

/** A write bound to one user in one country was about to leave under another's token: it was not sent. */
export class NotOwner extends Error {}

/** `owner`: send only under that user's token in that scope (checked again right before each attempt). */
type Options = { body?: unknown; ifMatch?: number; idempotencyKey?: string; auth?: boolean; owner?: Owner }

let refreshing: Promise<boolean> | undefined

async function refresh(): Promise<boolean> {
  const s = session()
  if (!s) return false
  refreshing ??= fetch('/api/v1/auth/refresh', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ refreshToken: s.refreshToken }),
  })
    .then(async (r) => {
      if (!r.ok) {
        if (r.status === 401) setSession(null)
        return false
      }
      setSession((await r.json()) as Session)
      return true
    })
    .finally(() => (refreshing = undefined))
  return refreshing
}

/** Calls the API; problems come back as ApiError with the server's code. An expired token is refreshed once. */
export async function api<T>(method: string, path: string, options: Options = {}): Promise<T> {
  const send = () => {
    // the session can change while a request waits (a switch, another user): checked at the moment of sending
    if (options.owner && !sameOwner(options.owner, currentOwner())) throw new NotOwner(`not sent: made by ${options.owner.userId} in ${options.owner.scope}`)
    const headers: Record<string, string> = {}
    if (options.body !== undefined) headers['Content-Type'] = 'application/json'
    const token = session()?.accessToken
    if (token && options.auth !== false) headers.Authorization = `Bearer ${token}`
    if (options.ifMatch !== undefined) headers['If-Match'] = `"${options.ifMatch}"`
    if (options.idempotencyKey) headers['Idempotency-Key'] = options.idempotencyKey
    return fetch(path, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) })
  }
  let res = await send()
  if (res.status === 401 && options.auth !== false && (await refresh())) res = await send()
  if (res.status === 204) return undefined as T
  const data = await res.json().catch(() => ({}))
  if (!res.ok) throw new ApiError({ status: res.status, code: 'unknown', detail: res.statusText, ...(data as object) } as Problem)
  return data as T
}

export const newIdempotencyKey = () => `web-${crypto.randomUUID()}`

/** A list URL for one page: the cursor, when there is one, appended to the query. */
export const pageUrl = (url: string, cursor: string | null) => (cursor ? `${url}${url.includes('?') ? '&' : '?'}cursor=${encodeURIComponent(cursor)}` : url)
