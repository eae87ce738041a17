import { beforeAll, describe, expect, it } from 'vitest'
import { app } from '../../functions/api/app'
import { call, type Reply } from '../support/http'
import { buildWorld, type World } from '../support/world'
import { fid, kenyaDirectory, type KenyaDirectory } from './fixture'
import { problems } from './validator'

/**
 * Systems on the FHIR Directory: a client made by a ministry admin through the JSON API, a token from
 * POST /oauth/token, then each type opened or refused by the client's scopes (reads, searches, history,
 * `_include` into a type it may not read), revocation stopping it at once, and its country only.
 */
let w: World
let k: KenyaDirectory

beforeAll(async () => {
  w = await buildWorld()
  k = await kenyaDirectory(w)
}, 180_000)

async function newClient(scopes: string[], admin = w.a.users['ministry-admin'].token) {
  const created = await call('POST', '/api/v1/clients', { token: admin, body: { name: `Feed ${scopes.join(' ')}`.slice(0, 100), scopes } })
  expect(created.status, created.text).toBe(201)
  return created.json as { id: string; clientId: string; clientSecret: string }
}

async function tokenOf(client: { clientId: string; clientSecret: string }) {
  const res = await app.request('/oauth/token', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.clientSecret }).toString(),
  })
  expect(res.status).toBe(200)
  return ((await res.json()) as { access_token: string }).access_token
}

async function fhir(path: string, token: string, tenant = 'KEN'): Promise<Reply> {
  const r = await call('GET', `/fhir/${tenant}${path}`, { token })
  expect(r.headers.get('content-type')).toMatch(/^application\/fhir\+json/)
  if (r.json) expect(problems(r.json)).toEqual([])
  return r
}

const refusedFor = (r: Reply) => r.status === 403 && r.json?.resourceType === 'OperationOutcome' && r.json.issue[0].code === 'forbidden'

describe('an API client on the FHIR Directory', () => {
  it('reads, searches and syncs the types its scopes name, and is refused the others with a 403 OperationOutcome', async () => {
    const token = await tokenOf(await newClient(['system/Location.read', 'system/Organization.read', 'system/PractitionerRole.read']))
    const location = await fhir(`/Location/${fid(k.cgh.id)}`, token)
    expect(location.status, location.text).toBe(200)
    expect(location.json.name).toBe('Coast General Hospital')
    const found = await fhir('/Location?name=likoni', token)
    expect(found.json.entry.map((e: any) => e.resource.id)).toEqual([fid(k.likoni.id)])
    expect((await fhir('/Organization/_history', token)).json.type).toBe('history')
    const roles = await fhir(`/PractitionerRole?location=Location/${fid(k.cgh.id)}`, token)
    expect(roles.status).toBe(200)
    expect(roles.json.entry.length).toBeGreaterThan(0)
    expect((await fhir('/Organization?_revinclude=Location:organization&name=likoni', token)).status).toBe(200)

    const refused = [
      `/Practitioner/${fid(k.workers.achieng.id)}`,
      '/Practitioner?family=otieno',
      '/Practitioner/_history',
      `/Practitioner/${fid(k.workers.achieng.id)}/_history`,
      // people reached sideways, through an _include of a type the client may read
      `/PractitionerRole?location=Location/${fid(k.cgh.id)}&_include=PractitionerRole:practitioner`,
    ]
    for (const path of refused) {
      const r = await fhir(path, token)
      expect(refusedFor(r), `${path}: ${r.status} ${r.text}`).toBe(true)
      expect(r.text).not.toContain('Achieng')
    }
    const post = await call('POST', '/fhir/KEN/Practitioner/_search', { token, raw: 'family=otieno', headers: { 'content-type': 'application/x-www-form-urlencoded' } })
    expect(refusedFor(post)).toBe(true)
  }, 120_000)

  it('with system/*.read reads people too, and each read of a person is in the audit log under the client', async () => {
    const client = await newClient(['system/*.read'])
    const token = await tokenOf(client)
    const r = await fhir(`/Practitioner/${fid(k.workers.achieng.id)}`, token)
    expect(r.status).toBe(200)
    expect(r.json.name[0].family).toBe('Otieno')
    const included = await fhir(`/PractitionerRole?location=Location/${fid(k.cgh.id)}&_include=PractitionerRole:practitioner`, token)
    expect(included.json.entry.some((e: any) => e.resource.resourceType === 'Practitioner')).toBe(true)
    const audit = await call('GET', `/api/v1/audit?entityId=${k.workers.achieng.id}&views=only`, { token: w.a.users['ministry-admin'].token })
    expect(audit.status, audit.text).toBe(200)
    expect(audit.json.items.some((e: any) => e.action === 'worker.read' && e.actor?.id === client.id)).toBe(true)
  }, 120_000)

  it('a read scope does not write: a transaction needs the write scope of each type', async () => {
    const token = await tokenOf(await newClient(['system/*.read']))
    const bundle = { resourceType: 'Bundle', type: 'transaction', entry: [{ request: { method: 'POST', url: 'Organization' }, resource: { resourceType: 'Organization', name: 'Feed org' } }] }
    const r = await call('POST', '/fhir/KEN', { token, body: bundle, headers: { 'content-type': 'application/fhir+json' } })
    expect(r.status).toBe(403)
    expect(r.json?.resourceType).toBe('OperationOutcome')
  }, 120_000)

  it('a revoked client is 401 at once, with the token it already holds', async () => {
    const client = await newClient(['system/*.read'])
    const token = await tokenOf(client)
    expect((await fhir('/Location?name=likoni', token)).status).toBe(200)
    const revoked = await call('POST', `/api/v1/clients/${client.id}/revoke`, { token: w.a.users['ministry-admin'].token })
    expect(revoked.status).toBe(200)
    for (const path of ['/Location?name=likoni', `/Practitioner/${fid(k.workers.achieng.id)}`, '/Organization/_history']) {
      const r = await fhir(path, token)
      expect(r.status, path).toBe(401)
      expect(r.json.resourceType).toBe('OperationOutcome')
    }
  }, 120_000)

  it("another country's path is 404, and another country's client finds nothing of this one", async () => {
    const token = await tokenOf(await newClient(['system/*.read']))
    for (const path of ['/Location', `/Practitioner/${fid(w.b.registry.worker.id)}`, '/Practitioner/_history']) {
      const r = await fhir(path, token, 'UGA')
      expect(r.status, path).toBe(404)
      expect(r.json.resourceType).toBe('OperationOutcome')
    }
    const uganda = await tokenOf(await newClient(['system/*.read'], w.b.users['ministry-admin'].token))
    expect((await fhir(`/Practitioner/${fid(k.workers.achieng.id)}`, uganda, 'UGA')).status).toBe(404)
    expect((await fhir(`/Location/${fid(k.cgh.id)}`, uganda, 'UGA')).status).toBe(404)
    const names = await fhir('/Practitioner?family=otieno', uganda, 'UGA')
    expect(names.status).toBe(200)
    expect(names.json.entry ?? []).toEqual([])
    expect((await fhir('/Practitioner?family=otieno', uganda, 'KEN')).status).toBe(404)
  }, 120_000)
})
