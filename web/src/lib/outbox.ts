import { createSignal } from 'solid-js'
import { api, ApiError, newIdempotencyKey, type Problem } from './api'

/**
 * Writes survive a bad connection: each is kept in localStorage with its Idempotency-Key until the server
 * has answered, and retried when the browser is back online (or every few seconds). Repeating a write is
 * safe: the server answers a repeated key with the first result. A 412 keeps the write as a conflict for
 * the user to resolve, with both versions; other refusals are kept with the server's explanation.
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
}

const KEY = 'cadre.outbox'
const load = (): Op[] => {
  try {
    return JSON.parse(localStorage.getItem(KEY) ?? '[]') as Op[]
  } catch {
    return []
  }
}
const [ops, setOpsSignal] = createSignal<Op[]>(load())
export { ops }
const setOps = (next: Op[]) => {
  localStorage.setItem(KEY, JSON.stringify(next))
  setOpsSignal(next)
}
const update = (id: string, patch: Partial<Op>) => setOps(ops().map((o) => (o.id === id ? { ...o, ...patch } : o)))
const remove = (id: string) => setOps(ops().filter((o) => o.id !== id))

export const pendingCount = () => ops().filter((o) => o.state === 'pending').length
export const attentionCount = () => ops().filter((o) => o.state !== 'pending').length

type Landed = { status: 'done'; result: any } | { status: 'queued' } | { status: 'refused'; problem: Problem }
const waiters = new Map<string, (l: Landed) => void>()

const isNetworkError = (e: unknown) => !(e instanceof ApiError) || [0, 502, 503, 504, 429].includes(e.problem.status)

async function send(op: Op): Promise<Landed> {
  try {
    const result = await api(op.method, op.path, { body: op.body, ifMatch: op.ifMatch, idempotencyKey: op.key })
    remove(op.id)
    return { status: 'done', result }
  } catch (e) {
    if (isNetworkError(e)) return { status: 'queued' }
    const problem = (e as ApiError).problem
    if (problem.status === 412 && op.resource) {
      const server = await api<Record<string, unknown>>('GET', op.resource).catch(() => undefined)
      update(op.id, { state: 'conflict', error: problem.detail, server })
    } else update(op.id, { state: 'failed', error: problem.detail })
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
export function submit(input: Omit<Op, 'id' | 'key' | 'state' | 'createdAt'>): Promise<Landed & { opId: string }> {
  const op: Op = { ...input, id: crypto.randomUUID(), key: newIdempotencyKey(), state: 'pending', createdAt: new Date().toISOString() }
  setOps([...ops(), op])
  return new Promise((resolve) => {
    waiters.set(op.id, (landed) => resolve({ ...landed, opId: op.id }))
    void flush().then(() => {
      if (ops().some((o) => o.id === op.id && o.state === 'pending')) {
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

if (typeof window !== 'undefined') {
  window.addEventListener('online', () => void flush())
  setInterval(() => pendingCount() && void flush(), 5000)
}
