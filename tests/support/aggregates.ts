import { withActor, type Actor } from '../../functions/core/actor'
import * as partner from '../../functions/core/partner'
import * as tenant from '../../functions/core/tenant'

let n = 0
const platform: Actor = { kind: 'user', requestId: 'test', userId: 'usr_platformtest0000000000000', email: 'platform@test.example', role: 'platform-admin', sessionId: 'ses_test' }

/** A fresh country made through the core (no users, no login): for tests that drive the registry's verbs. */
export async function freshTenant(id: string, population = 1_000_000) {
  return withActor(platform, async () => {
    const p = await partner.create({ name: `Partner ${id} ${++n}` })
    await tenant.create({ id, name: `Country ${id}`, partnerId: p.id, population: [{ year: 2025, value: population }, { year: 2026, value: population }] })
    return { id, partnerId: p.id }
  })
}

/** Runs `fn` as a registrar of `tenantId` (licence renewals and discipline name the acting user). */
export function asRegistrar<T>(tenantId: string, fn: () => Promise<T>) {
  const actor: Actor = { kind: 'user', requestId: `test-${++n}`, userId: 'usr_registrartest00000000000', email: 'registrar@test.example', role: 'registrar', sessionId: 'ses_test', tenantId }
  return withActor(actor, fn)
}
