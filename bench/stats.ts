/** Timing helpers: warm up, then time `runs` sequential calls; report median, p95 and p99 in milliseconds. */
export async function time(fn: () => Promise<unknown>, runs: number, warmup = Math.min(50, runs)) {
  for (let i = 0; i < warmup; i++) await fn()
  const samples: number[] = []
  for (let i = 0; i < runs; i++) {
    const start = performance.now()
    await fn()
    samples.push(performance.now() - start)
  }
  return summarize(samples)
}

/**
 * Times a subject and its baseline in alternation (baseline, subject, baseline, ...), so drift in the machine
 * or the JVM behind DynamoDB Local weighs on both alike.
 */
export async function compare(subject: () => Promise<unknown>, baseline: () => Promise<unknown>, runs: number, warmup = 100) {
  for (let i = 0; i < warmup; i++) await Promise.all([baseline(), subject()])
  const a: number[] = []
  const b: number[] = []
  for (let i = 0; i < runs; i++) {
    let start = performance.now()
    await baseline()
    b.push(performance.now() - start)
    start = performance.now()
    await subject()
    a.push(performance.now() - start)
  }
  return { subject: summarize(a), baseline: summarize(b) }
}

export function summarize(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b)
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), runs: samples.length }
}

export type Row = { benchmark: string; value: number; unit: string; baseline?: number; ratio?: number; target?: string; pass?: boolean; note?: string; section?: string; data?: Record<string, unknown> }

export function ratioRow(benchmark: string, subject: { p50: number }, baseline: { p50: number }, max: number, note?: string): Row {
  const ratio = subject.p50 / baseline.p50
  return { benchmark, value: subject.p50, unit: 'ms p50', baseline: baseline.p50, ratio, target: `≤ ${max}×`, pass: ratio <= max, note }
}

export function printTable(rows: Row[]) {
  const fmt = (n?: number) => (n === undefined ? '' : n >= 100 ? n.toFixed(0) : n.toFixed(2))
  const lines = rows.map((r) => [r.benchmark, `${fmt(r.value)} ${r.unit}`, fmt(r.baseline), r.ratio === undefined ? '' : `${r.ratio.toFixed(2)}×`, r.target ?? '', r.pass === undefined ? '' : r.pass ? 'ok' : 'MISS', r.note ?? ''])
  const head = ['benchmark', 'value', 'baseline', 'ratio', 'target', '', 'note']
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)))
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ')
  console.log(line(head))
  console.log(widths.map((w) => '-'.repeat(w)).join('  '))
  for (const l of lines) console.log(line(l))
}
