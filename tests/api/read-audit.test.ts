import { ScanCommand } from '@aws-sdk/client-dynamodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { peopleIn } from '../../functions/api/person-data'
import type { AnyRoute } from '../../functions/api/route'
import { routes } from '../../functions/api/routes'
import { config } from '../../functions/core/config'
import { dynamo } from '../../functions/core/db/client'
import { fromAttr } from '../../functions/core/db/marshal'
import { call, type Reply } from '../support/http'
import { startJobLoop } from '../../functions/jobs/loop'
import { finished } from '../support/jobs'
import { fillPath } from '../support/route-calls'
import { buildWorld, person, type Person, type World } from '../support/world'

/**
 * Generated from the route table: every route that declares person data in its answer is called, and the
 * audit event its answer must leave is looked for by the request's id, wherever it was filed. A route that
 * says it shows nobody is called too, and must not show anyone.
 */
let w: World
let birth = 0
/** a finished export of tenant A: the job routes need one of the caller's own */
let jobId = ''
/** a checked import of tenant A, for the routes that read its report */
let importId = ''
let loop: ReturnType<typeof startJobLoop>
beforeAll(async () => {
  w = await buildWorld()
  loop = startJobLoop({ pollMs: 200 })
  const token = w.a.users['ministry-admin'].token
  const started = ok(await call('POST', `/api/v1/tenants/${w.a.id}/export`, { token }), 202)
  jobId = (await finished(token, started)).id
  // a frozen year of its own for the DHIS2 export (the period routes below freeze and reopen 2025)
  ok(await call('POST', '/api/v1/periods/freeze', { token, body: { year: 2024 }, headers: { 'if-match': '"0"' } }))
  // a checked import of tenant A: its report names a person of the file and the worker it matched
  const file = `National ID,Given name,Family name\n${w.a.registry.worker.nationalId ?? 'NID-KEN-1'},Read,Audit\n`
  const created = ok(await call('POST', '/api/v1/imports', { token, body: { kind: 'workers', fileName: 'read-audit.csv', bytes: file.length } }), 201)
  const sent = ok(await call('PUT', created.upload.url, { token, raw: file, headers: { 'content-type': 'text/csv' } }), 202)
  await finished(token, { id: sent.jobId })
  importId = created.id
}, 120_000)
afterAll(() => loop?.stop())

/** Query parameters a route requires, with values of tenant A's data. */
const requiredQuery: Record<string, string> = {
  '/api/v1/indicators': '?indicator=density',
  '/api/v1/periods/dhis2': '?year=2024',
}

const label = (r: AnyRoute) => `${r.method.toUpperCase()} ${r.path}`
const placeholder = (prefix: string) => `${prefix}01jabcdefghjkmnpqrstvwxyz0`

/** A worker of its own for each call (licensed, deployed), so no call depends on what another changed. */
async function freshWorker() {
  const r = w.a.registry
  const token = w.a.users.registrar.token
  const day = String(1 + (birth++ % 28)).padStart(2, '0')
  const worker = ok(await call('POST', '/api/v1/workers', { token, body: { givenName: 'Traced', familyName: `ReadAudit${birth}`, sex: 'male', birthDate: `1975-03-${day}`, cadreId: r.cadre.id, orgUnitId: r.district.id, confirmNotDuplicate: true } }), 201)
  const licence = ok(await call('POST', `/api/v1/workers/${worker.id}/licences`, { token, body: { council: 'Council KEN', number: `RA-${worker.id.slice(4)}`, issuedAt: '2024-01-01', expiresAt: '2026-12-31' } }), 201)
  const deployment = ok(await call('POST', `/api/v1/workers/${worker.id}/deployments`, { token, body: { facilityId: r.facility.id, position: 'Nurse', startDate: '2025-01-01' } }), 201)
  return { worker, licence, deployment }
}

function callerFor(route: AnyRoute): Person {
  if (route.access === 'public') throw new Error(`${label(route)} shows person data without signing in`)
  if (route.access === 'signed-in') return w.a.users.registrar
  const cast = [w.a.users.registrar, w.a.users['ministry-admin'], w.a.users.viewer, w.platform]
  const caller = cast.find((p) => (route.access as readonly string[]).includes(p.role))
  if (!caller) throw new Error(`no caller for ${label(route)}`)
  return caller
}

/** Tenant A's ids for every path parameter, with a fresh worker, its licence and deployment. */
async function ownParams(route: AnyRoute) {
  const own = await freshWorker()
  const r = w.a.registry
  return {
    own,
    params: {
      tenantId: w.a.id, userId: w.a.users.viewer.userId, partnerId: w.partnerA.id, donorId: w.donorId,
      orgUnitId: r.district.id, facilityId: r.facility.id, cadreId: r.cadre.id,
      workerId: own.worker.id, licenceId: own.licence.id, deploymentId: own.deployment.id,
      jobId, clientId: w.a.client.id, invitationId: w.a.invitation.id, importId,
    } as Record<string, string>,
    headers: (route.ifMatch ? { 'if-match': `"${await versionOf(route, own)}"` } : {}) as Record<string, string>,
  }
}

