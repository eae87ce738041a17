import { beforeAll, describe, expect, it } from 'vitest'
import { call } from '../support/http'
import { buildWorld, email, PASSWORD, type World } from '../support/world'

let w: World
beforeAll(async () => {
  w = await buildWorld()
})

const accept = (token: string, name = 'New Person', password = 'a-good-long-password') =>
  call('POST', '/api/v1/auth/invitations/accept', { body: { token, name, password } })

describe('a partner provisions a country and hands it to its ministry', () => {
  it('provisions, invites the first ministry admin, who accepts and adds a registrar', async () => {
    const partner = w.partnerA.admin.token
    const created = await call('POST', '/api/v1/tenants', {
      token: partner,
      body: { id: 'MWI', name: 'Malawi MoH', languages: ['en'], homeRegion: 'af-south-1', population: [{ year: 2025, value: 21_600_000 }], stage: 'pilot' },
    })
    expect(created.status).toBe(201)
    expect(created.json).toMatchObject({ id: 'MWI', partnerId: w.partnerA.id, status: 'active', version: 1, homeRegion: 'af-south-1' })
    expect(created.headers.get('etag')).toBe('"1"')

    const again = await call('POST', '/api/v1/tenants', { token: w.partnerB.admin.token, body: { id: 'MWI', name: 'Malawi twice' } })
    expect(again.status).toBe(409)
    expect(again.json.code).toBe('tenant.exists')

    const adminEmail = email('mwi-admin')
    const inv = await call('POST', '/api/v1/tenants/MWI/invitations', { token: partner, body: { email: adminEmail } })
    expect(inv.status).toBe(201)
    expect(inv.json).toMatchObject({ role: 'ministry-admin', status: 'pending', email: adminEmail })
    expect(inv.json.link).toContain('/accept?token=')

    // a partner gets no further than the first admin
    const registrarByPartner = await call('POST', '/api/v1/tenants/MWI/invitations', { token: partner, body: { email: email('x'), role: 'registrar' } })
    expect(registrarByPartner.status).toBe(403)

    const preview = await call('POST', '/api/v1/auth/invitations/preview', { body: { token: inv.json.token } })
    expect(preview.json).toMatchObject({ email: adminEmail, role: 'ministry-admin', scopeName: 'Malawi MoH', existingUser: false })

    const weak = await accept(inv.json.token, 'Admin', 'short')
    expect(weak.status).toBe(400)
    const admin = await accept(inv.json.token, 'Chikondi Banda')
    expect(admin.status).toBe(201)
    expect(admin.json.membership).toMatchObject({ role: 'ministry-admin', scope: { kind: 'tenant', id: 'MWI' } })
    expect((await accept(inv.json.token)).json.code).toBe('invitation.invalid')

    const secondAdmin = await call('POST', '/api/v1/tenants/MWI/invitations', { token: partner, body: { email: email('y') } })
    expect(secondAdmin.json.code).toBe('tenant.has_admin')

    const token = admin.json.accessToken
    const regEmail = email('mwi-registrar')
    const added = await call('POST', '/api/v1/users', { token, body: { email: regEmail, role: 'registrar' } })
    expect(added.status).toBe(201)
    const reg = await accept(added.json.token, 'Registrar Phiri')
    expect(reg.json.membership.role).toBe('registrar')

    const users = await call('GET', '/api/v1/users', { token })
    expect(users.json.items.map((u: { email: string }) => u.email).sort()).toEqual([adminEmail, regEmail].sort())

    const audit = await call('GET', '/api/v1/audit?limit=200', { token })
    const actions = audit.json.items.map((e: { action: string }) => e.action)
    expect(actions).toEqual(expect.arrayContaining(['tenant.create', 'invitation.create', 'invitation.accept', 'user.create']))
    expect(JSON.stringify(audit.json)).not.toMatch(/scrypt|tokenHash/)
  })

  it('lets an existing account accept with its own password, and only with it', async () => {
    const existing = w.b.users.viewer
    const inv = await call('POST', '/api/v1/users', { token: w.a.users['ministry-admin'].token, body: { email: existing.email, role: 'viewer' } })
    expect((await accept(inv.json.token, 'x', 'not-my-password')).status).toBe(401)
    const ok = await accept(inv.json.token, 'x', PASSWORD)
    expect(ok.status).toBe(201)
    expect(ok.json.memberships).toHaveLength(2)
  })

  it('changes a user’s role with If-Match, and removes a user', async () => {
    const admin = w.a.users['ministry-admin'].token
    const target = w.a.users.viewer.userId
    const got = await call('GET', `/api/v1/users/${target}`, { token: admin })
    expect(got.headers.get('etag')).toBe(`"${got.json.version}"`)
    expect((await call('PATCH', `/api/v1/users/${target}`, { token: admin, body: { role: 'manager' } })).status).toBe(428)
    const changed = await call('PATCH', `/api/v1/users/${target}`, { token: admin, body: { role: 'manager' }, headers: { 'if-match': got.headers.get('etag')! } })
    expect(changed.json.role).toBe('manager')
    const stale = await call('PATCH', `/api/v1/users/${target}`, { token: admin, body: { role: 'viewer' }, headers: { 'if-match': got.headers.get('etag')! } })
    expect(stale.status).toBe(412)
    expect(stale.json.code).toBe('version.mismatch')
    expect((await call('DELETE', `/api/v1/users/${w.a.users['ministry-admin'].userId}`, { token: admin })).json.code).toBe('user.self_remove')
    expect((await call('DELETE', `/api/v1/users/${target}`, { token: admin })).status).toBe(204)
    expect((await call('GET', `/api/v1/users/${target}`, { token: admin })).status).toBe(404)
  })

  it('suspends a country: its users get 403 tenant.suspended until it resumes', async () => {
    const viewer = w.b.users.registrar.token
    expect((await call('GET', '/api/v1/me', { token: viewer })).status).toBe(200)
    expect((await call('POST', '/api/v1/tenants/UGA/suspend', { token: w.partnerB.admin.token })).status).toBe(403)
    const s = await call('POST', '/api/v1/tenants/UGA/suspend', { token: w.platform.token })
    expect(s.json.status).toBe('suspended')
    const blocked = await call('GET', '/api/v1/me', { token: viewer })
    expect(blocked.status).toBe(403)
    expect(blocked.json.code).toBe('tenant.suspended')
    expect((await call('POST', '/api/v1/auth/login', { body: { email: w.b.users.registrar.email, password: PASSWORD } })).json.code).toBe('tenant.suspended')
    // other countries carry on
    expect((await call('GET', '/api/v1/me', { token: w.a.users.registrar.token })).status).toBe(200)
    await call('POST', '/api/v1/tenants/UGA/resume', { token: w.platform.token })
    expect((await call('GET', '/api/v1/me', { token: viewer })).status).toBe(200)
  })

  it('updates settings with If-Match; a partner sees only the countries it supports', async () => {
    const t = await call('GET', '/api/v1/tenants/KEN', { token: w.a.users['ministry-admin'].token })
    const upd = await call('PATCH', '/api/v1/tenants/KEN', { token: w.a.users['ministry-admin'].token, body: { languages: ['en', 'sw'] }, headers: { 'if-match': t.headers.get('etag')! } })
    expect(upd.status).toBe(200)
    expect(upd.json.languages).toEqual(['en', 'sw'])
    const list = await call('GET', '/api/v1/tenants', { token: w.partnerB.admin.token })
    expect(list.json.items.map((x: { id: string }) => x.id)).toEqual(['UGA'])
    const all = await call('GET', '/api/v1/tenants', { token: w.platform.token })
    expect(all.json.items.map((x: { id: string }) => x.id)).toEqual(expect.arrayContaining(['KEN', 'UGA']))
  })

  it('offboards a suspended country: export first, then its data is gone', async () => {
    const partner = w.partnerA.admin.token
    await call('POST', '/api/v1/tenants', { token: partner, body: { id: 'ZMB', name: 'Zambia MoH' } })
    const inv = await call('POST', '/api/v1/tenants/ZMB/invitations', { token: partner, body: { email: email('zmb') } })
    const admin = await accept(inv.json.token, 'Zambia Admin')
    expect(admin.status).toBe(201)
    expect((await call('POST', '/api/v1/tenants/ZMB/offboard', { token: w.platform.token })).json.code).toBe('tenant.not_suspended')
    await call('POST', '/api/v1/tenants/ZMB/suspend', { token: w.platform.token })
    const off = await call('POST', '/api/v1/tenants/ZMB/offboard', { token: w.platform.token })
    expect(off.status).toBe(200)
    expect(off.json.format).toBe('cadre.tenant-export.v1')
    expect(off.json.deletedItems).toBeGreaterThan(3)
    expect(off.json.items.some((i: { sk: string }) => i.sk === 'M#T#ZMB')).toBe(true)
    const after = await call('GET', '/api/v1/tenants/ZMB', { token: w.platform.token })
    expect(after.json.status).toBe('offboarded')
    expect((await call('GET', '/api/v1/tenants/ZMB', { token: partner })).status).toBe(404)
    const me = await call('POST', '/api/v1/auth/login', { body: { email: admin.json.user.email, password: 'a-good-long-password' } })
    expect(me.json.code).toBe('auth.no_membership')
  })
})

