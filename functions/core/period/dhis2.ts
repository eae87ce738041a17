import * as z from 'zod/mini'
import { useTenant } from '../actor'
import { keys } from '../db/keys'
import { strip } from '../db/marshal'
import { getItem, queryAll } from '../db/read'
import { commit } from '../db/write'
import { AppError, versionMismatch } from '../error'
import { indicatorIds, type Breakdown } from '../indicator/definitions'
import { periodData, tableOf } from '../indicator'
import { bumped, created } from '../util/entity'
import { Int, Raw, Versioned } from '../util/schema'

const Uid = z.string().check(z.regex(/^[A-Za-z][A-Za-z0-9]{10}$/, 'a DHIS2 uid: 11 characters'))
/** DHIS2's built-in "default" category option combo */
export const DHIS2_DEFAULT_COMBO = 'HllvX50cXC0'

/**
 * Which DHIS2 data element (and category option combo) each figure goes to. Org units use the DHIS2 uid
 * recorded on each unit (`codes.dhis2`); the country itself needs one here.
 */
export const Dhis2MappingInput = z.strictObject({
  countryOrgUnit: Uid,
  attributeOptionCombo: z._default(Uid, DHIS2_DEFAULT_COMBO),
  entries: z
    .array(
      z.strictObject({
        indicator: z.enum(indicatorIds),
        /** the figure's category (`*` for the total, `female`, `licensed`, ...) */
        category: z._default(Raw(60), '*'),
        /** an ISCO-08 code or SDG group, `*` for all occupations */
        occupation: z._default(Raw(40), '*'),
        dataElement: Uid,
        categoryOptionCombo: z._default(Uid, DHIS2_DEFAULT_COMBO),
      }),
    )
    .check(z.maxLength(500)),
})
export const Dhis2Mapping = z.extend(Versioned, { ...Dhis2MappingInput.shape })
export type Dhis2Mapping = z.infer<typeof Dhis2Mapping>

export const DataValueSet = z.object({
  dataValues: z.array(z.object({ dataElement: z.string(), period: z.string(), orgUnit: z.string(), categoryOptionCombo: z.string(), attributeOptionCombo: z.string(), value: z.string() })),
})
export const ExportQuery = z.strictObject({ year: z.pipe(z.coerce.number(), Int(2000, 2100)) })

export async function getMapping(): Promise<Dhis2Mapping | undefined> {
  const found = await getItem(keys.dhis2Mapping())
  return found ? strip<Dhis2Mapping>(found) : undefined
}

export async function setMapping(version: number, input: z.input<typeof Dhis2MappingInput>) {
  const parsed = Dhis2MappingInput.parse(input)
  const current = await getMapping()
  if ((current?.version ?? 0) !== version) throw versionMismatch(current?.version ?? 0)
  const next: Dhis2Mapping = current ? { ...current, ...parsed, ...bumped(current) } : { ...parsed, ...created() }
  await commit([{ put: { ...keys.dhis2Mapping(), ...next }, when: current ? { version: current.version } : 'absent', conflict: () => versionMismatch() }], {
    audit: { action: 'dhis2.mapping', entityType: 'tenant', entityId: useTenant(), before: current, after: next },
    result: next,
  })
  return next
}

/**
 * A frozen (or approved) year as DHIS2 `dataValueSets` JSON: one data value per mapped figure for the
 * country and for each first- and second-level unit that has a DHIS2 uid. Inside the country: unsuppressed.
 */
export async function exportDataValueSet(year: number) {
  const mapping = await getMapping()
  if (!mapping) throw new AppError(409, 'dhis2.no_mapping', 'Map indicators to DHIS2 data elements first')
  const { data, ref } = await periodData(year)
  if (ref.state !== 'frozen' && ref.state !== 'approved') throw new AppError(409, 'period.not_frozen', `Freeze ${year} before exporting it`)
  const codes = new Map<string, string>()
  for (const u of await queryAll<{ id: string; kind: string; depth: number; codes?: { dhis2?: string } }>({ partition: keys.orgUnit('').pk }, 100_000))
    if (u.kind === 'unit' && u.depth <= 1 && u.codes?.dhis2) codes.set(u.id, u.codes.dhis2)
  const dataValues: z.infer<typeof DataValueSet>['dataValues'] = []
  const tables = new Map<string, ReturnType<typeof tableOf>>()
  for (const e of mapping.entries) {
    const breakdown: Breakdown = e.occupation === '*' || e.indicator === 'sdg-3c1' ? 'level2' : 'level2-occupation'
    const key = `${e.indicator}/${breakdown}`
    if (!tables.has(key)) tables.set(key, tableOf(data, useTenant(), ref, e.indicator, breakdown))
    for (const r of tables.get(key)!.computed.rows) {
      if (r.category !== e.category || r.occupation !== e.occupation || r.value === null) continue
      const orgUnit = r.unitId ? codes.get(r.unitId) : mapping.countryOrgUnit
      if (!orgUnit) continue
      dataValues.push({ dataElement: e.dataElement, period: String(year), orgUnit, categoryOptionCombo: e.categoryOptionCombo, attributeOptionCombo: mapping.attributeOptionCombo, value: String(r.value) })
    }
  }
  return { dataValues }
}
