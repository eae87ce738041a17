import * as z from 'zod/mini'
import { CountryCode, Id, Int, Language, Text, Versioned } from '../util/schema'

export const stages = ['development', 'pilot', 'rollout', 'maintenance'] as const
export const components = ['registry', 'training', 'licensing', 'deployment', 'performance', 'finance', 'migration'] as const
/** `pooled` shares the main deployment; a named AWS region pins the tenant to a dedicated stage there. */
export const HomeRegion = z.union([z.literal('pooled'), z.string().check(z.regex(/^[a-z]{2}-[a-z]+-\d$/, 'an AWS region, e.g. af-south-1'))])

export const Population = z
  .array(z.strictObject({ year: Int(1950, 2100), value: Int(1, 2_000_000_000) }))
  .check(
    z.maxLength(100),
    z.refine((rows) => new Set(rows.map((r) => r.year)).size === rows.length, 'one value per year'),
  )

export const TenantStatus = z.enum(['active', 'suspended', 'offboarded'])

const Languages = z.array(Language).check(z.minLength(1), z.maxLength(6))
const Components = z.array(z.enum(components)).check(z.maxLength(components.length))
/** the country's licensing councils, spelled once: a licence names one of them, so a typo cannot defeat number uniqueness */
export const Councils = z.array(Text(120)).check(
  z.maxLength(50),
  z.refine((names) => new Set(names.map((n) => n.toLowerCase())).size === names.length, 'each council once'),
)

export const TenantInfo = z.extend(Versioned, {
  id: CountryCode,
  name: Text(),
  partnerId: Id('partner'),
  languages: Languages,
  homeRegion: HomeRegion,
  population: Population,
  stage: z.enum(stages),
  components: Components,
  councils: z.optional(Councils),
  status: TenantStatus,
  /** on an offboarded country's tombstone: the offboarding job, whose file is the country's copy to hand back */
  offboardJobId: z.optional(Id('job')),
})
export type TenantInfo = z.infer<typeof TenantInfo>

export const TenantCreate = z.strictObject({
  id: CountryCode,
  name: Text(),
  /** required of a platform admin; a partner admin always provisions for its own partner */
  partnerId: z.optional(Id('partner')),
  languages: z._default(Languages, ['en']),
  homeRegion: z._default(HomeRegion, 'pooled'),
  population: z._default(Population, []),
  stage: z._default(z.enum(stages), 'development'),
  components: z._default(Components, ['registry']),
  councils: z.optional(Councils),
})

export const TenantUpdate = z.strictObject({
  name: z.optional(Text()),
  languages: z.optional(Languages),
  population: z.optional(Population),
  stage: z.optional(z.enum(stages)),
  components: z.optional(Components),
  councils: z.optional(Councils),
})
export type TenantUpdate = z.infer<typeof TenantUpdate>
