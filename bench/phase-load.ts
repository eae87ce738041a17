import { spawn } from 'node:child_process'
import { join, resolve } from 'node:path'
import { freePort } from '../functions/local/dynamo-local'
import { serveLocal } from '../functions/local/server'
import { request } from './context'
import type { Country } from './data'
import type { Row } from './stats'

const here = resolve(import.meta.dirname)
/** A bench script in a Node process of its own, pinned to `cpu` when given. */
export const nodeChild = (script: string, env: NodeJS.ProcessEnv, cpu?: string, args: string[] = []) => {
  const node = [process.execPath, '--import', 'tsx', join(here, script), ...args]
  return cpu ? spawn('taskset', ['-c', cpu, ...node], { env, stdio: ['ignore', 'pipe', 'inherit'] }) : spawn(node[0]!, node.slice(1), { env, stdio: ['ignore', 'pipe', 'inherit'] })
}

export const lastJson = <T>(child: ReturnType<typeof nodeChild>) =>
  new Promise<T>((ok, fail) => {
    let out = ''
    child.stdout!.on('data', (d) => (out += d))
    child.on('exit', (code) => (code === 0 ? ok(JSON.parse(out.trim().split('\n').pop()!)) : fail(new Error(`child exited ${code}: ${out.slice(-500)}`))))
  })

/** Mixed load over real HTTP in the large country: several users of both roles, creates and PATCHes among reads. */
export async function mixedPhase(large: Country, seconds: number, connections: number) {
  const port = await freePort()
  const server = serveLocal(port, join(here, '..', 'web/dist'))
  const sampleIn = async (districtId: string) => (await request('GET', `/api/v1/workers?orgUnitId=${districtId}&limit=1`, large.token)).items[0].id as string
  const users = []
  for (const m of large.managers) {
    const facility = large.facilities.find((f) => f.parentId === m.districtId)!
    users.push({ token: m.token, facilityId: facility.id, districtId: m.districtId, role: 'manager', sampleId: await sampleIn(m.districtId) })
  }
  for (let i = 0; i < 2; i++) {
    const d = large.districts[12 + i * 7]!
    users.push({ token: large.token, facilityId: large.facilities.find((f) => f.parentId === d.id)!.id, districtId: d.id, role: 'registrar', sampleId: await sampleIn(d.id) })
  }
  const spec = { url: `http://127.0.0.1:${port}`, users, cadreId: large.cadres[0]!.id, connections, seconds }
  const r = await lastJson<{ requestsPerSecond: number; p50: number; p99: number; errors: number; non2xx: number; total: number; statusCodes: Record<string, { count: number }>; creates: number }>(nodeChild('mixed-client.ts', { ...process.env, BENCH_MIXED: JSON.stringify(spec) }))
  server.close()
  const codes = Object.entries(r.statusCodes ?? {}).map(([k, v]) => `${k}: ${v.count}`).join(', ')
  const row: Row = {
    section: 'load', benchmark: `mixed load in the ${large.workers.toLocaleString('en')}-worker country: ${connections} users (registrars and district managers), 8 reads : 1 create : 1 PATCH`,
    value: r.requestsPerSecond, unit: 'req/s', target: '0 errors', pass: r.errors === 0 && r.non2xx === 0,
    note: `p50 ${r.p50} ms, p99 ${r.p99} ms, ${r.total} requests over ${seconds} s, errors ${r.errors}, non-2xx ${r.non2xx}; status codes ${codes}`, data: r,
  }
  return row
}
