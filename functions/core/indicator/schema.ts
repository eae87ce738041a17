import * as z from 'zod/mini'
import { UnitId } from '../orgunit/schema'
import { Int } from '../util/schema'
import { breakdowns, indicatorIds } from './definitions'

/** `period`: a year (frozen or approved: its snapshot; open: live figures with that reference year); none: this year, live. */
export const IndicatorQuery = z.strictObject({
  indicator: z.enum(indicatorIds),
  breakdown: z._default(z.enum(breakdowns), 'national'),
  /** only this first- or second-level unit and the units under it */
  unit: z.optional(UnitId),
  period: z.optional(z.pipe(z.coerce.number(), Int(2000, 2100))),
})
export type IndicatorQuery = z.input<typeof IndicatorQuery>

const Texts = z.object({ name: z.string(), definition: z.string(), numerator: z.string(), denominator: z.string(), source: z.string() })
export const IndicatorDefinition = z.object({
  id: z.string(),
  code: z.string(),
  measure: z.enum(['count', 'percent', 'per-10000', 'years']),
  texts: z.object({ en: Texts, fr: Texts, pt: Texts }),
})

export const IndicatorRow = z.object({
  unitId: z.nullable(z.string()),
  unitName: z.nullable(z.string()),
  level: z.int(),
  occupation: z.string(),
  category: z.string(),
  value: z.nullable(z.number()),
  numerator: z.optional(z.number()),
  denominator: z.optional(z.number()),
  /** outside the country: withheld by disclosure control (a small count, or one derivable from others) */
  suppressed: z.optional(z.boolean()),
  /** no figure because its denominator was not entered: a unit's population for the year */
  missing: z.optional(z.literal('population')),
})

export const PeriodRef = z.object({ year: z.int(), state: z.enum(['live', 'open', 'frozen', 'approved']), referenceDate: z.string(), frozenAt: z.optional(z.string()), approvedAt: z.optional(z.string()) })

export const IndicatorTable = z.object({
  indicator: IndicatorDefinition,
  breakdown: z.enum(breakdowns),
  period: PeriodRef,
  referenceLines: z.optional(z.array(z.object({ value: z.number(), kind: z.string(), texts: z.object({ en: z.string(), fr: z.string(), pt: z.string() }) }))),
  rows: z.array(IndicatorRow),
  aggregates: z.optional(z.object({ appliedAt: z.nullable(z.string()), lastChangeAt: z.nullable(z.string()), lagMs: z.nullable(z.number()) })),
})
export type IndicatorTable = z.infer<typeof IndicatorTable>

export const PopulationInput = z.strictObject({
  population: z.array(z.strictObject({ year: Int(1950, 2100), value: Int(1, 2_000_000_000) })).check(
    z.maxLength(100),
    z.refine((rows) => new Set(rows.map((r) => r.year)).size === rows.length, 'one value per year'),
  ),
})

/** At most this many units a save: each unit's change and its audit event go in one transaction. */
export const POPULATION_ROWS_PER_SAVE = 45

/**
 * One year of the population table: per unit, a value (or null to remove that unit's figure for the year)
 * and the version of the unit's population as it was read (0 when it had none), so a save never overwrites
 * what someone else saved in between.
 */
export const PopulationTableInput = z.strictObject({
  year: Int(1950, 2100),
  values: z
    .array(z.strictObject({ unitId: UnitId, value: z.nullable(Int(1, 2_000_000_000)), version: Int(0, 1_000_000_000) }))
    .check(
      z.minLength(1),
      z.maxLength(POPULATION_ROWS_PER_SAVE),
      z.refine((rows) => new Set(rows.map((r) => r.unitId)).size === rows.length, 'one value per unit'),
    ),
})
export type PopulationTableInput = z.input<typeof PopulationTableInput>

export const PopulationTable = z.object({
  /** first-level units, each followed by its second-level units, with their codes for matching a CSV */
  units: z.array(
    z.object({
      unitId: z.string(),
      name: z.string(),
      level: z.int(),
      parentId: z.nullable(z.string()),
      codes: z.array(z.string()),
      population: z.array(z.object({ year: z.int(), value: z.int() })),
      version: z.int(),
    }),
  ),
})
export type PopulationTable = z.infer<typeof PopulationTable>
