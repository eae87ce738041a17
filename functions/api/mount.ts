import type { Context, Hono } from 'hono'
import type { z } from 'zod/mini'
import { withActor, type Actor } from '../core/actor'
import { clientKey } from '../core/auth/throttle'
import { assertAdmitted, count, type Subject } from '../core/ratelimit'
import { IdempotentReplay } from '../core/db/write'
import { AppError } from '../core/error'
import { withIdempotency } from '../core/idempotency/context'
import { authenticate } from './authenticate'
import { readLimited, tooLarge } from './body'
import { idempotencyOf, storedResult } from './idempotency'
import { replayed, traced } from './person-data'
import type { AnyRoute } from './route'
import type { RouteGroup } from './routes/groups'

export const DEFAULT_MAX_BODY = 64 * 1024

/** Turns one route spec into a Hono handler: authenticate -> validate -> one core call -> respond. */
export function mount(app: Hono, spec: AnyRoute) {
  app.on(spec.method.toUpperCase(), spec.path, (c) => serve(c, spec))
}

/**
 * Registers every route of the groups at once, in their order, but loads a group's module (its schemas and
 * the core it calls) only when one of its routes is first requested: a cold start builds one group.
 */
export function mountGroups(app: Hono, groups: RouteGroup[]) {
  for (const group of groups) {
    const specs = loadOnce(async () => new Map((await group.load()).map((spec) => [`${spec.method} ${spec.path}`, spec])))
    for (const key of group.routes) {
      const [method, path] = key.split(' ') as [string, string]
      app.on(method.toUpperCase(), path, async (c) => {
        const spec = (await specs()).get(key)
        if (!spec) throw new Error(`${key} is listed in functions/api/routes/groups.ts but not in its group's module`)
        return serve(c, spec)
      })
    }
  }
}

/** Calls `load` once and keeps its answer; a failed load (a chunk not read) is tried again next time. */
export function loadOnce<T>(load: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined
  return () =>
    (pending ??= load().catch((error) => {
      pending = undefined
      throw error
    }))
}

async function serve(c: Context, spec: AnyRoute) {
  const actor = await authenticate(c, spec.access)
  const payer = budgetOf(actor)
  if (payer) assertAdmitted(payer)
  // counted alongside the work, not before it: rate limiting adds no latency
  const counted = payer ? count(payer) : undefined
  try {
    return await handle(c, spec, actor)
  } finally {
    await counted
  }
}

/** Signed-in calls are paid by the user and tenant; public ones (sign-in, invitations) by the client address. */
function budgetOf(actor: Actor): Subject | undefined {
  if (actor.kind === 'user') return actor
  if (actor.kind === 'public') return { clientKey: clientKey(actor.client ?? 'unknown') }
  return undefined
}

async function handle(c: Context, spec: AnyRoute, actor: Actor) {
  return withActor(actor, async () => {
    const params = spec.params ? parse(spec.params, c.req.param(), 'params') : undefined
    const query = spec.query ? parse(spec.query, c.req.query(), 'query') : undefined
    const raw = spec.body ? await readBody(c, spec.maxBodyBytes ?? DEFAULT_MAX_BODY) : ''
    const body = spec.body ? parse(spec.body, parseJson(raw), 'body') : undefined
    const version = spec.ifMatch ? ifMatch(c) : 0
    // any write may carry a key: a PATCH whose answer was lost is as unsafe to repeat as a POST
    const idem = spec.method !== 'get' && actor.kind === 'user' ? idempotencyOf(c, raw) : undefined
    if (idem && !spec.idempotentCommit) {
      const first = await storedResult(idem)
      if (first !== undefined) return respond(c, spec, await replayed(spec, params, c.req.path, first), true)
    }
    try {
      // traced: the answer's people leave their audit trace, a refused probe its security event
      const result = await withIdempotency(idem, () => traced(spec, params, c.req.path, () => spec.handler({ params, query, body, version, c })))
      return respond(c, spec, result, false)
    } catch (error) {
      // a concurrent request with the same key committed first (seen by the transaction, or by a check it
      // made before the transaction, such as a duplicate search): answer with that first result
      if (idem && (error instanceof IdempotentReplay || error instanceof AppError)) {
        const first = await storedResult(idem)
        if (first !== undefined) return respond(c, spec, await replayed(spec, params, c.req.path, first), true)
      }
      throw error
    }
  })
}

function parse<S extends z.ZodMiniType>(schema: S, value: unknown, where: string): z.output<S> {
  const out = schema.safeParse(value)
  if (out.success) return out.data
  throw new AppError(400, 'request.invalid', `The request's ${where} ${where === 'body' ? 'is' : 'are'} not valid`, {
    errors: out.error.issues.slice(0, 50).map((i) => ({ in: where, path: i.path.join('.'), code: i.code, message: i.message })),
  })
}

async function readBody(c: Context, max: number) {
  const type = c.req.header('content-type') ?? ''
  if (!/^application\/(json|merge-patch\+json)\b/i.test(type))
    throw new AppError(415, 'request.unsupported_media_type', 'Send the body as application/json')
  const declared = Number(c.req.header('content-length') ?? 0)
  if (declared > max) throw tooLarge(max)
  const raw = await readLimited(c.req.raw, max)
  // the stream is spent: later readers (c.req.text(), c.req.json()) get the same text from Hono's cache,
  // which holds promises although its type names the values
  c.req.bodyCache.text = Promise.resolve(raw) as unknown as string
  return raw
}

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw)
  } catch {
    throw new AppError(400, 'request.malformed_json', 'The body is not valid JSON')
  }
}

function ifMatch(c: Context) {
  const header = c.req.header('if-match')
  if (!header) throw new AppError(428, 'version.required', 'Send If-Match with the ETag you read, so edits do not overwrite each other')
  // If-Match compares strongly (RFC 9110 13.1.1): a weak ETag never matches
  if (/^\s*W\//.test(header)) throw new AppError(412, 'version.weak_etag', 'If-Match needs the ETag exactly as it was read, such as "3", not a weak W/ one')
  const m = /^"?(\d{1,9})"?$/.exec(header.trim())
  if (!m) throw new AppError(400, 'version.invalid', 'If-Match must be an ETag such as "3"')
  return Number(m[1])
}

function respond(c: Context, spec: AnyRoute, result: unknown, replayed: boolean) {
  if (replayed) c.header('Idempotent-Replayed', 'true')
  // a file (an export's download) is answered by the handler itself
  if (result instanceof Response) return result
  const status = spec.status ?? 200
  if (status === 204 || result === undefined) return c.body(null, 204)
  const version = (result as { version?: unknown })?.version
  if (typeof version === 'number') c.header('ETag', `"${version}"`)
  c.header('Cache-Control', 'no-store')
  return c.json(result as object, status)
}
