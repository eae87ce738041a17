import { expect } from 'vitest'
import type { Poller } from '../../functions/streams/poller'
import { tenantItems } from './aggregates'
import { call } from './http'
import type { World } from './world'

/** Nurses and doctors in East, then in West: small cells where a test wants them. */
export type StockPlan = { east: [nurses: number, doctors: number]; west: [nurses: number, doctors: number] }

/**
 * The registry the disclosure tests count: two regions and two cadres in country A, with workers as the plan
 * says, registered by its registrar. Given names `<tag><n>`, family names `<tag>Secretname<n>` and national ids
 * `<tag>SECRET-<n>`: strings that must never leave the country. Returns the units, and the workers in stock
 * (active, on leave, suspended) as stored once the aggregates have caught up.
 */
export async function seedStock(w: World, poller: Poller, plan: StockPlan, tag: string, birthDate: string) {
  const post = async (path: string, body: unknown) => {
    const r = await call('POST', path, { token: w.a.users.registrar.token, body })
    expect(r.status, r.text).toBe(201)
    return r.json
  }
  const units = { east: await post('/api/v1/org-units', { name: 'East', level: 'region' }), west: await post('/api/v1/org-units', { name: 'West', level: 'region' }) }
  const nurse = await post('/api/v1/cadres', { name: 'Nurse', iscoCode: '2221' })
  const doctor = await post('/api/v1/cadres', { name: 'Doctor', iscoCode: '2211' })
  let n = 0
  for (const [unit, counts] of [[units.east, plan.east], [units.west, plan.west]] as const)
    for (const [cadre, count] of [[nurse, counts[0]], [doctor, counts[1]]] as const)
      for (let i = 0; i < count; i++)
        await post('/api/v1/workers', { givenName: `${tag}${n}`, familyName: `${tag}Secretname${n++}`, nationalId: `${tag}SECRET-${n}`, sex: i % 2 ? 'male' : 'female', birthDate, cadreId: cadre.id, orgUnitId: unit.id, confirmNotDuplicate: true })
  await poller.settle()
  const stock = (await tenantItems(w.a.id)).filter((i) => i.sk === 'W' && ['active', 'on-leave', 'suspended'].includes(i.status))
  return { units, stock }
}
