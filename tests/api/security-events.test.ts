import { PutItemCommand } from '@aws-sdk/client-dynamodb'
import { beforeAll, describe, expect, it } from 'vitest'
import { config } from '../../functions/core/config'
import { dynamo } from '../../functions/core/db/client'
import { keys } from '../../functions/core/db/keys'
import { toAttr } from '../../functions/core/db/marshal'
import { newId } from '../../functions/core/id'
import { allItems, call, type Reply } from '../support/http'
import { buildWorld, person, type Person, type World } from '../support/world'

/**
 * Probes answered exactly like a missing resource (another country's resources, a subtree outside a scoped
 * user's, repeated 404s on person ids) are security events only the platform can list, newest first.
 */
let w: World
let outside: any
let home: any
beforeAll(async () => {
  w = await buildWorld()
  const token = w.a.users.registrar.token
  const post = async (path: string, body: unknown) => ok(await call('POST', path, { token, body }), 201)
  home = await post('/api/v1/org-units', { name: 'Probe Home', level: 'district', parentId: w.a.registry.region.id })
  const away = await post('/api/v1/org-units', { name: 'Probe Away', level: 'district', parentId: w.a.registry.region.id })
  outside = await post('/api/v1/workers', { givenName: 'Far', familyName: 'Away', sex: 'female', birthDate: '1979-05-05', cadreId: w.a.registry.cadre.id, orgUnitId: away.id })
}, 120_000)

function ok(reply: Reply, status = 200) {
  if (reply.status !== status) throw new Error(`${reply.status} ${reply.text.slice(0, 300)}`)
  return reply.json
}

const missingWorker = 'wrk_01jabcdefghjkmnpqrstvwxyz0'
const events = () => allItems('/api/v1/security-events?limit=200', w.platform.token)
const eventsOf = async (p: Person) => (await events()).filter((e) => e.actor.id === p.userId)

/** What the prober sees: everything but the request's own id and the path it asked for. */
function seen(reply: Reply) {
  const { requestId: _r, instance: _i, ...rest } = reply.json
  return { status: reply.status, type: reply.headers.get('content-type'), body: rest }
}

describe('probes are answered like a missing resource and recorded for the platform', () => {
  it('a scoped user asking outside their subtree: an out-of-scope event', async () => {
    const manager = await person({ kind: 'tenant', id: w.a.id }, 'Kenya', 'manager', home.id)
    const probe = await call('GET', `/api/v1/workers/${outside.id}`, { token: manager.token })
    const missing = await call('GET', `/api/v1/workers/${missingWorker}`, { token: manager.token })
    expect(probe.status).toBe(404)
    expect(seen(probe)).toEqual(seen(missing))
    expect(probe.text).not.toContain('Away')

    expect(await eventsOf(manager)).toEqual([
      expect.objectContaining({
        kind: 'out-of-scope', count: 1, route: 'GET /api/v1/workers/:workerId', resource: `/api/v1/workers/${outside.id}`,
        status: 404, code: 'worker.not_found', tenantId: w.a.id, actor: { id: manager.userId, email: manager.email, role: 'manager' },
        requestId: probe.headers.get('x-request-id'),
      }),
    ])
  })

  it('a token refused another country: a cross-tenant event (a country that does not exist is not one)', async () => {
    const partner = w.partnerA.admin
    const probe = await call('GET', `/api/v1/tenants/${w.b.id}`, { token: partner.token })
    const missing = await call('GET', '/api/v1/tenants/FRA', { token: partner.token })
    expect(seen(probe)).toEqual(seen(missing))
    const admin = w.a.users['ministry-admin']
    expect((await call('GET', `/api/v1/tenants/${w.b.id}/invitations`, { token: admin.token })).status).toBe(404)

    const mine = await eventsOf(partner)
    expect(mine).toEqual([expect.objectContaining({ kind: 'cross-tenant', resource: `/api/v1/tenants/${w.b.id}`, partnerId: w.partnerA.id })])
    expect(await eventsOf(admin)).toEqual([expect.objectContaining({ kind: 'cross-tenant', route: 'GET /api/v1/tenants/:tenantId/invitations', tenantId: w.a.id })])
  })

  it('404s on person ids: the fifth in a window is an event, the four before it are not', async () => {
    const registrar = await person({ kind: 'tenant', id: w.a.id }, 'Kenya', 'registrar')
    const probe = () => call('GET', `/api/v1/workers/${w.b.registry.worker.id}/licences`, { token: registrar.token })
    for (let i = 0; i < 4; i++) expect((await probe()).status).toBe(404)
    expect(await eventsOf(registrar)).toEqual([])
    const fifth = await probe()
    expect(seen(fifth)).toEqual(seen(await call('GET', `/api/v1/workers/${missingWorker}/licences`, { token: registrar.token })))
    expect(await eventsOf(registrar)).toEqual([expect.objectContaining({ kind: 'not-found', count: 5, resource: `/api/v1/workers/${w.b.registry.worker.id}/licences` })])
  })

  it('a burst of probes is a few events, not one per probe', async () => {
    const manager = await person({ kind: 'tenant', id: w.a.id }, 'Kenya', 'manager', home.id)
    for (let i = 0; i < 12; i++) expect((await call('GET', `/api/v1/workers/${outside.id}/history`, { token: manager.token })).status).toBe(404)
    expect((await eventsOf(manager)).map((e) => e.count)).toEqual([10, 1])
  })

  it('honest work leaves none', async () => {
    const viewer = w.a.users.viewer
    ok(await call('GET', `/api/v1/workers/${outside.id}`, { token: viewer.token }))
    ok(await call('GET', `/api/v1/tenants/${w.a.id}`, { token: viewer.token }))
    expect((await call('GET', `/api/v1/workers/${missingWorker}`, { token: viewer.token })).status).toBe(404)
    expect(await eventsOf(viewer)).toEqual([])
  })
})

