import { iscoTitles } from '../../../web/src/lib/isco-titles'
import { cadreItem } from '../cadre'
import { CadreCreate, type CadreInfo } from '../cadre/schema'
import { versionMismatch } from '../error'
import { newId } from '../id'
import { occupationByCode, occupations } from '../occupation'
import { bumped, created } from '../util/entity'
import { normalizeName } from '../util/text'
import type { CheckContext } from './check'
import { closest } from './directory'
import { ending, issue, noteRepeat, schemaIssues, type Checked, type RowInput } from './row'
import type { Change, Issue } from './schema'

/** ISCO-08 health occupations by their titles in English, French and Portuguese (accents and case ignored). */
const titles = new Map<string, string>()
for (const o of occupations) titles.set(normalizeName(o.title), o.code)
for (const lang of ['fr', 'pt'] as const) for (const [code, title] of Object.entries(iscoTitles[lang])) titles.set(normalizeName(title), code)

/** The ISCO-08 code a row gives: a code (alone or before its title, `2221 - Nursing professionals`), else the occupation's title. */
function iscoOf(row: RowInput, issues: Issue[]) {
  const raw = row.get('iscoCode')
  if (raw) {
    const code = /^\s*(\d{4})\b/.exec(raw)?.[1]
    if (code && occupationByCode.has(code)) return code
    issues.push(issue(row, 'import.isco_unknown', { field: 'iscoCode', value: raw }))
    return undefined
  }
  const title = row.get('occupation')
  if (!title) {
    issues.push(issue(row, 'import.required', { field: row.mapped('occupation') && !row.mapped('iscoCode') ? 'occupation' : 'iscoCode' }))
    return undefined
  }
  const code = titles.get(normalizeName(title)) ?? (/^\d{4}$/.test(title) && occupationByCode.has(title) ? title : undefined)
  if (!code) issues.push(issue(row, 'import.occupation_not_found', { field: 'occupation', value: title, params: { suggestions: closest(title, titles.keys()).map((t) => occupationByCode.get(titles.get(t)!)?.title ?? t) } }))
  return code
}

/**
 * A row of a cadre list: the country's own name for the cadre, in its language, mapped to an ISCO-08 code
 * (or the NHWA occupation's title). A cadre of that name already in the country is updated where the row
 * says otherwise (with its version check), or left as it is; a new name is a new cadre.
 */
export function checkCadre(row: RowInput, ctx: CheckContext): Checked {
  const issues: Issue[] = []
  const name = row.get('name')
  const done = ending(row, issues, () => ({ label: name }))
  if (noteRepeat(row, ctx.analysis, issues)) return done('duplicate')
  const iscoCode = iscoOf(row, issues)
  const parsed = CadreCreate.safeParse({ name, iscoCode: iscoCode ?? '2221', description: row.get('description') })
  if (!parsed.success) issues.push(...schemaIssues(row, parsed.error, (path) => String(path[0])).filter((i) => !issues.some((j) => j.field === i.field)))
  if (issues.some((i) => !i.warning) || !parsed.success) return done('error')
  const data = parsed.data

  const current = ctx.dir.cadresByName.get(normalizeName(data.name))
  if (!current) {
    return done('valid', {}, async () => {
      const cadre: CadreInfo = { id: newId('cadre'), ...data, ...created() }
      return { outcome: 'created', entityId: cadre.id, writes: [{ put: cadreItem(cadre), when: 'absent' }], audit: [{ action: 'cadre.create', entityType: 'cadre', entityId: cadre.id, after: cadre }], applied: () => ctx.dir.addCadre(cadre) }
    })
  }
  const match = { id: current.id, label: current.name }
  const diff: Change[] = []
  if (data.iscoCode !== current.iscoCode) diff.push({ field: 'iscoCode', before: current.iscoCode, after: data.iscoCode })
  if (data.description && data.description !== current.description) diff.push({ field: 'description', before: current.description, after: data.description })
  if (!diff.length) {
    issues.push(issue(row, 'import.exists', { warning: true }))
    return done('exists', { match })
  }
  issues.push(issue(row, 'import.would_update', { params: { fields: diff.map((d) => `${row.column(d.field) ?? d.field}: ${d.before ?? '—'} → ${d.after}`) }, warning: true }))
  return done('update', { match, changes: diff.map((d) => d.field), diff }, async () => {
    const next: CadreInfo = { ...current, iscoCode: data.iscoCode, ...(data.description ? { description: data.description } : {}), ...bumped(current) }
    return {
      outcome: 'updated', entityId: current.id,
      writes: [{ put: cadreItem(next), when: { version: current.version }, conflict: () => versionMismatch() }],
      audit: [{ action: 'cadre.update', entityType: 'cadre', entityId: current.id, before: current, after: next }],
      applied: () => ctx.dir.addCadre(next),
    }
  })
}
