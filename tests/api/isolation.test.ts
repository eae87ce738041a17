import { SignJWT } from 'jose'
import { beforeAll, describe, expect, it } from 'vitest'
import type { AnyRoute } from '../../functions/api/route'
import { routes } from '../../functions/api/routes'
import { runJob } from '../../functions/jobs/runner'
import { personRoles, tenantRoles, type Role } from '../../functions/core/auth/roles'
import { call, expectProblem, type Reply } from '../support/http'
import {
  exampleFor, fillPath, getAt, idFields, isChoice, leaked, otherTenantParams, ownBody, pagingParams, queryCandidates, queryVariants, secretsOf, setAt, type Target,
} from '../support/route-calls'
import { bookkeeping, mentions, picture, scanTable, type Stored } from '../support/table-snapshot'
import { buildWorld, person, PASSWORD, scopedCast, type Person, type ScopedCast, type World } from '../support/world'

/**
 * Generated from the route table: a new route, query parameter or body field is in this suite the moment it
 * is added. Two targets, each probed through paths, query strings, every body field that takes an id, and
 * headers: tenant B, by every role of tenant A, A's partner and a donor; and, inside A, the district beside a
 * scoped user's own, by a district manager, a scoped registrar and a scoped viewer. No reply may carry any
 * id, name or identifier of the target; the target's records are read back from the table afterwards and
 * must be as they were. Each query probe is also sent by the target's own user of the same role: that it
 * finds the target there proves the probe looks where the data is.
 */
let w: World
let cast: ScopedCast
let suspended: Person
let B: Target
let OUT: Target
let before: Stored[]
let jobs: { a: string; b: string }
/** makes A's fresh fixtures; never a caller of the matrix, so its sign-in stays alive */
let maker: Person

const ok = (r: Reply) => {
  if (r.status >= 300) throw new Error(r.text)
  return r.json
}

beforeAll(async () => {
  w = await buildWorld()
  await call('POST', '/api/v1/tenants', { token: w.partnerA.admin.token, body: { id: 'RWA', name: 'Rwanda' } })
  suspended = await person({ kind: 'tenant', id: 'RWA' }, 'Rwanda', 'ministry-admin')
  await call('POST', '/api/v1/tenants/RWA/suspend', { token: w.platform.token })
  cast = await scopedCast(w)
  maker = await person({ kind: 'tenant', id: w.a.id }, w.a.name, 'registrar')
  // a job in each country, for the routes that name one (queued: no runner in this file)
  jobs = {
    a: ok(await call('POST', `/api/v1/tenants/${w.a.id}/export`, { token: w.a.users['ministry-admin'].token })).id,
    b: ok(await call('POST', `/api/v1/tenants/${w.b.id}/export`, { token: w.b.users['ministry-admin'].token })).id,
  }
  const table = await scanTable()
  B = await tenantTarget(table)
  OUT = await outsideTarget()
  before = await scanTable()
}, 240_000)

const name = (r: AnyRoute) => `${r.method.toUpperCase()} ${r.path}`
const guarded = routes.filter((r) => r.access !== 'public')
const may = (r: AnyRoute, p: Person | undefined) =>
  r.access === 'public' || (!!p && (r.access === 'signed-in' || (r.access as readonly string[]).includes(p.role)))
const pathOf = (r: AnyRoute, params: Record<string, string>, query?: Record<string, string>) =>
  fillPath(r, params) + (query && Object.keys(query).length ? `?${new URLSearchParams(query)}` : '')

/** Tenant A's callers: every country role, A's partner and a donor. */
const callersOfA = () => [...Object.values(w.a.users), w.partnerA.admin, w.donor]
const scoped = () => Object.values(cast.users)

const prefixOrder = ['wrk', 'lic', 'dep', 'trn', 'ext', 'fac', 'ou', 'cad', 'usr', 'inv', 'job', 'cli', 'ptn']
const rank = (id: string) => (prefixOrder.indexOf(id.split('_')[0]!) + 100) % 100

