import { useActor, withActor } from '../actor'
import { recordBulkRead } from '../audit'
import type { OrgUnitInfo } from '../orgunit/schema'
import * as worker from '../worker'
import type { WorkerQuery } from '../worker/schema'
import { directory, forgetDirectory, type Directory } from './directory'
import { fieldOf, type ImportKind } from './fields'
import { csvLine } from './csv'
import { exportWords } from './export-words'
import type { ReasonLang } from './reasons'

const label = (kind: ImportKind, key: string, lang: ReasonLang) => fieldOf(kind, key)!.label[lang]
const extra: Record<string, Record<ReasonLang, string>> = {
  status: { en: 'Status', fr: 'Statut', pt: 'Estado' },
  id: { en: 'Registry id', fr: 'Identifiant au registre', pt: 'Identificador no registo' },
}

/**
 * A stream that runs its producer inside the request's actor: the body is pulled after the handler has
 * returned, outside the request's context, and every page it reads is still the caller's (scope, audit).
 */
function streamOf(produce: (push: (text: string) => void) => AsyncGenerator<void>) {
  const actor = useActor()
  const encoder = new TextEncoder()
  let pending = ''
  const push = (text: string) => (pending += text)
  let steps: AsyncGenerator<void> | undefined
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      await withActor(actor, async () => {
        steps ??= produce(push)
        // a pull that enqueues nothing is not called again: step on until there is text or the end
        let next: IteratorResult<void>
        do next = await steps.next()
        while (!pending && !next.done)
        if (pending) controller.enqueue(encoder.encode(pending))
        pending = ''
        if (next.done) controller.close()
      })
    },
  })
}

/** Where a node sits, as names from the top down (the MFL's hierarchy columns). */
const ancestors = (dir: Directory, u: OrgUnitInfo) => u.path.split('/').filter(Boolean).slice(0, -1).map((id) => dir.units.get(id)?.name ?? '')

/**
 * The worker list with the list's own filters, as CSV (UTF-8 with a BOM for Excel, ISO dates), headed like
 * the workers import's template in the reader's language, so an export goes back in as it came out. Read
 * page by page (memory holds one page); each page is recorded as a bulk read naming its workers.
 */
export async function workersCsv(query: Omit<WorkerQuery, 'cursor' | 'limit'>, lang: ReasonLang) {
  forgetDirectory()
  const dir = await directory()
  // the first page before the answer starts: a filter refused (a unit outside the caller's area, another
  // country's id) is a 4xx problem, not a stream cut short after its 200
  const first = await worker.list({ ...query, limit: 200 })
  const cadres = new Map([...dir.cadresByName.values()].map((c) => [c.id, c.name]))
  const say = exportWords(lang)
  const keysInOrder = ['registryNumber', 'nationalId', 'givenName', 'familyName', 'otherNames', 'sex', 'birthDate', 'nationality', 'placeOfBirth', 'trainingCountry', 'cadre', 'facility', 'facilityCode', 'facilityArea', 'licenceExpires']
  return streamOf(async function* (push) {
    push(`\uFEFF${csvLine([...keysInOrder.map((k) => label('workers', k, lang)), extra.status![lang], extra.id![lang]])}`)
    yield
    let page = first
    for (;;) {
      let text = ''
      for (const w of page.items) {
        const facility = w.facilityId ? dir.units.get(w.facilityId) : undefined
        const area = facility ? ancestors(dir, facility).at(-1) : undefined
        const code = facility?.codes?.mfl ?? facility?.codes?.dhis2 ?? facility?.codes?.hmis
        text += csvLine([w.registryNumber, w.nationalId, w.givenName, w.familyName, w.otherNames, say.sex(w.sex), w.birthDate, say.country(w.nationality), w.placeOfBirth, say.country(w.trainingCountry), cadres.get(w.cadreId) ?? '', facility?.name, code, area, (w as { licenceExpiresAt?: string }).licenceExpiresAt, say.status(w.status), w.id])
      }
      await recordBulkRead('worker.export', page.items.map((w) => w.id), 'GET /api/v1/exports/workers.csv')
      push(text)
      yield
      if (!page.cursor) return
      page = await worker.list({ ...query, cursor: page.cursor, limit: 200 })
    }
  })
}

/** The country's facilities as an MFL-shaped CSV: their units as columns, top down, then their codes; headed like the import's template. */
export function facilitiesCsv(lang: ReasonLang) {
  return streamOf(async function* (push) {
    forgetDirectory()
    const dir = await directory()
    const facilities = [...dir.units.values()].filter((u) => u.kind === 'facility')
    const depth = Math.min(4, Math.max(0, ...facilities.map((f) => ancestors(dir, f).length)))
    const levels = ['level1', 'level2', 'level3', 'level4'].slice(0, depth)
    const columns = [...levels, 'name', 'mflCode', 'dhis2Id', 'hmisCode', 'facilityType', 'ownership', 'latitude', 'longitude']
    push(`\uFEFF${csvLine(columns.map((k) => label('facilities', k, lang)))}`)
    const rows = facilities.map((f) => {
      const above = ancestors(dir, f)
      // the deepest units when there are more levels than columns: the district matters more than the country
      const shown = above.slice(Math.max(0, above.length - depth))
      return [...levels.map((_, i) => shown[i] ?? ''), f.name, f.codes?.mfl, f.codes?.dhis2, f.codes?.hmis, f.facilityType, f.ownership, f.coordinates?.lat, f.coordinates?.lng]
    })
    rows.sort((a, b) => a.join('\u0000').localeCompare(b.join('\u0000')))
    for (let i = 0; i < rows.length; i += 500) {
      push(rows.slice(i, i + 500).map(csvLine).join(''))
      yield
    }
  })
}

/**
 * Units and facilities as a DHIS2 `organisationUnits` export (flat, with `path`, `level`, `parent`): the
 * DHIS2 uid where the node has one, else its registry id; parents first.
 */
export async function organisationUnits() {
  forgetDirectory()
  const dir = await directory()
  const uid = (u: OrgUnitInfo) => u.codes?.dhis2 ?? u.id
  const units = [...dir.units.values()].sort((a, b) => a.depth - b.depth || a.name.localeCompare(b.name))
  return {
    organisationUnits: units.map((u) => {
      const chain = u.path.split('/').filter(Boolean).map((id) => dir.units.get(id)).filter((x): x is OrgUnitInfo => !!x)
      const parent = u.parentId ? dir.units.get(u.parentId) : undefined
      return {
        id: uid(u),
        name: u.name,
        shortName: u.name.slice(0, 50),
        // DHIS2's `code` is the HMIS code (as the import reads it); the MFL code has no DHIS2 field of its own
        ...(u.codes?.hmis ? { code: u.codes.hmis } : {}),
        level: u.depth + 1,
        path: `/${chain.map(uid).join('/')}`,
        ...(parent ? { parent: { id: uid(parent) } } : {}),
        ...(u.coordinates ? { geometry: { type: 'Point', coordinates: [u.coordinates.lng, u.coordinates.lat] } } : {}),
        attributeValues: [],
      }
    }),
  }
}
