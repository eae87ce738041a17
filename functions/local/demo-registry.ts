import { asTenantSystem } from '../core/actor'
import * as cadre from '../core/cadre'
import * as deployment from '../core/deployment'
import * as exit from '../core/exit'
import * as licence from '../core/licence'
import * as orgunit from '../core/orgunit'
import type { OrgUnitInfo } from '../core/orgunit/schema'
import * as training from '../core/training'
import * as worker from '../core/worker'
import { mapLimited } from '../core/util/limited'
import { cadreMix, daysFromNow, profiles, rng, syntheticWorker } from './synthetic'

const facilityKinds = [
  { suffix: 'County Referral Hospital', fr: 'Hôpital régional', type: 'hospital', ownership: 'public' },
  { suffix: 'Health Centre', fr: 'Centre de santé', type: 'health-centre', ownership: 'public' },
  { suffix: 'Dispensary', fr: 'Poste de santé', type: 'dispensary', ownership: 'public' },
  { suffix: 'Mission Hospital', fr: 'Hôpital confessionnel', type: 'hospital', ownership: 'private-not-for-profit' },
  { suffix: 'Medical Clinic', fr: 'Clinique privée', type: 'clinic', ownership: 'private-for-profit' },
] as const

/** Workers written side by side: each one's writes are its own, so only the wait for the database is shared. */
const LANES = 6

/**
 * A country's demo registry, written through the same domain verbs as the API (so with audit events):
 * its hierarchy, its cadres and `size` workers with their licences, deployments, training and exits.
 * Every random draw is made first, in a fixed order, so the registry is the same on every start however the
 * parallel writes interleave.
 */
export async function seedCountryRegistry(countryId: string, size: number) {
  const p = profiles[countryId]
  if (!p) throw new Error(`no synthetic profile for ${countryId}`)
  const r = rng(countryId.charCodeAt(0) * 1000 + countryId.charCodeAt(2))
  return asTenantSystem(countryId, 'demo-seed', async () => {
    const facilities: OrgUnitInfo[] = []
    for (const region of p.regions) {
      const unit = await orgunit.createUnit({ name: region.name, level: p.lang === 'fr' ? 'région' : 'region' })
      const districts = await Promise.all(region.districts.map((d) => orgunit.createUnit({ name: d, level: 'district', parentId: unit.id })))
      const planned = districts.flatMap((district) =>
        facilityKinds.slice(0, r.int(2, 5)).map((kind) => ({
          name: p.lang === 'fr' ? `${kind.fr} de ${district.name}` : `${district.name} ${kind.suffix}`,
          parentId: district.id,
          facilityType: kind.type,
          ownership: kind.ownership,
          coordinates: { lat: -4 + r.next() * 20, lng: -17 + r.next() * 55 },
        })),
      )
      facilities.push(...(await mapLimited(planned, LANES, (f) => orgunit.createFacility(f))))
    }
    const cadres = new Map<string, string>()
    for (const c of cadreMix) cadres.set(c.isco, (await cadre.create({ name: p.lang === 'fr' ? c.fr : c.en, iscoCode: c.isco })).id)

    const plans = Array.from({ length: size }, (_, n) => plan(r, p, n, facilities))
    await mapLimited(plans, LANES, async ({ s, home, funding, next, transferDays, cpd }) => {
      const w = await worker.create({ ...s.identity, cadreId: cadres.get(s.cadre.isco)!, confirmNotDuplicate: true })
      if (s.licence) await licence.create(w.id, s.licence)
      await deployment.create(w.id, { facilityId: home.id, position: s.cadre.position, startDate: s.startDate, fundingSource: funding })
      if (next) await deployment.create(w.id, { facilityId: next.id, position: s.cadre.position, startDate: daysFromNow(-transferDays!) })
      if (cpd) await training.create(w.id, { kind: 'cpd', ...cpd })
      if (s.exit)
        await exit.create(w.id, {
          kind: s.exit.reason === 'death' || s.exit.reason === 'end-of-contract' ? 'involuntary' : 'voluntary',
          reason: s.exit.reason,
          date: daysFromNow(0),
          destinationCountry: s.exit.reason === 'emigration' ? s.exit.destination : undefined,
        })
    })
    return { facilities: facilities.length, workers: size }
  })
}

/** One worker's draws, in the order the seed has always made them. */
function plan(r: ReturnType<typeof rng>, p: NonNullable<(typeof profiles)[string]>, n: number, facilities: OrgUnitInfo[]) {
  const s = syntheticWorker(r, p, n)
  const home = r.pick(facilities)
  const funding = r.next() < 0.15 ? ('donor' as const) : ('government' as const)
  let next: OrgUnitInfo | undefined
  let transferDays: number | undefined
  if (s.transfer) {
    const picked = r.pick(facilities)
    if (picked.id !== home.id) (next = picked), (transferDays = r.int(1, 50))
  }
  const cpd = s.cpd ? { title: r.pick(['Emergency obstetric care', 'IMCI refresher', 'Infection prevention', 'HIV testing services', 'Data quality']), credits: r.int(4, 20) } : undefined
  return { s, home, funding, next, transferDays, cpd }
}
