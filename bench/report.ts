import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { costModel } from './cost'
import { dollarsPerMillion, type Metered } from './meter'
import type { CostRow } from './phase-crud'
import type { Row } from './stats'

/**
 * `tsx bench/report.ts [run.json …]`: bench/results/latest.json (or the runs named, later ones' sections first) as Markdown, for docs/PERFORMANCE.md: the rows by section,
 * first every row with a target and whether it holds, then the capacity per operation and the monthly cost model, rebuilt from the rows' metered data (so a run
 * cut short still gives them for the phases it finished).
 */
type Results = { at: string; machine: { loadBefore: number[]; loadNow: number[] }; rows: (Row & { data?: any })[] }
const files = process.argv.slice(2)
const runs = (files.length ? files : [join(resolve(import.meta.dirname), 'results', 'latest.json')]).map((f) => JSON.parse(readFileSync(f, 'utf8')) as Results)
// several runs (a full one, then the phases re-run after a change): a later run's sections replace the earlier's
const results = { rows: runs.reduce<Results['rows']>((rows, run) => {
  const redone = new Set(run.rows.map((r) => r.section))
  return [...rows.filter((r) => !redone.has(r.section)), ...run.rows]
}, []) }
if (runs.length > 1) for (const [n, run] of runs.entries()) console.log(`run ${n + 1}: ${run.at}, sections ${[...new Set(run.rows.map((r) => r.section))].join(', ')}; load average ${run.machine.loadBefore.map((l) => l.toFixed(2)).join(' ')} → ${run.machine.loadNow.map((l) => l.toFixed(2)).join(' ')}`)
const fmt = (n?: number) => (n === undefined || n === null || Number.isNaN(n) ? '' : n >= 100 ? Math.round(n).toLocaleString('en') : n.toFixed(2))
const sections = [...new Set(results.rows.map((r) => r.section ?? ''))].filter((s) => s !== 'cost')
// every row with a target first, in one table: what the issue's reader looks for
console.log('\n### Targets\n')
console.log('| section | benchmark | figure | ratio | target | holds? |')
console.log('|---|---|---|---|---|---|')
for (const r of results.rows.filter((x) => x.target))
  // a target on p99 too: its figure (the note's first clause) beside the p50
  console.log(`| ${r.section ?? ''} | ${r.benchmark} | ${fmt(r.value)} ${r.unit}${r.baseline === undefined ? '' : ` vs ${fmt(r.baseline)}`}${r.target?.includes('p99') ? `; ${(r.note ?? '').split(';')[0]}` : ''} | ${r.ratio === undefined ? '' : `${r.ratio.toFixed(2)}×`} | ${r.target} | ${r.pass ? 'yes' : '**no**'} |`)
for (const section of sections) {
  console.log(`\n### ${section}\n`)
  console.log('| benchmark | value | baseline | ratio | target | | note |')
  console.log('|---|---|---|---|---|---|---|')
  for (const r of results.rows.filter((x) => (x.section ?? '') === section))
    console.log(`| ${r.benchmark} | ${fmt(r.value)} ${r.unit} | ${fmt(r.baseline)} | ${r.ratio === undefined ? '' : `${r.ratio.toFixed(2)}×`} | ${r.target ?? ''} | ${r.pass === undefined ? '' : r.pass ? 'ok' : '**miss**'} | ${(r.note ?? '').replaceAll('|', '/')} |`)
}
const costs: CostRow[] = results.rows.flatMap((r): CostRow[] => {
  if (r.section === 'requests' && r.data?.metered) return [{ operation: r.benchmark.replace(/, vs \w+$/, ''), m: r.data.metered, floor: r.data.floor }]
  if (r.section === 'searches' && r.data?.metered) return [{ operation: `list: ${r.benchmark.replace(/: \d+ ÷ \d+$/, '')}`, m: r.data.metered.large }]
  return []
})
console.log('\n### cost per operation\n')
console.log('| operation | read units | write units | $ per million | floor | most |')
console.log('|---|---|---|---|---|---|')
const units = (m: Pick<Metered, 'read' | 'write'>) => `${m.read.toFixed(0)} RCU + ${m.write.toFixed(0)} WCU ($${dollarsPerMillion(m).toFixed(2)})`
for (const { operation, m, floor } of costs) {
  const top = Object.entries(m.byTarget).sort((a, b) => b[1] - a[1]).slice(0, 3).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ')
  console.log(`| ${operation} | ${m.read.toFixed(1)} | ${m.write.toFixed(1)} | $${dollarsPerMillion(m).toFixed(2)} | ${floor ? units(floor) : ''} | ${top} |`)
}
console.log(`\n\`\`\`\n${costModel(costs).text}\n\`\`\``)
