import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { Row } from './stats'

/** `tsx bench/report.ts`: bench/results/latest.json as Markdown tables by section, for docs/PERFORMANCE.md. */
const results = JSON.parse(readFileSync(join(resolve(import.meta.dirname), 'results', 'latest.json'), 'utf8')) as { rows: Row[]; costModel?: { text: string } }
const fmt = (n?: number) => (n === undefined || n === null || Number.isNaN(n) ? '' : n >= 100 ? Math.round(n).toLocaleString('en') : n.toFixed(2))
const sections = [...new Set(results.rows.map((r) => r.section ?? ''))]
for (const section of sections) {
  console.log(`\n### ${section}\n`)
  console.log('| benchmark | value | baseline | ratio | target | | note |')
  console.log('|---|---|---|---|---|---|---|')
  for (const r of results.rows.filter((x) => (x.section ?? '') === section))
    console.log(`| ${r.benchmark} | ${fmt(r.value)} ${r.unit} | ${fmt(r.baseline)} | ${r.ratio === undefined ? '' : `${r.ratio.toFixed(2)}×`} | ${r.target ?? ''} | ${r.pass === undefined ? '' : r.pass ? 'ok' : '**miss**'} | ${(r.note ?? '').replaceAll('|', '/')} |`)
}
if (results.costModel) console.log(`\n\`\`\`\n${results.costModel.text}\n\`\`\``)
