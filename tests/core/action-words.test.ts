import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { jobKinds } from '../../functions/jobs/schema'

/**
 * Every audit action the API writes is said in words in the console's three languages (the audit log and a
 * record's history show them): a new action without its words would show as a code such as `import.commit`.
 */
const root = join(import.meta.dirname, '../..')
const sources = (dir: string): string[] =>
  readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []))

function actionsWritten() {
  const found = new Set<string>()
  for (const file of sources('functions')) {
    const text = readFileSync(join(root, file), 'utf8')
    for (const [, code] of text.matchAll(/\baction: '([a-z0-9_]+\.[a-z_]+)'/g)) found.add(code!)
  }
  return [...found]
}

describe('audit actions', () => {
  it('each one the API writes has its words in English, French and Portuguese', () => {
    const written = actionsWritten()
    expect(written.length).toBeGreaterThan(40)
    const words = readFileSync(join(root, 'web/src/lib/actions.ts'), 'utf8')
    const missing = written.filter((code) => words.split(`'${code}':`).length - 1 < 3)
    expect(missing).toEqual([])
  })
})

describe('job kinds', () => {
  it('each one has its name in English, French and Portuguese on the dashboard’s work in progress', () => {
    const words = readFileSync(join(root, 'web/src/components/Dashboard.tsx'), 'utf8')
    expect(jobKinds.filter((kind) => words.split(`'job_${kind}':`).length - 1 < 3)).toEqual([])
  })
})