async function versionOf(route: AnyRoute, own: Awaited<ReturnType<typeof freshWorker>>) {
  const token = w.a.users.registrar.token
  const id = own.worker.id
  if (route.path.includes(':licenceId')) return ok(await call('GET', `/api/v1/workers/${id}/licences`, { token })).items.find((l: any) => l.id === own.licence.id).version
  if (route.path.includes(':deploymentId')) return ok(await call('GET', `/api/v1/workers/${id}/deployments`, { token })).items.find((d: any) => d.id === own.deployment.id).version
  return ok(await call('GET', `/api/v1/workers/${id}`, { token })).version
}

/** The route's example body, its placeholder ids turned into tenant A's (a second fresh worker for a `wrk_` one). */
async function bodyFor(route: AnyRoute) {
  if (!route.body) return undefined
  const r = w.a.registry
  let text = JSON.stringify(route.example ?? {})
  const swaps: [string, string][] = [['ou_', r.district.id], ['fac_', r.facility.id], ['cad_', r.cadre.id]]
  if (text.includes(placeholder('wrk_'))) swaps.push(['wrk_', (await freshWorker()).worker.id])
  for (const [prefix, id] of swaps) text = text.replaceAll(`"${placeholder(prefix)}"`, `"${id}"`)
  return JSON.parse(text)
}

function ok(reply: Reply, status?: number) {
  if (status ? reply.status !== status : reply.status >= 300) throw new Error(`${reply.status} ${reply.text.slice(0, 300)}`)
  return reply.json
}

/** Every audit event a request left, in whichever log it was filed (a country's, a partner's, the platform's). */
async function eventsOf(requestId: string) {
  const events: any[] = []
  let start: Record<string, any> | undefined
  do {
    const out = await dynamo().send(
      new ScanCommand({
        TableName: config.table,
        ExclusiveStartKey: start,
        FilterExpression: 'requestId = :r AND contains(pk, :log)',
        ExpressionAttributeValues: { ':r': { S: requestId }, ':log': { S: 'AUDIT' } },
      }),
    )
    events.push(...(out.Items ?? []).map((i) => fromAttr(i)))
    start = out.LastEvaluatedKey
  } while (start)
  return events
}

/** A country that exists only to be offboarded (the route needs a suspended one). */
async function doomedCountry(params: Record<string, string>) {
  const id = 'RWA'
  ok(await call('POST', '/api/v1/tenants', { token: w.partnerA.admin.token, body: { id, name: 'Rwanda' } }), 201)
  ok(await call('POST', `/api/v1/tenants/${id}/suspend`, { token: w.platform.token }))
  params.tenantId = id
}

const showing = routes.filter((r) => r.personData)
const silent = routes.filter((r) => r.personData === false && r.method === 'get' && r.access !== 'public')

describe('every answer that shows a person leaves an audit event', () => {
  it('the route table declares person data for every route, and some routes show people', () => {
    for (const r of routes) expect(['read', 'export', 'list', 'audited', false], label(r)).toContain(r.personData)
    expect(showing.length).toBeGreaterThan(10)
  })

  it.each(showing.map((r) => [label(r), r] as const))('%s', async (_, route) => {
    const { own, params, headers } = await ownParams(route)
    if (route.path.endsWith('/offboard')) await doomedCountry(params)
    const path = fillPath(route, params) + (route.path === '/api/v1/workers' ? `?q=${encodeURIComponent('ReadAudit')}` : '')
    const body = await bodyFor(route)
    let reply = await call(route.method.toUpperCase(), path, { token: callerFor(route).token, body, headers })
    // a country-wide record (periods, sharing) is at the version the server names, not a worker's
    if (reply.status === 412 && typeof reply.json?.currentVersion === 'number')
      reply = await call(route.method.toUpperCase(), path, { token: callerFor(route).token, body, headers: { 'if-match': `"${reply.json.currentVersion}"` } })
    expect(reply.status, reply.text.slice(0, 300)).toBeLessThan(300)
    const requestId = reply.headers.get('x-request-id')!
    const events = await eventsOf(requestId)
    const where = `${label(route)}: events ${JSON.stringify(events.map((e) => e.action))}`
    const via = label(route)

    if (route.personData === 'read' || route.personData === 'export') {
      const action = route.personData === 'read' ? 'worker.read' : 'worker.export'
      expect(events, where).toEqual(expect.arrayContaining([expect.objectContaining({ action, entityType: 'worker', entityId: own.worker.id, via })]))
    } else if (route.personData === 'list') {
      const shown = peopleIn(reply.json)
      expect(shown.length, `${label(route)} showed nobody, so proves nothing`).toBeGreaterThan(0)
      const listed = events.filter((e) => e.action === 'worker.list' && e.via === via).flatMap((e) => e.ids)
      expect(listed.sort(), where).toEqual([...shown].sort())
    } else {
      expect(events.length, where).toBeGreaterThan(0)
    }
  })
})

