import { app } from '../../functions/api/app'

export type Reply = { status: number; headers: Headers; json: any; text: string }

/** A real HTTP request through the whole Hono app, in process (`app.request`). */
export async function call(
  method: string,
  path: string,
  options: { token?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {},
): Promise<Reply> {
  const headers: Record<string, string> = { ...options.headers }
  if (options.token) headers.authorization = `Bearer ${options.token}`
  let body: string | undefined
  if (options.raw !== undefined) {
    body = options.raw
    headers['content-type'] ??= 'application/json'
  } else if (options.body !== undefined) {
    body = JSON.stringify(options.body)
    headers['content-type'] ??= 'application/json'
  }
  const res = await app.request(path, { method, headers, body })
  const text = await res.text()
  let json: any
  try {
    json = JSON.parse(text)
  } catch {
    json = undefined
  }
  return { status: res.status, headers: res.headers, json, text }
}

export const expectProblem = (reply: Reply) =>
  reply.headers.get('content-type')?.startsWith('application/problem+json') && typeof reply.json?.code === 'string'

/** Every item of a cursor-paginated list, page by page. */
export async function allItems(path: string, token: string): Promise<any[]> {
  const items: any[] = []
  let cursor: string | null = null
  do {
    const page: Reply = await call('GET', cursor ? `${path}${path.includes('?') ? '&' : '?'}cursor=${encodeURIComponent(cursor)}` : path, { token })
    if (page.status !== 200) throw new Error(page.text)
    items.push(...page.json.items)
    cursor = page.json.cursor
  } while (cursor)
  return items
}
