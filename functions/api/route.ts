import type { Context } from 'hono'
import type { z } from 'zod/mini'
import type { Role } from '../core/auth/roles'

/** Who may call a route: anyone, anyone signed in, or the listed roles. */
export type Access = 'public' | 'signed-in' | readonly Role[]

type Out<S> = S extends z.ZodMiniType ? z.output<S> : undefined

/**
 * Whether a route's answer shows health workers, and so how its read is traced (functions/api/person-data.ts).
 * Every route must say: a new route cannot forget, and tests/api/read-audit.test.ts calls each one.
 * - `'read'`: one person's data, the worker named by `:workerId`: a `worker.read` event
 * - `'export'`: one person's whole record as a document: a `worker.export` event
 * - `'list'`: a page of workers (or of changes to them): one `worker.list` event naming the workers on it
 * - `'audited'`: the core call files its own audit event for what it returns (every write, in the change's
 *   transaction; a country's export); a replay of its answer is checked against the caller's scope again
 * - `false`: nobody's data
 */
export type PersonData = 'read' | 'export' | 'list' | 'audited' | false

export interface RouteSpec<P = unknown, Q = unknown, B = unknown> {
  method: 'get' | 'post' | 'patch' | 'put' | 'delete'
  /** Hono syntax: `/api/v1/users/:userId`. Path parameter names are global (see tests/isolation). */
  path: string
  summary: string
  tag: string
  access: Access
  personData: PersonData
  params?: P
  query?: Q
  body?: B
  /** a valid body, for the reference docs and for the isolation and fuzz suites */
  example?: unknown
  response?: z.ZodMiniType
  /** success status; 204 sends no body */
  status?: 200 | 201 | 202 | 204
  /** the route changes a versioned record: `If-Match` is required and handed to the handler */
  ifMatch?: boolean
  /**
   * the handler's only write is one `commit()` holding its result, so the transaction itself refuses a used
   * Idempotency-Key (and the API then answers with the first result): no read of the key before the handler
   */
  idempotentCommit?: boolean
  /** largest accepted body in bytes (default 64 KiB) */
  maxBodyBytes?: number
  handler: (input: { params: Out<P>; query: Out<Q>; body: Out<B>; version: number; c: Context }) => Promise<unknown>
}

export type AnyRoute = RouteSpec<any, any, any>

export const route = <
  P extends z.ZodMiniType | undefined = undefined,
  Q extends z.ZodMiniType | undefined = undefined,
  B extends z.ZodMiniType | undefined = undefined,
>(
  spec: RouteSpec<P, Q, B>,
): AnyRoute => spec as AnyRoute
