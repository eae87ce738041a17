import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bundleAsSst, type Bundle } from '../../bench/bundle'
import { apiNodejs } from '../../infra/api-bundle'
import { routes } from '../../functions/api/routes'
import { routeGroups } from '../../functions/api/routes/groups'

/** What only jobs, downloads and imports use: loaded on first use, never at a cold start. */
const firstUseOnly = [/node_modules\/@aws-sdk\/client-s3\//, /node_modules\/@aws-sdk\/s3-request-presigner\//, /node_modules\/@aws-sdk\/client-sqs\//, /node_modules\/exceljs\//]
/** Route groups, the FHIR Directory, the docs and the tenant core load on their first request (functions/api/app-lazy.ts). */
const lazyOnly = ['functions/api/routes/auth.ts', 'functions/api/routes/tenants.ts', 'functions/api/routes/imports.ts', 'functions/api/routes/indicators.ts', 'functions/api/routes/orgunits.ts', 'functions/api/openapi.ts', 'functions/fhir/mount.ts', 'functions/core/tenant/index.ts', 'functions/core/import/schema.ts']

const dir = mkdtempSync(join(tmpdir(), 'cadre-bundle-'))
let bundle: Bundle
beforeAll(async () => {
  // the api function as SST deploys it (infra/api.ts), written out so that a fresh process can run it
  bundle = await bundleAsSst('functions/api.ts', dir, apiNodejs)
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** A fresh Node process, as a Lambda cold start: imports the bundle and answers one GET. */
function coldRequest(path: string) {
  const source = `
const { handler } = await import(${JSON.stringify(bundle.entryFile)})
const event = { version: '2.0', routeKey: '$default', rawPath: ${JSON.stringify(path)}, rawQueryString: '', headers: { host: 'x.example' }, isBase64Encoded: false,
  requestContext: { http: { method: 'GET', path: ${JSON.stringify(path)}, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 't' }, requestId: 'r', routeKey: '$default', stage: '$default', time: '', timeEpoch: 0, accountId: '1', apiId: 'a', domainName: 'x', domainPrefix: 'x' } }
const res = await handler(event, {})
console.log(JSON.stringify({ status: res.statusCode, body: res.body, headers: res.headers }))`
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', source], { env: process.env, encoding: 'utf8' })
  return JSON.parse(out.trim().split('\n').pop()!) as { status: number; body: string; headers: Record<string, string> }
}

describe('the api function bundle', () => {
  it('loads at most 1 MiB at a cold start', () => {
    expect(bundle.coldBytes).toBeLessThanOrEqual(1024 * 1024)
  })

  it('leaves the S3 and SQS clients, the presigner and exceljs to the chunks loaded on first use', () => {
    expect(bundle.coldInputs.filter((input) => firstUseOnly.some((p) => p.test(input)))).toEqual([])
    // they are in the package all the same: the S3 client at least (exceljs is the jobs function's)
    expect(bundle.inputs.some((input) => firstUseOnly[0]!.test(input))).toBe(true)
  })

  it('answers a request from a fresh process, chunks and all', () => {
    const health = coldRequest('/api/v1/health')
    expect(health.status).toBe(200)
    expect(JSON.parse(health.body)).toMatchObject({ status: 'ok', database: 'ok' })
  })

  it('leaves the other route groups, FHIR, the docs and the tenant core out of the cold start, the worker routes in', () => {
    expect(lazyOnly.filter((input) => bundle.coldInputs.includes(input))).toEqual([])
    expect(lazyOnly.filter((input) => !bundle.inputs.includes(input))).toEqual([])
    expect(bundle.coldInputs).toContain('functions/api/routes/workers.ts')
  })

  it('serves a route of a group loaded on first use, and FHIR, from a fresh process', () => {
    const me = coldRequest('/api/v1/me')
    expect(me.status).toBe(401)
    expect(JSON.parse(me.body)).toMatchObject({ code: 'auth.required' })
    const metadata = coldRequest('/fhir/UGA/metadata')
    expect(metadata.status).toBe(200)
    expect(JSON.parse(metadata.body)).toMatchObject({ resourceType: 'CapabilityStatement' })
    // FHIR answers from an app of its own: the request id and the common headers reach them all the same
    expect(metadata.headers).toMatchObject({ 'x-request-id': expect.stringMatching(/^req_/), 'x-frame-options': 'DENY' })
  })

  it('is bundled as infra/api.ts deploys it', () => {
    expect(readFileSync(join(import.meta.dirname, '../../infra/api.ts'), 'utf8')).toMatch(/\bnodejs: apiNodejs\b/)
  })
})

describe('the route groups (functions/api/routes/groups.ts)', () => {
  it('list every route of the table, in its order, and nothing else', () => {
    expect(routeGroups.flatMap((group) => group.routes)).toEqual(routes.map((r) => `${r.method} ${r.path}`))
  })

  it('each load the routes they list', async () => {
    for (const group of routeGroups) expect((await group.load()).map((r) => `${r.method} ${r.path}`)).toEqual(group.routes)
  })
})
