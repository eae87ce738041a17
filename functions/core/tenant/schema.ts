import { z } from 'zod'
import { CountryCode, Id, Language, Text, Versioned } from '../util/schema'

export const stages = ['development', 'pilot', 'rollout', 'maintenance'] as const
export const components = ['registry', 'training', 'licensing', 'deployment', 'performance', 'finance', 'migration'] as const
/** `pooled` shares the main deployment; a named AWS region pins the tenant to a dedicated stage there. */
export const HomeRegion = z.union([z.literal('pooled'), z.string().regex(/^[a-z]{2}-[a-z]+-\d$/, 'an AWS region, e.g. af-south-1')])

export const Population = z
  .array(z.strictObject({ year: z.number().int().min(1950).max(2100), value: z.number().int().min(1).max(2_000_000_000) }))
  .max(100)
  .refine((rows) => new Set(rows.map((r) => r.year)).size === rows.length, 'one value per year')

export const TenantStatus = z.enum(['active', 'suspended', 'offboarded'])

export const TenantInfo = Versioned.extend({
  id: CountryCode,
  name: Text(),
  partnerId: Id('partner'),
  languages: z.array(Language).min(1).max(6),
  homeRegion: HomeRegion,
  population: Population,
  stage: z.enum(stages),
  components: z.array(z.enum(components)).max(components.length),
  status: TenantStatus,
})
export type TenantInfo = z.infer<typeof TenantInfo>

export const TenantCreate = z.strictObject({
  id: CountryCode,
  name: Text(),
  /** required of a platform admin; a partner admin always provisions for its own partner */
  partnerId: Id('partner').optional(),
  languages: z.array(Language).min(1).max(6).default(['en']),
  homeRegion: HomeRegion.default('pooled'),
  population: Population.default([]),
  stage: z.enum(stages).default('development'),
  components: z.array(z.enum(components)).max(components.length).default(['registry']),
})

export const TenantUpdate = z.strictObject({
  name: Text().optional(),
  languages: z.array(Language).min(1).max(6).optional(),
  population: Population.optional(),
  stage: z.enum(stages).optional(),
  components: z.array(z.enum(components)).max(components.length).optional(),
})
export type TenantUpdate = z.infer<typeof TenantUpdate>
