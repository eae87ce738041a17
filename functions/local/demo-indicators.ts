import { withActor, type Actor } from '../core/actor'
import { rebuild } from '../core/aggregate/rebuild'
import * as period from '../core/period'
import * as sharing from '../core/sharing'

/**
 * The demo's reporting: each country's aggregates built from its registry (the stream consumer would get
 * there too, a little later), last year frozen and approved, and part of its indicators shared with the
 * demo donor and partner, and with the other countries' ministries, so their consoles show figures on the first start.
 */
export async function seedDemoIndicators(countryId: string, adminEmail: string, donorId: string, shares: 'wide' | 'narrow') {
  const admin: Actor = { kind: 'user', requestId: 'seed', userId: 'seed', email: adminEmail, role: 'ministry-admin', sessionId: 'seed', tenantId: countryId }
  return withActor(admin, async () => {
    await rebuild()
    const year = new Date().getUTCFullYear() - 1
    const frozen = await period.freeze(year, (await period.get(year)).version)
    await period.approve(year, frozen.version)
    const grants =
      shares === 'wide'
        ? [
            { indicator: 'stock', breakdown: 'level1-occupation', recipient: 'donors' },
            { indicator: 'sdg-3c1', breakdown: 'national', recipient: 'donors' },
            { indicator: 'female-share', breakdown: 'level1', recipient: `donor:${donorId}` },
            { indicator: 'stock', breakdown: 'level1-occupation', recipient: 'partners' },
            { indicator: 'density', breakdown: 'level1', recipient: 'partners' },
            { indicator: 'age', breakdown: 'national', recipient: 'partners' },
            { indicator: 'stock', breakdown: 'level1-occupation', recipient: 'peers' },
            { indicator: 'sdg-3c1', breakdown: 'national', recipient: 'peers' },
          ]
        : [
            { indicator: 'stock', breakdown: 'national-occupation', recipient: 'donors' },
            { indicator: 'sdg-3c1', breakdown: 'national', recipient: 'donors' },
            { indicator: 'stock', breakdown: 'level1', recipient: 'partners', drafts: true },
            { indicator: 'stock', breakdown: 'national-occupation', recipient: 'peers' },
          ]
    await sharing.update((await sharing.getPolicy()).version, { grants })
    return { year }
  })
}
