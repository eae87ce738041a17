import * as z from 'zod/mini'
import * as indicator from '../../core/indicator'
import { route } from '../route'
import { OrgUnitParams } from './params'

const tag = 'indicators'
/** users of the whole country; a user confined to a subtree is refused in core */
const readers = ['ministry-admin', 'registrar', 'manager', 'viewer'] as const

export const indicatorRoutes = [
  route({
    method: 'get', path: '/api/v1/indicators/definitions', tag, personData: false, access: 'signed-in',
    summary: 'Every indicator with its NHWA or SDG code, its measure, and its definition, numerator, denominator and source in English, French and Portuguese',
    response: z.object({ items: z.array(indicator.IndicatorDefinition) }),
    handler: async () => ({ items: indicator.definitions() }),
  }),
  route({
    method: 'get', path: '/api/v1/indicators', tag, personData: false, access: readers,
    summary:
      'One indicator of your country, from the aggregates (never a scan of the registry). `breakdown`: national, level1 or level2 (finer levels include the coarser rows), each optionally by occupation (ISCO-08). `period`: a year (its frozen snapshot when frozen); none for this year, live. Example: /api/v1/indicators?indicator=density&breakdown=level1-occupation&period=2025',
    query: indicator.IndicatorQuery, response: indicator.IndicatorTable,
    handler: async ({ query }) => indicator.read(query),
  }),
  route({
    method: 'get', path: '/api/v1/indicators/populations', tag, personData: false, access: readers,
    summary: 'Population by year of each first- and second-level unit (the national population is in the country settings)',
    response: z.object({ items: z.array(z.object({ unitId: z.string(), population: z.array(z.object({ year: z.int(), value: z.int() })) })), cursor: z.null() }),
    handler: async () => indicator.populations(),
  }),
  route({
    method: 'put', path: '/api/v1/indicators/populations/:orgUnitId', tag, personData: 'audited', access: ['ministry-admin'],
    summary: 'Set the population by year of a first- or second-level unit: the denominator of its densities (NHWA 1-03)',
    params: OrgUnitParams, body: indicator.PopulationInput,
    example: { population: [{ year: 2025, value: 1_250_000 }, { year: 2026, value: 1_270_000 }] },
    handler: async ({ params, body }) => indicator.setPopulation(params.orgUnitId, body),
  }),
]