/** Tenant B: every id it holds (read from its partitions of the table), its people's words, its lists' cursors. */
async function tenantTarget(table: Stored[]): Promise<Target> {
  const params = { ...otherTenantParams(w), jobId: jobs.b }
  // the donor is no tenant's: it is not B's to protect
  const ids = new Set<string>([w.partnerB.id, w.partnerB.admin.userId, ...Object.values(params).filter((v) => v.includes('_') && v !== w.donorId)])
  for (const item of table.filter((i) => i.pk.startsWith(`T#${w.b.id}#`) && !i.pk.includes('#AUDIT')))
    for (const v of [item.id, item.userId]) if (typeof v === 'string' && /^[a-z]{2,3}_[0-9a-z]{26}$/.test(v)) ids.add(v)
  const sorted = [...ids].sort((x, y) => rank(x) - rank(y))
  const owners = [w.b.users['ministry-admin'], w.b.users.registrar, w.partnerB.admin, w.platform]
  const target: Target = {
    label: 'tenant B', params, ids: sorted, tenantId: w.b.id,
    terms: ['WorkerUGA', 'Marker', 'NID-UGA-1', 'LIC-UGA-1'],
    emails: [...Object.values(w.b.users).map((u) => u.email), w.partnerB.admin.email],
    cursors: {},
    secrets: [...new Set([...sorted, ...secretsOf(w), w.partnerB.admin.email])],
  }
  target.cursors = await cursorsOf(params, (r) => owners.find((p) => may(r, p)))
  return target
}

/** Inside A: the district beside the scoped users' own, with its worker. Other path parameters name A's own. */
async function outsideTarget(): Promise<Target> {
  const o = cast.outside
  const ids = [o.worker.id, o.licence.id, o.deployment.id, o.training.id, o.facility.id, o.district.id]
  const params = { ...ownParams(), orgUnitId: o.district.id, facilityId: o.facility.id, workerId: o.worker.id, licenceId: o.licence.id, deploymentId: o.deployment.id }
  const words = ['OutOfScopeKEN', 'NID-KEN-OUT-1', 'REG-KEN-OUT-1', 'LIC-KEN-OUT-1']
  const target: Target = { label: 'the district beside', params, ids, terms: [...words, 'Marker'], cursors: {}, secrets: [...ids, ...words, 'MARKER-OUT'] }
  target.cursors = await cursorsOf(params, (r) => [w.a.users['ministry-admin'], w.a.users.registrar, w.partnerA.admin, w.platform].find((p) => may(r, p)))
  return target
}

/** A's own id for every path parameter: B's, mirrored (the same fixture in A), with A's own job. */
function ownParams(): Record<string, string> {
  const pairs: [unknown, unknown][] = [[w.b, w.a], [w.partnerB, w.partnerA]]
  const find = (tree: unknown, value: string, path: string[] = []): string[] | undefined => {
    if (tree === value) return path
    if (!tree || typeof tree !== 'object') return undefined
    for (const [k, v] of Object.entries(tree)) {
      const hit = find(v, value, [...path, k])
      if (hit) return hit
    }
    return undefined
  }
  const mirror = (value: string) => {
    for (const [from, to] of pairs) {
      const path = find(from, value)
      if (path) return path.reduce<any>((v, k) => v?.[k], to) as string
    }
    return value
  }
  return { ...Object.fromEntries(Object.entries(otherTenantParams(w)).map(([k, v]) => [k, mirror(v)])), jobId: jobs.a }
}

/** The target's own cursor for each list route (a page of one, read by whoever may read it), and one for any list. */
async function cursorsOf(params: Record<string, string>, ownerOf: (r: AnyRoute) => Person | undefined) {
  const cursors: Record<string, string> = {}
  for (const r of routes.filter((r) => r.method === 'get' && r.query && 'cursor' in (r.query as any)._zod.def.shape)) {
    const owner = ownerOf(r)
    if (!owner) continue
    const page = await call('GET', pathOf(r, params, { limit: '1' }), { token: owner.token })
    if (page.status === 200 && page.json.cursor) cursors[r.path] = page.json.cursor
  }
  cursors['*'] = cursors['/api/v1/users'] ?? Object.values(cursors)[0]!
  return cursors
}

function expectNoLeak(r: Reply, target: Target, where: string) {
  expect(r.status, `${where} -> ${r.status} ${r.text.slice(0, 300)}`).toBeLessThan(500)
  expect(leaked(r, target.secrets), `${where} -> ${r.status} ${r.text.slice(0, 300)}`).toEqual([])
}

const pathNamesSubtree = (r: AnyRoute) => /:(workerId|orgUnitId|facilityId|licenceId|deploymentId)\b/.test(r.path)

/**
 * Each query parameter in turn (and in pairs) holding the target's ids, names and cursors; the path names the
 * caller's own records so the query is what is tested. The same request from the target's owner shows which
 * parameters reach the target's data.
 */
