import * as z from 'zod/mini'
import * as indicator from '../../core/indicator'
import { JobInfo } from '../../jobs/schema'
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
    method: 'post', path: '/api/v1/indicators/recount', tag, personData: false, access: ['ministry-admin'], status: 202,
    summary: 'Recount the figures from the registry, as a job (follow it at /jobs/{id}): every worker recounted, then every total set to their sum. The change stream keeps the figures right; this repairs them after a fault. One at a time (409 indicators.rebuild_running)',
    response: JobInfo,
    handler: async () => indicator.recount(),
  }),
  route({
    method: 'get', path: '/api/v1/indicators/population-table', tag, personData: false, access: readers,
    summary: 'The population table: every first- and second-level unit (first-level units each followed by theirs), its codes, its population by year and the version of that population',
    response: indicator.PopulationTable,
    handler: async () => indicator.populationTable(),
  }),
  route({
    method: 'put', path: '/api/v1/indicators/population-table', tag, personData: 'audited', access: ['ministry-admin'],
    summary: `Set one year of the population table: per unit, a value or null to remove it, and the version of the unit's population as read (0 when none; a stale one is 412 version.mismatch naming the unit). At most ${indicator.POPULATION_ROWS_PER_SAVE} units a save, all or none, each change audited`,
    body: indicator.PopulationTableInput,
    example: { year: 2025, values: [{ unitId: 'ou_01jabcdefghjkmnpqrstvwxyz0', value: 1_250_000, version: 0 }] },
    response: z.object({ year: z.int(), changed: z.int(), versions: z.record(z.string(), z.int()) }),
    handler: async ({ body }) => indicator.savePopulationYear(body),
  }),
  route({
    method: 'get', path: '/api/v1/indicators/populations', tag, personData: false, access: readers,
    summary: 'Population by year of each first- and second-level unit (the national population is in the country settings)',
    response: z.object({ items: z.array(z.object({ unitId: z.string(), population: z.array(z.object({ year: z.int(), value: z.int() })) })), cursor: z.null() }),
    handler: async () => indicator.populations(),
  }),
  route({
    method: 'put', path: '/api/v1/indicators/populations/:orgUnitId', tag, personData: 'audited', access: ['ministry-admin'],
    summary: 'Set the population by year of a unit, every year at once: the denominator of its densities (NHWA 1-03 uses first- and second-level units)',
    params: OrgUnitParams, body: indicator.PopulationInput,
    example: { population: [{ year: 2025, value: 1_250_000 }, { year: 2026, value: 1_270_000 }] },
    handler: async ({ params, body }) => indicator.setPopulation(params.orgUnitId, body),
  }),
]