describe('listing security events', () => {
  it('only the platform may', async () => {
    for (const p of [...Object.values(w.a.users), w.partnerA.admin, w.donor]) {
      const r = await call('GET', '/api/v1/security-events', { token: p.token })
      expect(r.status, p.role).toBe(403)
    }
  })

  it('newest first, page by page, across the monthly partitions of the retention period', async () => {
    const monthsAgo = (n: number) => {
      const d = new Date()
      d.setUTCDate(15)
      d.setUTCMonth(d.getUTCMonth() - n)
      return d.toISOString()
    }
    const planted: Record<number, string> = {}
    for (const n of [1, 5, 12, 15]) {
      const at = monthsAgo(n)
      const id = newId('audit')
      planted[n] = id
      const event = { id, at, kind: 'not-found', count: 5, route: 'GET /api/v1/workers/:workerId', resource: '/api/v1/workers/x', status: 404, code: 'worker.not_found', actor: { id: 'usr_x', email: 'x@y.z', role: 'viewer' }, requestId: 'req_x' }
      await dynamo().send(new PutItemCommand({ TableName: config.table, Item: toAttr({ ...keys.securityEvent(at.slice(0, 7), id), ...event }) }))
    }
    const all = await events()
    const pages: any[] = []
    let cursor: string | null = null
    do {
      const page: any = ok(await call('GET', `/api/v1/security-events?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token: w.platform.token }))
      expect(page.items.length).toBeLessThanOrEqual(2)
      pages.push(...page.items)
      cursor = page.cursor
    } while (cursor)
    expect(pages.map((e) => e.id)).toEqual(all.map((e) => e.id))
    const times = pages.map((e) => e.at)
    expect(times).toEqual([...times].sort().reverse())
    const ids = pages.map((e) => e.id)
    for (const n of [1, 5, 12]) expect(ids).toContain(planted[n])
    // past the retention period (the items' TTL removes them; the list does not look that far back)
    expect(ids).not.toContain(planted[15])
  })

  it('refuses a cursor it did not make', async () => {
    for (const cursor of ['2026-13~aud_01jabcdefghjkmnpqrstvwxyz0', 'nonsense', '2026-01~wrk_01jabcdefghjkmnpqrstvwxyz0']) {
      const r = await call('GET', `/api/v1/security-events?cursor=${encodeURIComponent(cursor)}`, { token: w.platform.token })
      expect(r.status, cursor).toBe(400)
      expect(r.json.code).toBe('cursor.invalid')
    }
  })
})
