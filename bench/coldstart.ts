import { build } from 'esbuild'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { summarize } from './stats'

const root = resolve(import.meta.dirname, '..')

/** Bundles as SST does for the api function (infra/api.ts): esbuild, ESM, minified, everything bundled, Node 20. */
async function bundle(entry: string, out: string) {
  await build({ entryPoints: [entry], outfile: out, bundle: true, minify: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'silent', banner: { js: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);" } })
  return statSync(out).size
}

/** A fresh Node process: import the bundle and answer one request, as a Lambda cold start does. */
const probe = (bundlePath: string, path = '/api/v1/health', token?: string) => `
const t0 = performance.now()
const { handler } = await import(${JSON.stringify(bundlePath)})
const t1 = performance.now()
const event = { version: '2.0', routeKey: '$default', rawPath: ${JSON.stringify(path)}, rawQueryString: '', headers: { host: 'x'${token ? `, authorization: 'Bearer ${token}'` : ''} }, isBase64Encoded: false,
  requestContext: { http: { method: 'GET', path: ${JSON.stringify(path)}, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'b' }, requestId: 'r', routeKey: '$default', stage: '$default', time: '', timeEpoch: 0, accountId: '1', apiId: 'a', domainName: 'x', domainPrefix: 'x' } }
const res = await handler(event, {})
if (res.statusCode !== 200) throw new Error('status ' + res.statusCode + ' ' + res.body)
console.log(JSON.stringify({ importMs: t1 - t0, firstRequestMs: performance.now() - t0 }))
`

type Sample = { importMs: number; firstRequestMs: number }

/**
 * The issue's measure: the api bundle answering /health (one GetItem) against the minimal handler doing the
 * same. With `read`, also a signed-in registry read as the first request (token check, tenant status,
 * the worker, its audit event: three round trips), for information.
 */
export async function coldStart(runs = 25, read?: { path: string; token: string }) {
  const dir = mkdtempSync(join(tmpdir(), 'cadre-cold-'))
  const apiBundle = join(dir, 'api.mjs')
  const minimalBundle = join(dir, 'minimal.mjs')
  const apiBytes = await bundle(join(root, 'functions/api.ts'), apiBundle)
  const minimalBytes = await bundle(join(root, 'bench/minimal-handler.ts'), minimalBundle)
  const start = (source: string) => {
    const out = spawnSync(process.execPath, ['--input-type=module', '-e', source], { env: process.env, encoding: 'utf8' })
    if (out.status !== 0) throw new Error(out.stderr)
    return JSON.parse(out.stdout.trim().split('\n').pop()!) as Sample
  }
  const probes = { api: probe(apiBundle), minimal: probe(minimalBundle), read: read && probe(apiBundle, read.path, read.token) }
  // alternate, one warm-up each (the OS file cache), so drift in the machine weighs on all alike
  start(probes.api)
  start(probes.minimal)
  const api: Sample[] = []
  const minimal: Sample[] = []
  const readSamples: Sample[] = []
  for (let i = 0; i < runs; i++) {
    minimal.push(start(probes.minimal))
    api.push(start(probes.api))
    if (probes.read) readSamples.push(start(probes.read))
  }
  const total = (xs: Sample[]) => summarize(xs.map((s) => s.firstRequestMs))
  return {
    apiBytes,
    minimalBytes,
    api: total(api),
    minimal: total(minimal),
    read: readSamples.length ? total(readSamples) : undefined,
    apiImport: summarize(api.map((s) => s.importMs)),
    minimalImport: summarize(minimal.map((s) => s.importMs)),
  }
}
