import { describe, expect, it } from 'vitest'
import { handler } from '../../functions/api'
import { routes } from '../../functions/api/routes'
import { call, expectProblem } from '../support/http'

describe('the service', () => {
  it('answers health with the database reachable', async () => {
    const r = await call('GET', '/api/v1/health')
    expect(r.status).toBe(200)
    expect(r.json).toMatchObject({ status: 'ok', database: 'ok' })
    expect(r.headers.get('x-request-id')).toMatch(/^req_[0-9a-z]{26}$/)
  })

  it('serves an OpenAPI 3.1 document with every route of the table, generated from the schemas', async () => {
    const r = await call('GET', '/api/openapi.json')
    expect(r.status).toBe(200)
    expect(r.json.openapi).toBe('3.1.0')
    for (const route of routes) {
      const op = r.json.paths[route.path.replace(/:(\w+)/g, '{$1}')]?.[route.method]
      expect(op, `${route.method} ${route.path}`).toBeDefined()
      if (route.body) expect(op.requestBody.content['application/json'].schema.type).toBe('object')
    }
    const login = r.json.paths['/api/v1/auth/login'].post
    expect(login.requestBody.content['application/json'].schema.required).toEqual(['email', 'password'])
    expect(login.security).toEqual([])
  })

  it('serves a self-contained reference page', async () => {
    const r = await call('GET', '/api/docs')
    expect(r.status).toBe(200)
    expect(r.text).toContain('/api/v1/tenants/{tenantId}/invitations')
    expect(r.text).not.toMatch(/<script[^>]+src=/)
  })

  it('answers an unknown route with problem+json', async () => {
    const r = await call('GET', '/api/v1/nope')
    expect(r.status).toBe(404)
    expect(expectProblem(r)).toBe(true)
    expect(r.json.code).toBe('route.not_found')
    expect(r.json.requestId).toBe(r.headers.get('x-request-id'))
  })

  it('caps bodies in bytes', async () => {
    const r = await call('POST', '/api/v1/auth/login', { raw: JSON.stringify({ email: 'a@b.co', password: 'x'.repeat(70_000) }) })
    expect(r.status).toBe(413)
    expect(r.json.code).toBe('request.too_large')
  })

  it('refuses a body that is not JSON, or not declared as JSON', async () => {
    expect((await call('POST', '/api/v1/auth/login', { raw: '{"email":' })).json.code).toBe('request.malformed_json')
    const r = await call('POST', '/api/v1/auth/login', { raw: '{}', headers: { 'content-type': 'text/plain' } })
    expect(r.status).toBe(415)
  })

  it('runs as a Lambda behind an API Gateway HTTP API (payload v2)', async () => {
    const event = {
      version: '2.0',
      routeKey: '$default',
      rawPath: '/api/v1/health',
      rawQueryString: '',
      headers: { host: 'api.example.org', 'user-agent': 'test' },
      requestContext: {
        accountId: '123456789012',
        apiId: 'api',
        domainName: 'api.example.org',
        domainPrefix: 'api',
        http: { method: 'GET', path: '/api/v1/health', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
        requestId: 'r1',
        routeKey: '$default',
        stage: '$default',
        time: '22/Nov/2026:00:00:00 +0000',
        timeEpoch: 1795000000000,
      },
      isBase64Encoded: false,
    }
    const out = (await handler(event as never, {} as never)) as { statusCode: number; body: string; headers: Record<string, string> }
    expect(out.statusCode).toBe(200)
    expect(JSON.parse(out.body)).toMatchObject({ status: 'ok' })
    expect(out.headers['x-request-id']).toMatch(/^req_/)

    const bad = (await handler(
      { ...event, rawPath: '/api/v1/auth/login', body: '{"email":"x"}', headers: { ...event.headers, 'content-type': 'application/json' }, requestContext: { ...event.requestContext, http: { ...event.requestContext.http, method: 'POST', path: '/api/v1/auth/login' } } } as never,
      {} as never,
    )) as { statusCode: number; headers: Record<string, string> }
    expect(bad.statusCode).toBe(400)
    expect(bad.headers['content-type']).toContain('application/problem+json')
  })
})