async function probeQueries(route: AnyRoute, target: Target, callers: Person[], ownerOf: (p: Person) => Person | undefined, ownPath: Record<string, string>, strict: boolean) {
  const variants = queryVariants(route, queryCandidates(route, target, strict))
  const reaching = new Set<string>()
  let owned = false
  let plainReaches = false
  for (const caller of callers.filter((p) => may(route, p))) {
    const owner = ownerOf(caller)
    if (owner && may(route, owner)) plainReaches ||= leaked(await call('GET', pathOf(route, target.params), { token: owner.token }), target.secrets).length > 0
    for (const query of variants) {
      const r = await call('GET', pathOf(route, ownPath, query), { token: caller.token })
      expectNoLeak(r, target, `${caller.role} ${name(route)}?${new URLSearchParams(query)}`)
      if (!owner || !may(route, owner)) continue
      owned = true
      const control = await call('GET', pathOf(route, target.params, query), { token: owner.token })
      if (leaked(control, target.secrets).length) for (const k of Object.keys(query)) reaching.add(k)
    }
  }
  // where the owner's list shows the target, or the route shows people, each way of naming data must find it
  return { reaching, owned: owned && (plainReaches || !!route.personData) }
}

/** Query parameters whose probe must be shown to reach the target (ids and search words, not paging or enums). */
function mustReach(route: AnyRoute, target: Target) {
  const candidates = queryCandidates(route, target, false)
  const shape = (route.query as any)._zod.def.shape
  return Object.keys(candidates).filter((k) => candidates[k]!.length && !pagingParams.has(k) && !isChoice(shape[k]))
}

let fixture = 0
/**
 * Fresh records of A's own (inside the scoped users' district), for a route whose body takes ids: its path
 * names them, and every id field of the body starts from one of them.
 */
async function freshOwn(route: AnyRoute) {
  const n = ++fixture
  const post = (path: string, body: unknown) => call('POST', path, { token: maker.token, body }).then(ok)
  const inside = cast.inside
  const unit = () => post('/api/v1/org-units', { name: `Ward ${n} ${Math.random().toString(36).slice(2, 6)}`, level: 'ward', parentId: inside.district.id })
  const worker = (tag: string) =>
    post('/api/v1/workers', { givenName: 'Own', familyName: `Fresh ${tag}`, sex: 'female', birthDate: '1991-01-01', nationalId: `OWN-${n}-${tag}`, cadreId: inside.cadre.id, orgUnitId: inside.district.id, confirmNotDuplicate: true })
  const needs = (p: string) => route.path.includes(`:${p}`)
  const params = ownParams()
  const placeholder = await unit()
  const duplicate = idFields(route).some((f) => f.leaf.safeParse('wrk_00000000000000000000000000').success) ? await worker('dup') : undefined
  if (needs('orgUnitId')) params.orgUnitId = (await unit()).id
  if (needs('facilityId')) params.facilityId = (await post('/api/v1/facilities', { name: `Post ${n}`, parentId: inside.district.id, facilityType: 'dispensary', ownership: 'public' })).id
  if (needs('workerId')) params.workerId = (await worker('own')).id
  if (needs('licenceId')) params.licenceId = (await post(`/api/v1/workers/${params.workerId}/licences`, { council: 'Council KEN', number: `OWN-${n}`, issuedAt: '2024-01-01', expiresAt: '2030-01-01' })).id
  if (needs('deploymentId')) params.deploymentId = (await post(`/api/v1/workers/${params.workerId}/deployments`, { facilityId: inside.facility.id, position: 'Nurse', startDate: '2025-01-01' })).id
  if (needs('userId')) params.userId = (await person({ kind: 'tenant', id: w.a.id }, w.a.name, 'viewer')).userId
  const ids = [placeholder.id, inside.facility.id, inside.cadre.id, ...(duplicate ? [duplicate.id] : []), w.partnerA.id]
  return { params, own: { ids, tenantId: w.a.id }, n }
}

/** A new user of A in a role (scoped to `orgUnitId` if given), signed in: its session is its own to end. */
const freshPerson = (role: Role, orgUnitId?: string) =>
  role === 'partner-admin' ? person({ kind: 'partner', id: w.partnerA.id }, w.partnerA.name, role) : person({ kind: 'tenant', id: w.a.id }, w.a.name, role, orgUnitId)

