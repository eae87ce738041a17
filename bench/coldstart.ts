import { spawnSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { apiNodejs } from '../infra/api-bundle'
import { bundleAsSst, type NodejsOptions } from './bundle'
import { summarize } from './stats'

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
 * Fresh processes: the api bundle answering /health (one GetItem) and the minimal handler doing the same.
 * With `read`, also a signed-in registry read as the first request (token check, tenant status, the worker,
 * its audit event), the figure the target is set on (bench/phase-cold.ts), and its floor: the same round
 * trips from a handler that does nothing else (./floor-handler.ts).
 */
export async function coldStart(runs = 25, read?: { path: string; token: string }, nodejs: NodejsOptions = apiNodejs) {
  const dir = mkdtempSync(join(tmpdir(), 'cadre-cold-'))
  // both bundled as the api function is deployed (infra/api.ts, unless told otherwise), each in its own folder
  const apiBundle = await bundleAsSst('functions/api.ts', join(dir, 'api'), nodejs)
  const minimalBundle = await bundleAsSst('bench/minimal-handler.ts', join(dir, 'minimal'), nodejs)
  const floorBundle = read ? await bundleAsSst('bench/floor-handler.ts', join(dir, 'floor'), nodejs) : undefined
  const start = (source: string) => {
    const out = spawnSync(process.execPath, ['--input-type=module', '-e', source], { env: process.env, encoding: 'utf8' })
    if (out.status !== 0) throw new Error(out.stderr)
    return JSON.parse(out.stdout.trim().split('\n').pop()!) as Sample
  }
  const probes = {
    api: probe(apiBundle.entryFile),
    minimal: probe(minimalBundle.entryFile),
    read: read && probe(apiBundle.entryFile, read.path, read.token),
    floor: read && floorBundle && probe(floorBundle.entryFile, read.path, read.token),
  }
  // alternate, one warm-up each (the OS file cache), so drift in the machine weighs on all alike
  start(probes.api)
  start(probes.minimal)
  if (probes.read) start(probes.read)
  if (probes.floor) start(probes.floor)
  const api: Sample[] = []
  const minimal: Sample[] = []
  const readSamples: Sample[] = []
  const floorSamples: Sample[] = []
  for (let i = 0; i < runs; i++) {
    minimal.push(start(probes.minimal))
    api.push(start(probes.api))
    if (probes.read) readSamples.push(start(probes.read))
    if (probes.floor) floorSamples.push(start(probes.floor))
  }
  const total = (xs: Sample[]) => summarize(xs.map((s) => s.firstRequestMs))
  return {
    /** what a cold start loads: the entry and the chunks it imports */
    apiBytes: apiBundle.coldBytes,
    minimalBytes: minimalBundle.coldBytes,
    /** every chunk of the package, those loaded on first use included */
    apiTotalBytes: apiBundle.totalBytes,
    apiFiles: apiBundle.files,
    api: total(api),
    minimal: total(minimal),
    read: readSamples.length ? total(readSamples) : undefined,
    floor: floorSamples.length ? total(floorSamples) : undefined,
    apiImport: summarize(api.map((s) => s.importMs)),
    readImport: readSamples.length ? summarize(readSamples.map((s) => s.importMs)) : undefined,
    minimalImport: summarize(minimal.map((s) => s.importMs)),
  }
}
