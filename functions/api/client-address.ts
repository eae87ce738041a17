import type { Context } from 'hono'

/**
 * The caller's address, for the sign-in throttle and per-address budgets. Behind a proxy the socket's
 * address is the proxy's, so a deployment names the one header its proxy sets and a client cannot
 * (CADRE_CLIENT_ADDRESS_HEADER, e.g. `cloudfront-viewer-address`); without it, the address API Gateway saw
 * or the local server's socket. X-Forwarded-For is never trusted on its own: anyone can write it.
 */
export function clientAddress(c: Context): string | undefined {
  const header = process.env.CADRE_CLIENT_ADDRESS_HEADER
  if (header) {
    const value = c.req.header(header)?.trim()
    // CloudFront-Viewer-Address is `address:port`; the port changes per connection
    if (value) return value.replace(/:\d+$/, '').slice(0, 64)
  }
  const env = c.env as { requestContext?: { http?: { sourceIp?: string } }; incoming?: { socket?: { remoteAddress?: string } } } | undefined
  return env?.requestContext?.http?.sourceIp ?? env?.incoming?.socket?.remoteAddress
}
