import type { Context } from 'hono'
import { $ZodError } from 'zod/v4/core'
import { AppError } from '../core/error'

export const PROBLEM_TYPE = 'application/problem+json'

/** RFC 9457 problem details with a stable dotted `code`. */
export function problem(c: Context, status: number, code: string, detail: string, extra: Record<string, unknown> = {}) {
  return c.body(
    JSON.stringify({
      type: `https://cadre.health/problems/${code}`,
      title: code,
      status,
      code,
      detail,
      instance: c.req.path,
      requestId: c.get('requestId'),
      ...extra,
    }),
    status as 400,
    { 'Content-Type': PROBLEM_TYPE },
  )
}

const throttled = new Set(['ProvisionedThroughputExceededException', 'ThrottlingException', 'RequestLimitExceeded', 'LimitExceededException'])
const unavailable = new Set(['InternalServerError', 'ServiceUnavailable', 'TimeoutError', 'ECONNREFUSED', 'ECONNRESET'])

/** The one place errors become responses. Unknown errors are a 500 with a request id, never a stack. */
export function toProblem(error: unknown, c: Context) {
  if (error instanceof AppError) {
    for (const [k, v] of Object.entries(error.headers)) c.header(k, v)
    return problem(c, error.status, error.code, error.message, error.extra)
  }
  if (error instanceof $ZodError) {
    return problem(c, 400, 'request.invalid', 'The request is not valid', {
      errors: error.issues.slice(0, 50).map((i) => ({ path: i.path.join('.'), code: i.code, message: i.message })),
    })
  }
  const name = (error as { name?: string; code?: string })?.name ?? ''
  const code = (error as { code?: string })?.code ?? ''
  if (throttled.has(name) || unavailable.has(name) || unavailable.has(code)) {
    c.header('Retry-After', '1')
    return problem(c, 503, 'service.unavailable', 'The registry is busy; your request was not applied. Try again shortly.')
  }
  console.error(JSON.stringify({ level: 'error', requestId: c.get('requestId'), name, message: (error as Error)?.message, stack: (error as Error)?.stack }))
  return problem(c, 500, 'internal', 'Something went wrong on our side; quote the request id when reporting it')
}
