import { join, resolve } from 'node:path'
import { spawn } from 'node:child_process'
import type { Row } from './stats'

type ImportResult = { rows: number; dryRunRowsPerSecond: number; commitRowsPerSecond: number; rawRowsPerSecond: number; ratio: number; exportSeconds: number; exportBytes: number; rssBefore: number; rssPeak: number }

/** bench/import.ts in its own process (and its own DynamoDB Local): import, dry run, raw baseline, CSV export. */
export async function importPhase(rows: number): Promise<Row[]> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(resolve(import.meta.dirname), 'import.ts')], { env: { ...process.env, BENCH_IMPORT_ROWS: String(rows), CADRE_DYNAMO_ENDPOINT: '' }, stdio: ['ignore', 'pipe', 'inherit'] })
  let out = ''
  child.stdout.on('data', (d) => {
    out += d
    process.stdout.write(String(d).split('\n').filter((l) => l.startsWith('·')).map((l) => `  import ${l}\n`).join(''))
  })
  const code = await new Promise<number | null>((ok) => child.on('exit', ok))
  if (code !== 0) throw new Error(`bench/import.ts exited ${code}`)
  const r = JSON.parse(out.trim().split('\n').pop()!) as ImportResult
  const mib = (n: number) => `${(n / 2 ** 20).toFixed(0)} MiB`
  return [
    { section: 'import', benchmark: `import commit: ${r.rows.toLocaleString('en')} worker rows with a licence and a deployment each, vs raw BatchWriteItem of the same items`, value: r.commitRowsPerSecond, unit: 'rows/s', baseline: r.rawRowsPerSecond, ratio: r.ratio, target: '≥ 0.3', pass: r.ratio >= 0.3 },
    { section: 'import', benchmark: `import dry run of the same file`, value: r.dryRunRowsPerSecond, unit: 'rows/s' },
    { section: 'import', benchmark: `CSV export of the ${r.rows.toLocaleString('en')} imported workers (streamed)`, value: r.exportSeconds, unit: 's', note: `${mib(r.exportBytes)}; process RSS ${mib(r.rssBefore)} before, ${mib(r.rssPeak)} at most while exporting` },
  ]
}