describe('an answer declared free of people shows nobody', () => {
  it.each(silent.map((r) => [label(r), r] as const))('%s', async (_, route) => {
    const { own, params } = await ownParams(route)
    const reply = await call('GET', fillPath(route, params) + (requiredQuery[route.path] ?? ''), { token: callerFor(route).token })
    expect(reply.status, reply.text.slice(0, 300)).toBe(200)
    for (const s of [own.worker.familyName, own.worker.id, w.a.registry.worker.familyName, 'NID-KEN-1']) expect(reply.text, label(route)).not.toContain(s)
  })
})

describe('what is not shown is not traced', () => {
  it('a read of a missing worker leaves no read event', async () => {
    const missing = placeholder('wrk_')
    const reply = await call('GET', `/api/v1/workers/${missing}/licences`, { token: w.a.users.registrar.token })
    expect(reply.status).toBe(404)
    expect(await eventsOf(reply.headers.get('x-request-id')!)).toEqual([])
  })

  it('a page of nobody writes no list event', async () => {
    const reply = await call('GET', '/api/v1/workers?q=NobodyIsCalledThis', { token: w.a.users.registrar.token })
    expect(reply.json.items).toEqual([])
    expect(await eventsOf(reply.headers.get('x-request-id')!)).toEqual([])
  })
})

describe('probable duplicates: the candidates shown are a read', () => {
  it('the 409 worker.probable_duplicate names the candidates it showed in one event', async () => {
    const { worker } = await freshWorker()
    const token = w.a.users.registrar.token
    const reply = await call('POST', '/api/v1/workers', { token, body: { givenName: worker.givenName, familyName: worker.familyName, sex: worker.sex, birthDate: worker.birthDate, cadreId: w.a.registry.cadre.id, orgUnitId: w.a.registry.district.id } })
    expect(reply.json.code).toBe('worker.probable_duplicate')
    const events = await eventsOf(reply.headers.get('x-request-id')!)
    expect(events).toEqual([expect.objectContaining({ action: 'worker.candidates', ids: reply.json.candidates.map((c: any) => c.id), via: '409 worker.probable_duplicate' })])
  })

  it('the 409 worker.duplicate that names the holder of a national id is a read of that worker', async () => {
    const token = w.a.users.registrar.token
    const reply = await call('POST', '/api/v1/workers', { token, body: { givenName: 'Some', familyName: 'Onelse', sex: 'male', birthDate: '1960-01-01', nationalId: 'NID-KEN-1', cadreId: w.a.registry.cadre.id } })
    expect(reply.json).toMatchObject({ code: 'worker.duplicate', existingId: w.a.registry.worker.id })
    const events = await eventsOf(reply.headers.get('x-request-id')!)
    expect(events).toEqual([expect.objectContaining({ action: 'worker.read', entityId: w.a.registry.worker.id, via: '409 worker.duplicate' })])
  })
})

describe('a replayed answer is read again, within the caller’s scope now', () => {
  let scoped: Person
  let home: any
  let away: any
  beforeAll(async () => {
    const token = w.a.users.registrar.token
    home = ok(await call('POST', '/api/v1/org-units', { token, body: { name: 'Replay Home', level: 'district', parentId: w.a.registry.region.id } }), 201)
    const other = ok(await call('POST', '/api/v1/org-units', { token, body: { name: 'Replay Away', level: 'district', parentId: w.a.registry.region.id } }), 201)
    away = ok(await call('POST', '/api/v1/facilities', { token, body: { name: 'Away Clinic', parentId: other.id, facilityType: 'clinic', ownership: 'public' } }), 201)
    scoped = await person({ kind: 'tenant', id: w.a.id }, 'Kenya', 'registrar', home.id)
  })

  it('replays while the worker is in scope (traced), then answers 404 once it has left', async () => {
    const body = { givenName: 'Replayed', familyName: 'Mover', sex: 'female', birthDate: '1982-11-30', cadreId: w.a.registry.cadre.id, orgUnitId: home.id, confirmNotDuplicate: true }
    const headers = { 'idempotency-key': 'replay-scope-check-1' }
    const first = ok(await call('POST', '/api/v1/workers', { token: scoped.token, body, headers }), 201)
    const again = await call('POST', '/api/v1/workers', { token: scoped.token, body, headers })
    expect(again.status).toBe(201)
    expect(again.headers.get('idempotent-replayed')).toBe('true')
    expect(again.json.id).toBe(first.id)
    expect(await eventsOf(again.headers.get('x-request-id')!)).toEqual([
      expect.objectContaining({ action: 'worker.read', entityId: first.id, via: 'POST /api/v1/workers (replayed)' }),
    ])

    // a country-wide registrar transfers the worker out of the scoped registrar's district
    ok(await call('POST', `/api/v1/workers/${first.id}/deployments`, { token: w.a.users.registrar.token, body: { facilityId: away.id, position: 'Nurse', startDate: '2026-02-01' } }), 201)
    const gone = await call('POST', '/api/v1/workers', { token: scoped.token, body, headers })
    expect(gone.status).toBe(404)
    expect(gone.json.code).toBe('worker.not_found')
    expect(gone.text).not.toContain('Mover')
    expect(gone.text).not.toContain(first.id)
  })
})