/**
 * Each body field that takes an id, in turn, holding each of the target's ids the field accepts, the rest of the
 * body being the caller's own and acceptable. The baseline (the same request on fresh records of the caller's
 * own, with its own ids) must be accepted for at least one role, so the refusals are the target ids' doing.
 * A variant may be refused, or accepted with the id ignored; the reply, and at the end of the file the table,
 * show no trace of the target either way.
 */
async function probeBodies(route: AnyRoute, target: Target, roles: Role[], orgUnitId?: string) {
  const fields = idFields(route)
  const baselines: string[] = []
  const eligible = route.access === 'public' ? [undefined] : roles.filter((role) => may(route, { role } as Person))
  for (const role of eligible) {
    const caller = role ? await freshPerson(role, orgUnitId) : undefined
    // signing in names the account that signs in
    const signIn = route.path === '/api/v1/auth/login' ? { email: (await freshPerson('registrar')).email, password: PASSWORD } : {}
    const send = async (params: Record<string, string>, body: Record<string, unknown>) =>
      call(route.method.toUpperCase(), fillPath(route, params), { token: caller?.token, body: { ...body, ...signIn }, headers: { 'if-match': '"1"' } })
    const fresh = await freshOwn(route)
    for (const { path, leaf } of fields) {
      const own = getAt(ownBody(route, fresh.own, 0), path)
      for (const id of [...target.ids, ...(target.tenantId ? [target.tenantId] : [])].filter((v) => v !== own && leaf.safeParse(v).success)) {
        const r = await send(fresh.params, setAt(ownBody(route, fresh.own, ++fixture), path, id))
        expectNoLeak(r, target, `${role ?? 'anyone'} ${name(route)} ${path.join('.')}=${id}`)
      }
    }
    const again = await freshOwn(route)
    const baseline = await send(again.params, ownBody(route, again.own, ++fixture))
    baselines.push(`${role ?? 'anyone'}: ${baseline.status} ${baseline.text.slice(0, 200)}`)
    // a move is a job holding the country's move lock: run it to its end, as the queue would
    if (typeof baseline.json?.id === 'string' && baseline.json.id.startsWith('job_'))
      while ((await runJob(`T#${w.a.id}`, baseline.json.id, { budgetMs: 5000 })) === 'more');
  }
  // a route no role could make accept its own ids: the refusals above would prove nothing
  expect(baselines.some((b) => / 2\d\d /.test(b)), `${name(route)} refused the caller's own ids:\n${baselines.join('\n')}`).toBe(true)
}

const withQuery = routes.filter((r) => r.method === 'get' && r.query)
const withIdFields = routes.filter((r) => idFields(r).length)
const T = { timeout: 180_000 }

