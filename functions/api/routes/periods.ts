import * as z from 'zod/mini'
import * as period from '../../core/period'
import { DataValueSet, Dhis2Mapping, Dhis2MappingInput, ExportQuery, exportDataValueSet, getMapping, setMapping } from '../../core/period/dhis2'
import { Int, Text } from '../../core/util/schema'
import { route } from '../route'

const tag = 'periods'
const readers = ['ministry-admin', 'registrar', 'manager', 'viewer'] as const
const Year = z.strictObject({ year: Int(2000, 2100) })

export const periodRoutes = [
  route({
    method: 'get', path: '/api/v1/periods', tag, personData: false, access: readers,
    summary: 'Reporting years that were ever frozen, newest first: open, frozen or approved, with who did what and why',
    response: z.object({ items: z.array(period.PeriodInfo), cursor: z.null() }),
    handler: async () => period.list(),
  }),
  route({
    method: 'post', path: '/api/v1/periods/freeze', tag, personData: 'audited', access: ['ministry-admin'], ifMatch: true,
    summary: 'Freeze a year: its figures become a snapshot later edits do not change (If-Match: the period’s version, "0" for a year never frozen)',
    body: Year, example: { year: 2025 }, response: period.PeriodInfo,
    handler: async ({ body, version }) => period.freeze(body.year, version),
  }),
  route({
    method: 'post', path: '/api/v1/periods/approve', tag, personData: 'audited', access: ['ministry-admin'], ifMatch: true,
    summary: 'Approve a frozen year: donors and partners it is shared with may now see it',
    body: Year, example: { year: 2025 }, response: period.PeriodInfo,
    handler: async ({ body, version }) => period.approve(body.year, version),
  }),
  route({
    method: 'post', path: '/api/v1/periods/reopen', tag, personData: 'audited', access: ['ministry-admin'], ifMatch: true,
    summary: 'Reopen a frozen or approved year, with the reason (kept in its history and the audit log); its snapshot is kept',
    body: z.strictObject({ year: Int(2000, 2100), reason: Text(500) }), example: { year: 2025, reason: 'Late returns from two districts' }, response: period.PeriodInfo,
    handler: async ({ body, version }) => period.reopen(body.year, version, { reason: body.reason }),
  }),
  route({
    method: 'get', path: '/api/v1/periods/dhis2', tag, personData: false, access: ['ministry-admin'],
    summary: 'A frozen year as DHIS2 dataValueSets JSON (POST it to DHIS2’s /api/dataValueSets). Example: /api/v1/periods/dhis2?year=2025',
    query: ExportQuery, response: DataValueSet,
    handler: async ({ query }) => exportDataValueSet(query.year),
  }),
  route({
    method: 'get', path: '/api/v1/periods/dhis2-mapping', tag, personData: false, access: ['ministry-admin'],
    summary: 'Which DHIS2 data element and category option combo each figure is exported to',
    response: z.nullable(Dhis2Mapping),
    handler: async () => (await getMapping()) ?? null,
  }),
  route({
    method: 'put', path: '/api/v1/periods/dhis2-mapping', tag, personData: 'audited', access: ['ministry-admin'], ifMatch: true,
    summary: 'Set the DHIS2 mapping (If-Match: its version, "0" the first time)',
    body: Dhis2MappingInput,
    example: { countryOrgUnit: 'ImspTQPwCqd', entries: [{ indicator: 'stock', occupation: '2221', dataElement: 'tpz77FcntKx' }, { indicator: 'density', dataElement: 'FRbgzTZ74Hh' }] },
    response: Dhis2Mapping,
    handler: async ({ body, version }) => setMapping(version, body),
  }),
]
