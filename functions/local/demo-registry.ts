import { asTenantSystem } from '../core/actor'
import * as cadre from '../core/cadre'
import * as deployment from '../core/deployment'
import * as exit from '../core/exit'
import * as licence from '../core/licence'
import * as orgunit from '../core/orgunit'
import type { OrgUnitInfo } from '../core/orgunit/schema'
import * as training from '../core/training'
import * as worker from '../core/worker'
import { cadreMix, daysFromNow, profiles, rng, syntheticWorker } from './synthetic'

const facilityKinds = [
  { suffix: 'County Referral Hospital', fr: 'Hôpital régional', type: 'hospital', ownership: 'public' },
  { suffix: 'Health Centre', fr: 'Centre de santé', type: 'health-centre', ownership: 'public' },
  { suffix: 'Dispensary', fr: 'Poste de santé', type: 'dispensary', ownership: 'public' },
  { suffix: 'Mission Hospital', fr: 'Hôpital confessionnel', type: 'hospital', ownership: 'private-not-for-profit' },
  { suffix: 'Medical Clinic', fr: 'Clinique privée', type: 'clinic', ownership: 'private-for-profit' },
] as const

/**
 * A country's demo registry, written through the same domain verbs as the API (so with audit events):
 * its hierarchy, its cadres and `size` workers with their licences, deployments, training and exits.
 */
export async function seedCountryRegistry(countryId: string, size: number) {
  const p = profiles[countryId]
  if (!p) throw new Error(`no synthetic profile for ${countryId}`)
  const r = rng(countryId.charCodeAt(0) * 1000 + countryId.charCodeAt(2))
  return asTenantSystem(countryId, 'demo-seed', async () => {
    const facilities: OrgUnitInfo[] = []
    for (const region of p.regions) {
      const unit = await orgunit.createUnit({ name: region.name, level: p.lang === 'fr' ? 'région' : 'region' })
      for (const d of region.districts) {
        const district = await orgunit.createUnit({ name: d, level: p.lang === 'fr' ? 'district' : 'district', parentId: unit.id })
        for (const kind of facilityKinds.slice(0, r.int(2, 5))) {
          const name = p.lang === 'fr' ? `${kind.fr} de ${d}` : `${d} ${kind.suffix}`
          facilities.push(
            await orgunit.createFacility({ name, parentId: district.id, facilityType: kind.type, ownership: kind.ownership, coordinates: { lat: -4 + r.next() * 20, lng: -17 + r.next() * 55 } }),
          )
        }
      }
    }
    const cadres = new Map<string, string>()
    for (const c of cadreMix) cadres.set(c.isco, (await cadre.create({ name: p.lang === 'fr' ? c.fr : c.en, iscoCode: c.isco })).id)

    for (let n = 0; n < size; n++) {
      const s = syntheticWorker(r, p, n)
      const home = r.pick(facilities)
      const w = await worker.create({ ...s.identity, cadreId: cadres.get(s.cadre.isco)!, confirmNotDuplicate: true })
      if (s.licence) await licence.create(w.id, s.licence)
      await deployment.create(w.id, { facilityId: home.id, position: s.cadre.position, startDate: s.startDate, fundingSource: r.next() < 0.15 ? 'donor' : 'government' })
      if (s.transfer) {
        const next = r.pick(facilities)
        if (next.id !== home.id) await deployment.create(w.id, { facilityId: next.id, position: s.cadre.position, startDate: daysFromNow(-r.int(1, 50)) })
      }
      if (s.cpd) await training.create(w.id, { kind: 'cpd', title: r.pick(['Emergency obstetric care', 'IMCI refresher', 'Infection prevention', 'HIV testing services', 'Data quality']), credits: r.int(4, 20) })
      if (s.exit)
        await exit.create(w.id, {
          kind: s.exit.reason === 'death' || s.exit.reason === 'end-of-contract' ? 'involuntary' : 'voluntary',
          reason: s.exit.reason,
          date: daysFromNow(0),
          destinationCountry: s.exit.reason === 'emigration' ? s.exit.destination : undefined,
        })
    }
    return { facilities: facilities.length, workers: size }
  })
}
