import autocannon from 'autocannon'

/**
 * The mixed load's client, in its own process (its event loop must not delay the API's). Each connection is
 * one user (registrars and district managers in turn) going through a registry day in a loop: registers a
 * worker (Idempotency-Key), reads it, lists, searches, edits it (If-Match with the version it got back), reads.
 * Spec as JSON in BENCH_MIXED. Prints the result as JSON.
 */
type User = { token: string; facilityId: string; districtId: string; role: string; sampleId: string }
const spec = JSON.parse(process.env.BENCH_MIXED!) as { url: string; users: User[]; cadreId: string; connections: number; seconds: number }
type Ctx = { user?: User; id?: string; version?: number; n?: number }
let nextUser = 0
let created = 0
const prefixes = ['ka', 'mw', 'ot', 'wa', 'ch', 'ki', 'ny', 'om']
const user = (ctx: Ctx) => (ctx.user ??= spec.users[nextUser++ % spec.users.length]!)
const auth = (ctx: Ctx) => ({ authorization: `Bearer ${user(ctx).token}`, 'content-type': 'application/json' })
const get = (path: (ctx: Ctx) => string): autocannon.Request => ({ method: 'GET', setupRequest: (req, ctx: Ctx) => ({ ...req, path: path(ctx), headers: auth(ctx) }) })
const remember = (status: number, body: string, ctx: Ctx) => {
  if (status < 300) {
    const b = JSON.parse(body) as { id: string; version: number }
    ctx.id = b.id
    ctx.version = b.version
  }
}
const requests: autocannon.Request[] = [
  {
    method: 'POST',
    setupRequest: (req, ctx: Ctx) => {
      const n = created++
      return {
        ...req, path: '/api/v1/workers', headers: { ...auth(ctx), 'idempotency-key': `mixed-${process.pid}-${n}` },
        body: JSON.stringify({ givenName: `Mixed${n}`, familyName: `Load${n % 9973}`, sex: n % 2 ? 'female' : 'male', birthDate: `19${60 + (n % 40)}-${String(1 + (n % 12)).padStart(2, '0')}-${String(1 + (n % 28)).padStart(2, '0')}`, cadreId: spec.cadreId, orgUnitId: user(ctx).facilityId }),
      }
    },
    onResponse: remember,
  },
  get((ctx) => `/api/v1/workers/${ctx.id ?? user(ctx).sampleId}`),
  get(() => '/api/v1/workers?limit=25'),
  get((ctx) => `/api/v1/workers?q=${prefixes[(ctx.n = (ctx.n ?? 0) + 1) % prefixes.length]}&limit=25`),
  get((ctx) => `/api/v1/workers/${ctx.id ?? user(ctx).sampleId}`),
  {
    method: 'PATCH',
    setupRequest: (req, ctx: Ctx) =>
      ctx.id
        ? { ...req, path: `/api/v1/workers/${ctx.id}`, headers: { ...auth(ctx), 'if-match': `"${ctx.version}"` }, body: JSON.stringify({ otherNames: `Edited ${ctx.version}` }) }
        : { ...req, method: 'GET', path: `/api/v1/workers/${user(ctx).sampleId}`, headers: auth(ctx) },
    onResponse: (status, body, ctx: Ctx) => status < 300 && body && remember(status, body, ctx),
  },
  get((ctx) => `/api/v1/workers?orgUnitId=${user(ctx).districtId}&limit=25`),
  get((ctx) => `/api/v1/workers?q=${prefixes[(ctx.n = (ctx.n ?? 0) + 1) % prefixes.length]}&sort=name&limit=25`),
  get((ctx) => `/api/v1/workers/${ctx.id ?? user(ctx).sampleId}/record`),
  get((ctx) => `/api/v1/workers/${user(ctx).sampleId}`),
]
autocannon({ url: spec.url, connections: spec.connections, duration: spec.seconds, requests }, (err, r) => {
  if (err) throw err
  console.log(JSON.stringify({ requestsPerSecond: r.requests.average, p50: r.latency.p50, p97_5: r.latency.p97_5, p99: r.latency.p99, errors: r.errors + r.timeouts, non2xx: r.non2xx, total: r.requests.total, statusCodes: r.statusCodeStats, creates: created }))
})
