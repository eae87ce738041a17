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
