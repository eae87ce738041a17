import { spawnSync } from 'node:child_process'
import { cpus } from 'node:os'
import { freePort } from '../functions/local/dynamo-local'
import type { Country } from './data'
import { lastJson, nodeChild } from './phase-load'
import { summarize, type Row } from './stats'

/**
 * Noisy neighbours at the production budget (200 requests a second per country): two countries flood their
 * own API instances (a process each, as Lambda gives each its own) at twice that, while a third, quiet one
 * sends a steady open-loop stream. Flood windows alternate with quiet-alone windows, so alone and during
 * samples interleave over the same minutes. The flooders' servers and clients share one CPU of their own
 * when the host has two (taskset), as their Lambda instances would not share the quiet country's.
 */
export async function floodPhase(quietCountry: Country, flooders: Country[], quietSamples: number, quietWorkerId: string) {
  const BUDGET = 200
  const FLOOD = 2 * BUDGET
  // a district's office reading records: a steady 20 a second, well inside its budget
  const QUIET_RATE = 20
  const WINDOW = 10
  const cycles = Math.max(1, Math.ceil(quietSamples / 2 / (QUIET_RATE * WINDOW)))
  const floodCpu = cpus().length >= 2 && spawnSync('taskset', ['-c', '0', 'true']).status === 0 ? String(cpus().length - 1) : undefined
  const instance = async (pinned: boolean) => {
    const port = await freePort()
    const child = nodeChild('serve.ts', { ...process.env, PORT: String(port), CADRE_RATE_TENANT_PER_S: String(BUDGET) }, pinned ? floodCpu : undefined)
    await new Promise<void>((ok) => child.stdout!.on('data', (d) => String(d).includes('ready') && ok()))
    return { url: `http://127.0.0.1:${port}`, stop: () => child.kill() }
  }
  const quietServer = await instance(false)
  const floodServers = await Promise.all(flooders.map(() => instance(true)))
  const path = '/api/v1/workers?limit=25'
  const flood = (seconds: number) =>
    Promise.all(flooders.map((c, i) => lastJson<{ total: number; non2xx: number }>(nodeChild('flood.ts', process.env, floodCpu, [floodServers[i]!.url, path, c.token, '30', String(seconds), String(FLOOD)]))))
  // warm both sides (module load, JIT, connections)
  await flood(3)
  const total = cycles * 2 * WINDOW + 2
  const quiet = lastJson<[number, number, number][]>(nodeChild('quiet.ts', process.env, undefined, [quietServer.url, `/api/v1/workers/${quietWorkerId}`, quietCountry.token, String(QUIET_RATE), String(total)]))
  const windows: [number, number][] = []
  let flooded = { total: 0, refused: 0 }
  await new Promise((r) => setTimeout(r, 1000))
  for (let i = 0; i < cycles; i++) {
    await new Promise((r) => setTimeout(r, WINDOW * 1000))
    const start = Date.now()
    const out = await flood(WINDOW)
    windows.push([start, Date.now()])
    for (const o of out) flooded = { total: flooded.total + o.total, refused: flooded.refused + o.non2xx }
  }
  const samples = await quiet
  quietServer.stop()
  for (const s of floodServers) s.stop()
  const during = samples.filter(([at]) => windows.some(([a, b]) => at >= a + 500 && at <= b))
  const alone = samples.filter(([at]) => !windows.some(([a, b]) => at >= a - 200 && at <= b + 2000))
  const d = summarize(during.map((s) => s[1]))
  const a = summarize(alone.map((s) => s[1]))
  const errors = samples.filter((s) => s[2] !== 200).length
  const codes = [...new Set(samples.map((s) => s[2]))].map((code) => `${code || 'error'}: ${samples.filter((s) => s[2] === code).length}`).join(', ')
  const ratio = d.p99 / a.p99
  const row: Row = {
    section: 'isolation', benchmark: `another country's p99 while two flood at ${FLOOD} req/s (budget ${BUDGET} req/s each)`, value: d.p99, unit: 'ms p99', baseline: a.p99, ratio, target: '≤ 2×', pass: ratio <= 2 && errors === 0,
    note: `${during.length} quiet samples during, ${alone.length} alone (a worker read, interleaved ${WINDOW} s windows at ${QUIET_RATE} req/s); p50 ${d.p50.toFixed(1)} vs ${a.p50.toFixed(1)} ms; flooders sent ${flooded.total}, ${flooded.refused} refused (429); quiet answers ${codes}${floodCpu ? `; flooders pinned to CPU ${floodCpu}` : ''}`,
    data: { during: d, alone: a, flooded, errors },
  }
  return row
}
