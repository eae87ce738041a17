import type { MiddlewareHandler } from 'hono'
import { AppError } from '../core/error'

export const tooLarge = (max: number) => new AppError(413, 'request.too_large', `The body is larger than ${max} bytes`, { maxBytes: max })

/**
 * Reads a request body as UTF-8 text, counting bytes as they arrive and stopping at the first byte past
 * `max`: a chunked body (no Content-Length) is never buffered whole before being measured.
 */
export async function readLimited(request: Request, max: number): Promise<string> {
  if (!request.body) return ''
  const reader = request.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > max) {
      await reader.cancel().catch(() => undefined)
      throw tooLarge(max)
    }
    chunks.push(value)
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks))
  } catch {
    throw new AppError(400, 'request.invalid_encoding', 'The body is not valid UTF-8 text')
  }
}

/**
 * A ceiling for every body, whoever reads it (a route's own, smaller limit is applied by readLimited). A
 * declared length is checked at once; a chunked body is counted as it streams, never buffered ahead.
 */
export function bodyCeiling(max: number): MiddlewareHandler {
  return async (c, next) => {
    if (Number(c.req.header('content-length') ?? 0) > max) throw tooLarge(max)
    const body = c.req.raw.body
    if (body && !c.req.header('content-length')) {
      let size = 0
      const counted = body.pipeThrough(
        new TransformStream<Uint8Array, Uint8Array>({
          transform(chunk, controller) {
            size += chunk.byteLength
            if (size > max) controller.error(tooLarge(max))
            else controller.enqueue(chunk)
          },
        }),
      )
      c.req.raw = new Request(c.req.raw, { body: counted, duplex: 'half' } as RequestInit)
    }
    await next()
  }
}
