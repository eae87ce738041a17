import { beforeAll, describe, expect, it } from 'vitest'
import { app } from '../../functions/api/app'
import { call } from '../support/http'
import { buildWorld, type World } from '../support/world'

let w: World
beforeAll(async () => {
  w = await buildWorld()
})

/** A real form POST to the token endpoint, through the whole app. */
async function token(form: Record<string, string>, basic?: [string, string]) {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' }
  if (basic) headers.authorization = `Basic ${Buffer.from(`${encodeURIComponent(basic[0])}:${encodeURIComponent(basic[1])}`).toString('base64')}`
  const res = await app.request('/oauth/token', { method: 'POST', headers, body: new URLSearchParams(form).toString() })
  return { status: res.status, headers: res.headers, json: (await res.json()) as any }
}

describe('API clients (OAuth 2.0 client credentials)', () => {
  it('shows the secret once, issues 15-minute tokens for the granted scopes, and audits both', async () => {
    const admin = w.a.users['ministry-admin'].token
    const created = await call('POST', '/api/v1/clients', { token: admin, body: { name: 'Licensing board', scopes: ['system/Practitioner.read', 'system/Location.read'] } })
    expect(created.status).toBe(201)
    expect(created.json.clientSecret).toMatch(/^cs_[A-Za-z0-9_-]{43}$/)
    const got = await call('GET', `/api/v1/clients/${created.json.id}`, { token: admin })
    expect(JSON.stringify(got.json)).not.toContain(created.json.clientSecret)
    expect((await call('GET', '/api/v1/clients', { token: admin })).json.items.map((c: { id: string }) => c.id)).toContain(created.json.id)

    const basic = await token({ grant_type: 'client_credentials' }, [created.json.clientId, created.json.clientSecret])
    expect(basic.status).toBe(200)
    expect(basic.json).toMatchObject({ token_type: 'Bearer', expires_in: 900, scope: 'system/Practitioner.read system/Location.read' })
    expect(basic.headers.get('cache-control')).toBe('no-store')
    const claims = JSON.parse(Buffer.from(basic.json.access_token.split('.')[1], 'base64url').toString())
    expect(claims).toMatchObject({ role: 'api-client', ten: 'KEN', sub: created.json.id })
    const post = await token({ grant_type: 'client_credentials', client_id: created.json.clientId, client_secret: created.json.clientSecret, scope: 'system/Location.read' })
    expect(post.json.scope).toBe('system/Location.read')

    const audit = await call('GET', `/api/v1/audit?entityId=${created.json.id}`, { token: admin })
    expect(audit.json.items.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['client.create', 'client.token']))
    expect(JSON.stringify(audit.json)).not.toContain(created.json.clientSecret)
  })

  it('answers in OAuth’s own words: wrong secret, unknown client, other grants, scopes not granted, bad bodies', async () => {
    const c = w.a.client
    expect((await token({ grant_type: 'client_credentials' }, [c.clientId, 'cs_wrong'])).json.error).toBe('invalid_client')
    const unknown = await token({ grant_type: 'client_credentials' }, ['cli_01jabcdefghjkmnpqrstvwxyz0', 'x'])
    expect(unknown.status).toBe(401)
    expect(unknown.headers.get('www-authenticate')).toMatch(/^Basic/)
    expect((await token({ grant_type: 'password' }, [c.clientId, c.clientSecret])).json.error).toBe('unsupported_grant_type')
    expect((await token({ grant_type: 'client_credentials', scope: 'system/Practitioner.write' }, [c.clientId, c.clientSecret])).json.error).toBe('invalid_scope')
    const json = await app.request('/oauth/token', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })
    expect(json.status).toBe(400)
    expect(((await json.json()) as { error: string }).error).toBe('invalid_request')
  })

  it('a client’s token opens nothing of the people’s API', async () => {
    const c = w.a.client
    const t = (await token({ grant_type: 'client_credentials' }, [c.clientId, c.clientSecret])).json.access_token
    for (const path of ['/api/v1/workers', '/api/v1/me', '/api/v1/clients', `/api/v1/workers/${w.a.registry.worker.id}`]) {
      const r = await call('GET', path, { token: t })
      expect(r.status, path).toBe(403)
    }
    expect((await call('POST', '/api/v1/auth/switch', { token: t, body: { scope: { kind: 'tenant', id: 'KEN' } } })).status).toBe(403)
  })

  it('rotation retires the old secret; revocation stops the client at once', async () => {
    const admin = w.a.users['ministry-admin'].token
    const created = await call('POST', '/api/v1/clients', { token: admin, body: { name: 'DHIS2 sync', scopes: ['system/*.read'] } })
    const rotated = await call('POST', `/api/v1/clients/${created.json.id}/rotate`, { token: admin })
    expect(rotated.status).toBe(200)
    expect(rotated.json.clientSecret).not.toBe(created.json.clientSecret)
    expect((await token({ grant_type: 'client_credentials' }, [created.json.clientId, created.json.clientSecret])).status).toBe(401)
    expect((await token({ grant_type: 'client_credentials' }, [created.json.clientId, rotated.json.clientSecret])).status).toBe(200)
    const revoked = await call('POST', `/api/v1/clients/${created.json.id}/revoke`, { token: admin })
    expect(revoked.json.status).toBe('revoked')
    expect((await token({ grant_type: 'client_credentials' }, [created.json.clientId, rotated.json.clientSecret])).status).toBe(401)
    expect((await call('POST', `/api/v1/clients/${created.json.id}/rotate`, { token: admin })).status).toBe(404)
  })

  it('another country’s admin neither sees nor touches a client', async () => {
    const other = w.b.users['ministry-admin'].token
    expect((await call('GET', `/api/v1/clients/${w.a.client.id}`, { token: other })).status).toBe(404)
    expect((await call('POST', `/api/v1/clients/${w.a.client.id}/revoke`, { token: other })).status).toBe(404)
    expect((await call('GET', '/api/v1/clients', { token: other })).json.items.map((c: { id: string }) => c.id)).not.toContain(w.a.client.id)
    expect((await token({ grant_type: 'client_credentials' }, [w.a.client.clientId, w.a.client.clientSecret])).status).toBe(200)
  })
})