describe('writes survive a dropped connection (Idempotency-Key)', () => {
  it('repeating a POST with the same key returns the first result and creates nothing new', async () => {
    const token = w.a.users['ministry-admin'].token
    const headers = { 'idempotency-key': 'retry-me-0001' }
    const body = { email: email('idem'), role: 'viewer' }
    const first = await call('POST', '/api/v1/users', { token, body, headers })
    const second = await call('POST', '/api/v1/users', { token, body, headers })
    expect(second.status).toBe(201)
    expect(second.headers.get('idempotent-replayed')).toBe('true')
    expect(second.json.id).toBe(first.json.id)
    const invs = await call('GET', '/api/v1/tenants/KEN/invitations?limit=200', { token })
    expect(invs.json.items.filter((i: { email: string }) => i.email === body.email)).toHaveLength(1)
    const reused = await call('POST', '/api/v1/users', { token, body: { ...body, role: 'registrar' }, headers })
    expect(reused.status).toBe(422)
    expect(reused.json.code).toBe('idempotency.key_reused')
  })

  it('ten concurrent retries with one key create exactly one record', async () => {
    const token = w.partnerB.admin.token
    const headers = { 'idempotency-key': 'concurrent-provision-1' }
    const replies = await Promise.all(Array.from({ length: 10 }, () => call('POST', '/api/v1/tenants', { token, body: { id: 'TZA', name: 'Tanzania' }, headers })))
    expect(replies.map((r) => r.status)).toEqual(Array(10).fill(201))
    expect(new Set(replies.map((r) => r.json.createdAt)).size).toBe(1)
  })
})
