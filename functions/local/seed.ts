import { withActor, asTenantSystem, type Actor } from '../core/actor'
import { keys } from '../core/db/keys'
import { getItem } from '../core/db/read'
import { commit } from '../core/db/write'
import * as donor from '../core/donor'
import * as partner from '../core/partner'
import * as tenant from '../core/tenant'
import { provisionUser } from '../core/user/provision'
import * as orgunit from '../core/orgunit'
import { seedCountryRegistry } from './demo-registry'
import { seedDemoIndicators } from './demo-indicators'
import { profiles } from './synthetic'

export const DEMO_PASSWORD = 'cadre-demo-2026'
const DEMO_WORKERS = Number(process.env.CADRE_DEMO_WORKERS ?? 300)

export type DemoLogin = { role: string; email: string; password: string; where: string }

const countries = [
  { id: 'KEN', name: 'Kenya — Ministry of Health', languages: ['en', 'sw'], population: 56_400_000, stage: 'rollout', prefix: 'ken' },
  { id: 'SEN', name: 'Sénégal — Ministère de la Santé', languages: ['fr'], population: 18_500_000, stage: 'pilot', prefix: 'sen' },
  { id: 'MWI', name: 'Malawi — Ministry of Health', languages: ['en'], population: 21_600_000, stage: 'development', prefix: 'mwi' },
] as const

/** Every demo account, as `npm start` prints them (the same on every start). */
export function demoLogins(): DemoLogin[] {
  const login = (role: string, email: string, where: string) => ({ role, email, password: DEMO_PASSWORD, where })
  return [
    login('platform-admin', 'admin@cadre.local', 'Cadre'),
    login('partner-admin', 'partner@cadre.local', 'Health Systems Partners'),
    ...countries.flatMap((c) => [
      login('ministry-admin', `admin@${c.prefix}.cadre.local`, c.id),
      login('registrar', `registrar@${c.prefix}.cadre.local`, c.id),
      login('viewer', `viewer@${c.prefix}.cadre.local`, c.id),
      login('manager', `manager@${c.prefix}.cadre.local`, `${c.id}, one district`),
    ]),
    login('donor', 'donor@cadre.local', 'Global Health Workforce Fund'),
  ]
}

/** Demo data for `npm start`: written once, on the first start of an empty table. Returns false if already there. */
export async function seedDemo(): Promise<boolean> {
  const system: Actor = { kind: 'system', requestId: 'seed', reason: 'demo-seed' }
  return withActor(system, async () => {
    if (await getItem(keys.seedMarker())) return false
    const add = async (email: string, name: string, scope: Parameters<typeof provisionUser>[1], scopeName: string, role: Parameters<typeof provisionUser>[3], orgUnitId?: string) => {
      await provisionUser({ email, name, password: DEMO_PASSWORD }, scope, scopeName, role, orgUnitId)
    }
    await add('admin@cadre.local', 'Platform Admin', { kind: 'global' }, 'Cadre', 'platform-admin')

    const platform: Actor = { kind: 'user', requestId: 'seed', userId: 'seed', email: 'admin@cadre.local', role: 'platform-admin', sessionId: 'seed' }
    const p = await withActor(platform, () => partner.create({ name: 'Health Systems Partners', contactEmail: 'hello@hsp.example' }))
    await add('partner@cadre.local', 'Grace Partner', { kind: 'partner', id: p.id }, p.name, 'partner-admin')
    for (const c of countries) {
      await withActor(platform, () =>
        tenant.create({ id: c.id, name: c.name, partnerId: p.id, languages: [...c.languages], population: [{ year: 2025, value: c.population }], stage: c.stage, components: ['registry', 'licensing', 'deployment'], councils: [...new Set(Object.values(profiles[c.id]!.councils))] }),
      )
      await asTenantSystem(c.id, 'demo-seed', async () => {
        await add(`admin@${c.prefix}.cadre.local`, `${c.id} Ministry Admin`, { kind: 'tenant', id: c.id }, c.name, 'ministry-admin')
        await add(`registrar@${c.prefix}.cadre.local`, `${c.id} Registrar`, { kind: 'tenant', id: c.id }, c.name, 'registrar')
        await add(`viewer@${c.prefix}.cadre.local`, `${c.id} Viewer`, { kind: 'tenant', id: c.id }, c.name, 'viewer')
      })
      const started = Date.now()
      const seeded = await seedCountryRegistry(c.id, DEMO_WORKERS)
      console.log(`  ${c.id}: ${seeded.facilities} facilities, ${seeded.workers} health workers (${((Date.now() - started) / 1000).toFixed(1)} s)`)
      // a district manager, to try the console confined to one district
      await asTenantSystem(c.id, 'demo-seed', async () => {
        const [region] = (await orgunit.list({})).items
        const [district] = region ? (await orgunit.list({ parentId: region.id })).items : []
        if (district) await add(`manager@${c.prefix}.cadre.local`, `${c.id} District Manager (${district.name})`, { kind: 'tenant', id: c.id }, c.name, 'manager', district.id)
      })
    }
    const d = await withActor(platform, () => donor.create({ name: 'Global Health Workforce Fund' }))
    await add('donor@cadre.local', 'Dana Donor', { kind: 'donor', id: d.id }, d.name, 'donor')
    // last year frozen, approved and partly shared by two countries, so donor and partner see figures at once
    for (const [c, shares] of [[countries[0], 'wide'], [countries[1], 'narrow']] as const) await seedDemoIndicators(c.id, `admin@${c.prefix}.cadre.local`, d.id, shares)
    await commit([{ put: { ...keys.seedMarker(), at: new Date().toISOString() }, when: 'absent' }])
    return true
  })
}
