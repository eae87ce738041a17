import { beforeAll, describe, expect, it } from 'vitest'
import { startJobLoop } from '../../functions/jobs/loop'
import { call } from '../support/http'
import { download, finished } from '../support/jobs'
import { buildWorld, email, PASSWORD, type World } from '../support/world'

let w: World
const login = (address: string, password: string) => call('POST', '/api/v1/auth/login', { body: { email: address, password } })
beforeAll(async () => {
  w = await buildWorld()
})

/** Accepting an invitation as the console does: the account (if the email has none), then signing in with it. */
const accept = async (token: string, name = 'New Person', password = 'a-good-long-password') => {
  const accepted = await call('POST', '/api/v1/auth/invitations/accept', { body: { token, name, password } })
  if (accepted.status !== 202) return accepted
  return call('POST', '/api/v1/auth/login', { body: { email: accepted.json.email, password, invitation: token } })
}

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
    expect(preview.json).toEqual({ email: adminEmail, role: 'ministry-admin', scope: { kind: 'tenant', id: 'MWI' }, scopeName: 'Malawi MoH', expiresAt: inv.json.expiresAt })

    const weak = await accept(inv.json.token, 'Admin', 'short')
    expect(weak.status).toBe(400)
    const admin = await accept(inv.json.token, 'Chikondi Banda')
    expect(admin.status).toBe(200)
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
    expect(actions).toEqual(expect.arrayContaining(['tenant.create', 'invitation.create', 'invitation.accept']))
    // an account's creation is the platform's record, not the country's: the inviter learns nothing from it
    expect(actions).not.toContain('user.create')
    expect(JSON.stringify(audit.json)).not.toMatch(/scrypt|tokenHash/)
  })

  it('takes an invitation for an existing account only by signing in to it, through the password throttle', async () => {
    const existing = w.b.users.viewer
    const inv = await call('POST', '/api/v1/users', { token: w.a.users['ministry-admin'].token, body: { email: existing.email, role: 'viewer' } })
    // accepting checks no password and changes nothing for an existing account: it is no oracle
    const guess = await call('POST', '/api/v1/auth/invitations/accept', { body: { token: inv.json.token, name: 'x', password: 'not-my-password' } })
    expect(guess.status).toBe(202)
    expect((await login(existing.email, PASSWORD)).json.memberships).toHaveLength(1)
    // a wrong password with the invitation is an ordinary failed sign-in
    const wrong = await call('POST', '/api/v1/auth/login', { body: { email: existing.email, password: 'not-my-password', invitation: inv.json.token } })
    expect(wrong.status).toBe(401)
    const ok = await call('POST', '/api/v1/auth/login', { body: { email: existing.email, password: PASSWORD, invitation: inv.json.token } })
    expect(ok.status).toBe(200)
    expect(ok.json.membership).toMatchObject({ role: 'viewer', scope: { kind: 'tenant', id: 'KEN' } })
    expect(ok.json.memberships).toHaveLength(2)
    expect((await call('POST', '/api/v1/auth/invitations/preview', { body: { token: inv.json.token } })).json.code).toBe('invitation.invalid')
  })

  it('answers preview and accept alike whether or not the invited email has an account', async () => {
    const admin = w.a.users['ministry-admin'].token
    const known = await call('POST', '/api/v1/users', { token: admin, body: { email: w.b.users.registrar.email, role: 'viewer' } })
    const fresh = await call('POST', '/api/v1/users', { token: admin, body: { email: email('fresh'), role: 'viewer' } })
    const shape = (r: { status: number; json: Record<string, unknown> }, addr: string) => ({ status: r.status, json: JSON.parse(JSON.stringify(r.json).replaceAll(addr, 'EMAIL')) })
    const preview = (t: string) => call('POST', '/api/v1/auth/invitations/preview', { body: { token: t } })
    const p1 = await preview(known.json.token)
    const p2 = await preview(fresh.json.token)
    expect(shape(p1, known.json.email)).toEqual({ ...shape(p2, fresh.json.email), json: { ...shape(p2, fresh.json.email).json, expiresAt: p1.json.expiresAt } })
    const body = (t: string) => ({ body: { token: t, name: 'Someone', password: 'some-long-password' } })
    const a1 = await call('POST', '/api/v1/auth/invitations/accept', body(known.json.token))
    const a2 = await call('POST', '/api/v1/auth/invitations/accept', body(fresh.json.token))
    expect(shape(a1, known.json.email)).toEqual(shape(a2, fresh.json.email))
    // and the inviter's list shows both still pending
    const list = await call('GET', '/api/v1/tenants/KEN/invitations?limit=200', { token: admin })
    const statuses = list.json.items.filter((i: { id: string }) => [known.json.id, fresh.json.id].includes(i.id)).map((i: { status: string }) => i.status)
    expect(statuses).toEqual(['pending', 'pending'])
    // the existing account's password was not changed by the stranger's accept
    expect((await login(w.b.users.registrar.email, PASSWORD)).status).toBe(200)
  })

  it('lets a signed-in user take an invitation to its own email, and nobody else’s', async () => {
    const admin = w.a.users['ministry-admin'].token
    const mine = w.b.users.manager
    const inv = await call('POST', '/api/v1/users', { token: admin, body: { email: mine.email, role: 'viewer' } })
    const other = await call('POST', '/api/v1/users', { token: admin, body: { email: email('someone-else'), role: 'viewer' } })
    const session = await login(mine.email, PASSWORD)
    const notMine = await call('POST', '/api/v1/auth/invitations/join', { token: session.json.accessToken, body: { token: other.json.token } })
    expect(notMine.json.code).toBe('invitation.invalid')
    const joined = await call('POST', '/api/v1/auth/invitations/join', { token: session.json.accessToken, body: { token: inv.json.token } })
    expect(joined.status).toBe(200)
    expect(joined.json.membership).toMatchObject({ role: 'viewer', scope: { id: 'KEN' } })
    // the session moved: the old sign-in ended with it
    expect((await call('POST', '/api/v1/auth/refresh', { body: { refreshToken: session.json.refreshToken } })).status).toBe(401)
    // an access token that outlives its sign-in takes nothing
    await call('POST', '/api/v1/auth/logout', { token: joined.json.accessToken })
    const late = await call('POST', '/api/v1/auth/invitations/join', { token: joined.json.accessToken, body: { token: other.json.token } })
    expect(late.json.code).toBe('auth.session_ended')
  })

  it('lists, revokes and resends invitations; a partner sees and manages only its own', async () => {
    const partner = w.partnerA.admin.token
    await call('POST', '/api/v1/tenants', { token: partner, body: { id: 'TCD', name: 'Chad MoH' } })
    const first = await call('POST', '/api/v1/tenants/TCD/invitations', { token: partner, body: { email: email('tcd') } })
    expect(first.status).toBe(201)
    // a pending first-admin invitation counts: a second would leave a live link behind
    expect((await call('POST', '/api/v1/tenants/TCD/invitations', { token: partner, body: { email: email('tcd2') } })).json.code).toBe('tenant.admin_invited')
    const resent = await call('POST', `/api/v1/tenants/TCD/invitations/${first.json.id}/resend`, { token: partner })
    expect(resent.status).toBe(200)
    expect(resent.json.token).not.toBe(first.json.token)
    expect((await call('POST', '/api/v1/auth/invitations/preview', { body: { token: first.json.token } })).json.code).toBe('invitation.invalid')
    expect((await call('POST', '/api/v1/auth/invitations/preview', { body: { token: resent.json.token } })).status).toBe(200)
    // another partner cannot touch it, and does not learn it exists
    expect((await call('POST', `/api/v1/tenants/TCD/invitations/${first.json.id}/revoke`, { token: w.partnerB.admin.token })).status).toBe(404)
    const revoked = await call('POST', `/api/v1/tenants/TCD/invitations/${first.json.id}/revoke`, { token: partner })
    expect(revoked.json).toMatchObject({ status: 'revoked', revokedReason: 'revoked' })
    expect((await call('POST', '/api/v1/auth/invitations/preview', { body: { token: resent.json.token } })).json.code).toBe('invitation.invalid')
    expect((await call('POST', `/api/v1/tenants/TCD/invitations/${first.json.id}/revoke`, { token: partner })).json.code).toBe('invitation.not_pending')

    // once the country has its admin, a partner's pending invitation there dies with it
    const byPartner = await call('POST', '/api/v1/tenants/TCD/invitations', { token: partner, body: { email: email('tcd-partner') } })
    const byPlatform = await call('POST', '/api/v1/tenants/TCD/invitations', { token: w.platform.token, body: { email: email('tcd-platform') } })
    const admin = await accept(byPlatform.json.token, 'Chad Admin')
    expect(admin.status).toBe(200)
    expect((await call('POST', '/api/v1/auth/invitations/preview', { body: { token: byPartner.json.token } })).json.code).toBe('invitation.invalid')
    const mine = await call('GET', '/api/v1/tenants/TCD/invitations', { token: partner })
    expect(mine.json.items.every((i: { invitedByPartnerId?: string }) => i.invitedByPartnerId === w.partnerA.id)).toBe(true)
    expect(mine.json.items.find((i: { id: string }) => i.id === byPartner.json.id)).toMatchObject({ status: 'revoked', revokedReason: 'country-has-admin' })
    // the ministry admin sees every invitation of its country
    const all = await call('GET', '/api/v1/tenants/TCD/invitations', { token: admin.json.accessToken })
    expect(all.json.items.map((i: { id: string }) => i.id)).toEqual(expect.arrayContaining([first.json.id, byPartner.json.id, byPlatform.json.id]))
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
    expect(admin.status).toBe(200)
    expect((await call('POST', '/api/v1/tenants/ZMB/offboard', { token: w.platform.token })).json.code).toBe('tenant.not_suspended')
    await call('POST', '/api/v1/tenants/ZMB/suspend', { token: w.platform.token })
    const started = await call('POST', '/api/v1/tenants/ZMB/offboard', { token: w.platform.token })
    expect(started.status).toBe(202)
    // a job: run here by the local loop, by the queue in production
    const loop = startJobLoop({ pollMs: 200 })
    const off = await finished(w.platform.token, started.json).finally(() => loop.stop())
    expect(off.state).toBe('done')
    expect(off.result.deletedItems).toBeGreaterThan(3)
    const file = await download(w.platform.token, off.id)
    expect(file.header.format).toBe('cadre.tenant-export.v2')
    expect(file.items.some((i) => i.sk === 'M#T#ZMB')).toBe(true)
    const after = await call('GET', '/api/v1/tenants/ZMB', { token: w.platform.token })
    expect(after.json.status).toBe('offboarded')
    expect((await call('GET', '/api/v1/tenants/ZMB', { token: partner })).status).toBe(404)
    const me = await call('POST', '/api/v1/auth/login', { body: { email: admin.json.user.email, password: 'a-good-long-password' } })
    expect(me.json.code).toBe('auth.no_membership')
  }, 150_000)
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