describe('tenant isolation: tenant A probes tenant B', () => {
  it.each(routes.map((r) => [name(r), r] as const))('%s: B’s ids in the path, the body, a header and the query give A nothing of B', T, async (_, route) => {
    const path = fillPath(route, B.params)
    const namesB = route.path.includes(':')
    const callers: (Person | undefined)[] = route.access === 'public' ? [undefined, w.a.users.registrar] : callersOfA()
    for (const caller of callers) {
      for (const variant of ['plain', 'smuggled'] as const) {
        const smuggled = variant === 'smuggled'
        const r = await call(route.method.toUpperCase(), smuggled ? `${path}?tenantId=${w.b.id}` : path, {
          token: caller?.token,
          body: exampleFor(route, w),
          headers: { 'if-match': '"1"', ...(smuggled ? { 'x-tenant-id': w.b.id, 'x-cadre-tenant': w.b.id } : {}) },
        })
        const where = `${caller?.role ?? 'anyone'} ${variant} ${name(route)}`
        expectNoLeak(r, B, where)
        if (namesB) expect([400, 401, 403, 404, 409], `${where} -> ${r.status} ${r.text.slice(0, 200)}`).toContain(r.status)
      }
    }
  })

  it.each(withQuery.map((r) => [name(r), r] as const))('%s: B’s ids, names and cursors in each query parameter give A nothing of B', T, async (_, route) => {
    const ownerOf = (p: Person) => (p.role === 'partner-admin' ? w.partnerB.admin : (w.b.users as Record<string, Person>)[p.role])
    const { reaching, owned } = await probeQueries(route, B, callersOfA(), ownerOf, ownParams(), true)
    if (owned) expect([...reaching].sort(), 'parameters whose probe finds B for B’s own user').toEqual(expect.arrayContaining(mustReach(route, B)))
  })

  it.each(withIdFields.map((r) => [name(r), r] as const))('%s: B’s ids in each body field that takes an id are refused or ignored', T, async (_, route) => {
    await probeBodies(route, B, [...tenantRoles, 'partner-admin'])
  })

  it.each(guarded.map((r) => [name(r), r] as const))('%s: a donor never reaches person-level data', async (_, route) => {
    const allowsPersons = Array.isArray(route.access) && route.access.some((role) => personRoles.includes(role))
    const r = await call(route.method.toUpperCase(), fillPath(route, B.params), { token: w.donor.token, body: exampleFor(route, w), headers: { 'if-match': '"1"' } })
    if (allowsPersons && !(route.access as readonly string[]).includes('donor')) expect(r.status, r.text).toBe(403)
    expect(leaked(r, B.secrets)).toEqual([])
  })

  it.each(guarded.map((r) => [name(r), r] as const))('%s: no token, a forged token and an expired token get 401', async (_, route) => {
    const path = fillPath(route, B.params)
    const claims = { sub: w.a.users['ministry-admin'].userId, email: 'x@y.z', role: 'platform-admin', sid: 'ses_x', ten: 'KEN' }
    const forged = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuer('cadre').setAudience('cadre-api').setExpirationTime('5m').sign(new TextEncoder().encode('not-the-key-not-the-key-not-the-key!!'))
    const expired = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuer('cadre').setAudience('cadre-api').setIssuedAt(1).setExpirationTime(2).sign(new TextEncoder().encode(process.env.CADRE_JWT_SECRET!))
    for (const token of [undefined, forged, expired]) {
      const r = await call(route.method.toUpperCase(), path, { token, body: exampleFor(route, w) })
      expect(r.status, `${token ? 'bad token' : 'no token'}: ${r.text}`).toBe(401)
      expect(expectProblem(r)).toBe(true)
    }
  })

  it.each(guarded.filter((r) => r.access === 'signed-in' || (r.access as readonly string[]).includes('ministry-admin')).map((r) => [name(r), r] as const))(
    '%s: a suspended country’s token gets 403 tenant.suspended',
    async (_, route) => {
      const r = await call(route.method.toUpperCase(), fillPath(route, { ...B.params, tenantId: 'RWA', userId: suspended.userId }), {
        token: suspended.token,
        body: exampleFor(route, w),
        headers: { 'if-match': '"1"' },
      })
      expect(r.status, r.text).toBe(403)
      expect(r.json.code).toBe('tenant.suspended')
    },
  )
})

describe('scope isolation: a district manager, a scoped registrar and a scoped viewer probe the district beside', () => {
  it.each(routes.map((r) => [name(r), r] as const))('%s: ids of the district beside in the path and the body give nothing of it', T, async (_, route) => {
    const body = route.body ? aimed(route, OUT) : undefined
    for (const caller of scoped()) {
      const r = await call(route.method.toUpperCase(), fillPath(route, OUT.params), { token: caller.token, body, headers: { 'if-match': '"1"' } })
      const where = `${caller.role} (scoped) ${name(route)}`
      expectNoLeak(r, OUT, where)
      if (pathNamesSubtree(route)) expect([400, 403, 404], `${where} -> ${r.status} ${r.text.slice(0, 200)}`).toContain(r.status)
    }
  })

  it.each(withQuery.map((r) => [name(r), r] as const))('%s: the district beside in each query parameter gives nothing of it', T, async (_, route) => {
    const ownerOf = (p: Person) => (w.a.users as Record<string, Person>)[p.role]
    const inside = { ...OUT.params, orgUnitId: cast.inside.district.id, facilityId: cast.inside.facility.id, workerId: cast.inside.worker.id, licenceId: cast.inside.licence.id, deploymentId: cast.inside.deployment.id }
    const { reaching, owned } = await probeQueries(route, OUT, scoped(), ownerOf, inside, false)
    if (owned) expect([...reaching].sort(), 'parameters whose probe finds the district beside for a country-wide user').toEqual(expect.arrayContaining(mustReach(route, OUT)))
  })

  it.each(withIdFields.map((r) => [name(r), r] as const))('%s: ids of the district beside in each body field are refused or ignored', T, async (_, route) => {
    if (!scoped().some((p) => may(route, p))) return
    await probeBodies(route, OUT, ['manager', 'registrar', 'viewer'], cast.inside.district.id)
  })
})

