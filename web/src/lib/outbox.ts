import { createSignal } from 'solid-js'
import { api, ApiError, newIdempotencyKey, NotOwner, type Problem } from './api'
import { problemText } from './problems'
import { currentOwner, onSessionChange, sameOwner, session, type Owner, type Session } from './session'

/**
 * Writes survive a bad connection: each is kept in localStorage with its Idempotency-Key until the server
 * has answered, and retried when the browser is back online (or every few seconds). Repeating a write is
 * safe: the server answers a repeated key with the first result. A 412 keeps the write as a conflict for
 * the user to resolve, with both versions; other refusals are kept with their explanation in the reader's words.
 *
 * On a shared computer, each write belongs to the user and the country that made it (`owner`): it is sent
 * and shown only while that user is signed in to that country. Switching country holds it until the switch
 * back; another user signing in, or its author signing out, removes it from the device.
 */
export type Op = {
  id: string
  label: string
  method: 'POST' | 'PATCH' | 'DELETE'
  path: string
  body?: Record<string, unknown>
  ifMatch?: number
  /** the record's resource, read again to show the server's version on a conflict */
  resource?: string
  key: string
  state: 'pending' | 'conflict' | 'failed'
  error?: string
  server?: Record<string, unknown>
  createdAt: string
  owner: Owner
}

const KEY = 'cadre.outbox'
const load = (): Op[] => {
  try {
    const saved = JSON.parse(localStorage.getItem(KEY) ?? '[]') as Op[]
    // a write queued before writes had owners can only be trusted to the session it was queued under
    const owner = currentOwner()
    return saved.flatMap((o) => (o.owner ? [o] : owner ? [{ ...o, owner }] : []))
  } catch {
    return []
  }
}
const [allOps, setOpsSignal] = createSignal<Op[]>(load())
const setOps = (next: Op[]) => {
  if (next.length) localStorage.setItem(KEY, JSON.stringify(next))
  else localStorage.removeItem(KEY)
  setOpsSignal(next)
}
const update = (id: string, patch: Partial<Op>) => setOps(allOps().map((o) => (o.id === id ? { ...o, ...patch } : o)))
const remove = (id: string) => setOps(allOps().filter((o) => o.id !== id))

/** The writes of whoever is signed in, in the country they are in: the only ones shown and sent. */
export const ops = () => allOps().filter((o) => sameOwner(o.owner, currentOwner()))
/** The same user's writes made in another country, held until they switch back. */
export const held = () => allOps().filter((o) => o.owner.userId === session()?.user.id && !sameOwner(o.owner, currentOwner()))
/** Every write of this user not yet accepted, in any country: what signing out would lose. */
export const unsentOf = (userId: string) => allOps().filter((o) => o.owner.userId === userId)

export const pendingCount = () => ops().filter((o) => o.state === 'pending').length
export const attentionCount = () => ops().filter((o) => o.state !== 'pending').length

type Landed = { status: 'done'; result: any } | { status: 'queued' } | { status: 'refused'; problem: Problem }
const waiters = new Map<string, (l: Landed) => void>()

const isNetworkError = (e: unknown) => !(e instanceof ApiError) || [0, 502, 503, 504, 429].includes(e.problem.status)

async function send(op: Op): Promise<Landed> {
  try {
    const result = await api(op.method, op.path, { body: op.body, ifMatch: op.ifMatch, idempotencyKey: op.key, owner: op.owner })
    remove(op.id)
    return { status: 'done', result }
  } catch (e) {
    if (e instanceof NotOwner || isNetworkError(e)) return { status: 'queued' }
    const problem = (e as ApiError).problem
    if (problem.status === 412 && op.resource) {
      const server = await api<Record<string, unknown>>('GET', op.resource, { owner: op.owner }).catch(() => undefined)
      update(op.id, { state: 'conflict', error: problem.detail, server })
    } else update(op.id, { state: 'failed', error: problemText(problem) })
    return { status: 'refused', problem }
  }
}

let flushing = false
export async function flush() {
  if (flushing) return
  flushing = true
  try {
    for (const op of ops().filter((o) => o.state === 'pending')) {
      const landed = await send(op)
      if (landed.status === 'queued') break
      waiters.get(op.id)?.(landed)
      waiters.delete(op.id)
    }
  } finally {
    flushing = false
  }
}

/** Queues a write and tries it at once. Resolves when the server answered, or as `queued` if it cannot be reached. */
export function submit(input: Omit<Op, 'id' | 'key' | 'state' | 'createdAt' | 'owner'>): Promise<Landed & { opId: string }> {
  const owner = currentOwner()
  if (!owner) return Promise.resolve({ status: 'refused', problem: { status: 401, code: 'auth.required', detail: 'Sign in again' }, opId: '' })
  const op: Op = { ...input, id: crypto.randomUUID(), key: newIdempotencyKey(), state: 'pending', createdAt: new Date().toISOString(), owner }
  setOps([...allOps(), op])
  return new Promise((resolve) => {
    waiters.set(op.id, (landed) => resolve({ ...landed, opId: op.id }))
    void flush().then(() => {
      if (allOps().some((o) => o.id === op.id && o.state === 'pending')) {
        waiters.delete(op.id)
        resolve({ status: 'queued', opId: op.id })
      }
    })
  })
}

/** Conflict, resolved for "mine": send again over the server's current version. */
export function keepMine(id: string) {
  const op = ops().find((o) => o.id === id)
  if (!op) return
  update(id, { state: 'pending', ifMatch: Number(op.server?.version ?? op.ifMatch), key: newIdempotencyKey(), server: undefined, error: undefined })
  void flush()
}
export const discard = (id: string) => remove(id)

/** Signing out: nothing of this user's stays on the device. */
export const forgetUser = (userId: string) => setOps(allOps().filter((o) => o.owner.userId !== userId))

/** Another user at the device takes nothing over; the same user back in a country sends what waited there. */
function sessionChanged(next: Session | null) {
  if (!next) return // an expired session: its author may sign in again and send
  if (allOps().some((o) => o.owner.userId !== next.user.id)) setOps(allOps().filter((o) => o.owner.userId === next.user.id))
  if (pendingCount()) void flush()
}
onSessionChange(sessionChanged)
sessionChanged(session())

if (typeof window !== 'undefined') {
  window.addEventListener('online', () => void flush())
  setInterval(() => pendingCount() && void flush(), 5000)
}