/** The example with its placeholder ids aimed at a target (by kind), the rest as it is. */
function aimed(route: AnyRoute, target: Target) {
  let text = JSON.stringify(route.example ?? {})
  for (const id of target.ids) text = text.replace(new RegExp(`"${id.split('_')[0]}_01jabcdefghjkmnpqrstvwxyz0"`, 'g'), `"${id}"`)
  return JSON.parse(text)
}

describe('the generated matrix covers every route', () => {
  it('every path parameter of the route table has a fixture of another tenant', () => {
    for (const route of routes) expect(() => fillPath(route, B.params)).not.toThrow()
  })

  it('every query parameter has a probe, and every id parameter an id of tenant B', () => {
    for (const route of withQuery) expect(() => queryCandidates(route, B, true), name(route)).not.toThrow()
  })

  it('every body field that takes an id has an id of tenant B to try', () => {
    const missing = withIdFields.flatMap((r) => idFields(r).filter((f) => !B.ids.concat(w.b.id).some((v) => f.leaf.safeParse(v).success)).map((f) => `${name(r)} ${f.path.join('.')}`))
    expect(missing).toEqual([])
    // the fields found are the ones a reader of the schemas would list
    expect(withIdFields.map((r) => `${name(r)}: ${idFields(r).map((f) => f.path.join('.')).join(', ')}`)).toEqual(expect.arrayContaining([
      'POST /api/v1/workers: cadreId, orgUnitId',
      'PATCH /api/v1/workers/:workerId: cadreId, orgUnitId',
      'POST /api/v1/workers/:workerId/deployments: facilityId, cadreId',
      'POST /api/v1/auth/switch: scope.id',
      'POST /api/v1/workers/:workerId/merge: duplicateId',
      'POST /api/v1/org-units/:orgUnitId/move: parentId',
    ]))
  })
})

describe('afterwards, read back from the table', () => {
  it('tenant B’s records are as they were, and nothing outside B came to mention them', async () => {
    const after = await scanTable()
    const people = [...Object.values(w.b.users), w.partnerB.admin]
    const ofB = (i: Stored) =>
      (i.pk.startsWith(`T#${w.b.id}#`) || i.pk === `T#${w.b.id}` || i.pk.startsWith(`P#${w.partnerB.id}`) ||
        people.some((p) => i.pk.startsWith(`G#U#${p.userId}`) || i.pk === `G#EMAIL#${p.email}`)) && !bookkeeping(i)
    const auditB = (i: Stored) => i.pk === `T#${w.b.id}#AUDIT`
    expect(picture(after, (i) => ofB(i) && !auditB(i))).toEqual(picture(before, (i) => ofB(i) && !auditB(i)))
    // B's log grew only by B's own people's reads (the owner controls)
    const known = new Set(before.map((i) => `${i.pk}|${i.sk}`))
    const added = after.filter((i) => auditB(i) && !known.has(`${i.pk}|${i.sk}`))
    expect(added.filter((e) => !people.some((p) => p.userId === (e.actor as { id: string }).id)).map((e) => JSON.stringify(e).slice(0, 300))).toEqual([])
    const elsewhere = (i: Stored) => !ofB(i) && !bookkeeping(i) && mentions(B.ids)(i)
    expect(picture(after, elsewhere)).toEqual(picture(before, elsewhere))
  })

  it('the district beside is as it was, and nothing but country-wide users’ reads came to mention it', async () => {
    const after = await scanTable()
    const o = cast.outside
    const outside = (i: Stored) =>
      i.pk === `T#${w.a.id}#W#${o.worker.id}` || (i.pk === `T#${w.a.id}#OU` && [o.district.id, o.facility.id].includes(i.sk)) || /#(NID|REG|LICNO)#.*OUT-1/.test(i.pk)
    expect(picture(after, outside)).toEqual(picture(before, outside))
    const auditA = (i: Stored) => i.pk === `T#${w.a.id}#AUDIT`
    const elsewhere = (i: Stored) => !outside(i) && !bookkeeping(i) && !auditA(i) && mentions(OUT.ids)(i)
    expect(picture(after, elsewhere)).toEqual(picture(before, elsewhere))
    const known = new Set(before.map((i) => `${i.pk}|${i.sk}`))
    const scopedIds = scoped().map((p) => p.userId)
    const byScoped = after.filter((i) => auditA(i) && !known.has(`${i.pk}|${i.sk}`) && mentions(OUT.ids)(i) && scopedIds.includes((i.actor as { id: string }).id))
    expect(byScoped.map((e) => JSON.stringify(e).slice(0, 300))).toEqual([])
  })
})
