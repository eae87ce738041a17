import { BatchWriteItemCommand } from '@aws-sdk/client-dynamodb'
import { contributionOf } from '../functions/core/aggregate/cells'
import { withActor } from '../functions/core/actor'
import { auditItem } from '../functions/core/audit/event'
import { config } from '../functions/core/config'
import { dynamo } from '../functions/core/db/client'
import { keys } from '../functions/core/db/keys'
import { toAttr, type Item } from '../functions/core/db/marshal'
import { deploymentItem } from '../functions/core/deployment'
import { newId } from '../functions/core/id'
import { licenceItem, licenceNumberKey } from '../functions/core/licence'
import { provisionUser } from '../functions/core/user/provision'
import { workerWrites } from '../functions/core/worker/item'
import type { WorkerInfo } from '../functions/core/worker/schema'
import { cadreMix, daysFromNow, kenyanNames, pickCadre, profiles, rng, zipf } from '../functions/local/synthetic'
import { login, PASSWORD, request } from './context'

/**
 * A country shaped like a real one: 8 regions × 6 districts, each district a hospital, three health centres
 * and six dispensaries; staff concentrated in hospitals, and the capital's first district holding about a
 * fifth of the workforce (the unit the move job carries). The 14 NHWA-like cadres of synthetic.ts.
 */
export type Facility = { id: string; path: string; name: string; parentId: string; weight: number; facilityType: string }
export type Country = Awaited<ReturnType<typeof country>>
const system = { kind: 'system', requestId: 'bench', reason: 'bench' } as const

export async function country(id: string, regionCount = 8) {
  const platform = await withActor(system, () => provisionUser({ email: `platform-${id}@bench.example`, name: 'p', password: PASSWORD }, { kind: 'global' }, 'Cadre', 'platform-admin'))
  const ptoken = await login(platform.email)
  const partner = await request('POST', '/api/v1/partners', ptoken, { name: `Partner ${id}` })
  await request('POST', '/api/v1/tenants', ptoken, { id, name: id, partnerId: partner.id })
  const email = (role: string) => `${role}-${id}@bench.example`
  await withActor({ ...system, tenantId: id }, () => provisionUser({ email: email('admin'), name: 'a', password: PASSWORD }, { kind: 'tenant', id }, id, 'ministry-admin'))
  await withActor({ ...system, tenantId: id }, () => provisionUser({ email: email('registrar'), name: 'r', password: PASSWORD }, { kind: 'tenant', id }, id, 'registrar'))
  const adminToken = await login(email('admin'))
  const token = await login(email('registrar'))
  const facilities: Facility[] = []
  const regions: { id: string; version: number }[] = []
  const districts: { id: string; path: string; version: number }[] = []
  for (let r = 0; r < regionCount; r++) {
    const region = await request('POST', '/api/v1/org-units', token, { name: `Region ${r}` })
    regions.push({ id: region.id, version: region.version })
    for (let d = 0; d < 6; d++) {
      const district = await request('POST', '/api/v1/org-units', token, { name: `District ${r}.${d}`, parentId: region.id })
      districts.push({ id: district.id, path: district.path, version: district.version })
      const capital = r === 0 && d === 0 ? 12 : 1
      const add = async (name: string, facilityType: string, weight: number) => {
        const f = await request('POST', '/api/v1/facilities', token, { name, parentId: district.id, facilityType, ownership: 'public' })
        facilities.push({ id: f.id, path: f.path, name: f.name, parentId: district.id, weight: weight * capital, facilityType })
      }
      await add(`District Hospital ${r}.${d}`, 'hospital', 30)
      for (let h = 0; h < 3; h++) await add(`Health Centre ${r}.${d}.${h}`, 'health-centre', 6)
      for (let h = 0; h < 6; h++) await add(`Dispensary ${r}.${d}.${h}`, 'dispensary', 1.5)
    }
  }
  const cadres: { id: string; name: string; share: number; council: string | null; position: string }[] = []
  for (const c of cadreMix) cadres.push({ id: (await request('POST', '/api/v1/cadres', token, { name: c.en, iscoCode: c.isco })).id, name: c.en, share: c.share, council: c.council, position: c.position })
  // a district manager of the first district of region 1 (an ordinary district), and one of the capital's
  const manager = async (name: string, district: { id: string }) => {
    await withActor({ ...system, tenantId: id }, () => provisionUser({ email: email(name), name, password: PASSWORD }, { kind: 'tenant', id }, id, 'manager', district.id))
    return { email: email(name), token: await login(email(name)), districtId: district.id }
  }
  const managers = [await manager('manager', districts[6]!), await manager('manager-capital', districts[0]!)]
  return { id, token, adminToken, ptoken, email: email('registrar'), adminEmail: email('admin'), platformEmail: platform.email, facilities, regions, districts, cadres, managers, workers: 0 }
}

export async function refresh(c: Country) {
  c.token = await login(c.email)
  c.adminToken = await login(c.adminEmail)
  c.ptoken = await login(c.platformEmail)
  for (const m of c.managers) m.token = await login(m.email)
}

const weightedPicker = <T extends { weight: number }>(xs: T[]) => {
  const total = xs.reduce((s, x) => s + x.weight, 0)
  return (u: number) => {
    let roll = u * total
    for (const x of xs) if ((roll -= x.weight) <= 0) return x
    return xs.at(-1)!
  }
}

/**
 * The workers of a country drawn from realistic distributions (Kenyan names by Zipf, the cadre mix of
 * synthetic.ts, staff concentrated in hospitals and the capital, a status mix with a rare one: suspended,
 * 0.3%), each with a current deployment and, for licensed cadres, a licence (some expired, some about to).
 * The same seed draws the same country.
 */
export function* drawWorkers(c: Country, count: number, seed = 1) {
  const r = rng(seed)
  const family = zipf(kenyanNames.family)
  const female = zipf(kenyanNames.female)
  const male = zipf(kenyanNames.male)
  const facility = weightedPicker(c.facilities)
  const cadreOf = new Map(cadreMix.map((m, i) => [m.en, c.cadres[i]!]))
  const p = profiles.KEN!
  for (let n = 0; n < count; n++) {
    const sex = r.next() < 0.62 ? 'female' : 'male'
    const mix = pickCadre(r)
    const cadre = cadreOf.get(mix.en)!
    const f = facility(r.next())
    const roll = r.next()
    const status = roll < 0.003 ? 'suspended' : roll < 0.033 ? 'on-leave' : roll < 0.11 ? 'exited' : 'active'
    const created = daysFromNow(-r.int(30, 3000)) + 'T08:00:00.000Z'
    const w = {
      id: newId('worker'), givenName: sex === 'female' ? female(r) : male(r), familyName: family(r), sex, birthDate: `${r.int(1965, 2001)}-${String(r.int(1, 12)).padStart(2, '0')}-${String(r.int(1, 28)).padStart(2, '0')}`,
      nationalId: `${c.id}${String(20_000_000 + n)}`, nationality: p.id, trainingCountry: p.id, qualifications: [], contacts: { phone: `+254 7${r.int(10, 99)} ${r.int(100000, 999999)}` },
      cadreId: cadre.id, status, trainingOrigin: 'domestic', orgUnitId: f.id, facilityId: f.id, path: f.path, version: 1, createdAt: created, updatedAt: created,
    } as WorkerInfo
    const d = { id: newId('deployment'), workerId: w.id, facilityId: f.id, facilityName: f.name, position: cadre.position, cadreId: cadre.id, sector: 'public', fte: 1, startDate: created.slice(0, 10), fundingSource: 'government', version: 1, createdAt: created, updatedAt: created }
    let l: (Record<string, unknown> & { council: string; number: string }) | undefined
    if (cadre.council) {
      const council = p.councils[cadre.council as keyof typeof p.councils]
      l = { id: newId('licence'), workerId: w.id, council, number: `${cadre.council.slice(0, 2).toUpperCase()}-${c.id}-${n}`, issuedAt: daysFromNow(-r.int(400, 3000)), expiresAt: daysFromNow(r.int(-365, 1100)), status: 'active', renewals: [], actions: [], version: 1, createdAt: created, updatedAt: created }
    }
    yield { w, d, l, facility: f, r }
  }
}

/**
 * Loads `count` workers with BatchWriteItem, items built by the domain's own builders: the worker (its five
 * indexes and the change feed), national-id guard, its deployment and licence (with its number guard and
 * expiry index), and for a quarter of them a history in the audit log (create, licence, deployment, an edit
 * for some). Returns items written and how many of each kind.
 */
export async function loadWorkers(c: Country, count: number, seed = 1) {
  const items: Item[] = []
  const counts = { workers: 0, licences: 0, deployments: 0, audit: 0, items: 0 }
  const flush = async (force = false) => {
    while (items.length >= 25 * 16 || (force && items.length)) {
      const chunk = items.splice(0, 25 * 16)
      await Promise.all(Array.from({ length: Math.ceil(chunk.length / 25) }, (_, i) => batchWrite(chunk.slice(i * 25, i * 25 + 25))))
      counts.items += chunk.length
    }
  }
  await withActor({ ...system, tenantId: c.id }, async () => {
    for (const { w, d, l, r } of drawWorkers(c, count, seed)) {
      for (const wr of workerWrites(w, 'absent')) if ('put' in wr) items.push(wr.put)
      items.push({ ...keys.nationalId(w.nationalId!), workerId: w.id })
      items.push(deploymentItem(d as never))
      counts.deployments++
      if (l) {
        items.push(licenceItem(l as never), { ...licenceNumberKey(l.council, l.number), licenceId: l.id, workerId: w.id })
        counts.licences++
      }
      if (r.next() < 0.25) {
        items.push(auditItem({ action: 'worker.create', entityType: 'worker', entityId: w.id, after: w }), auditItem({ action: 'deployment.create', entityType: 'worker', entityId: w.id, after: d }))
        counts.audit += 2
        if (l) items.push(auditItem({ action: 'licence.create', entityType: 'worker', entityId: w.id, after: l })), counts.audit++
        if (r.next() < 0.4) items.push(auditItem({ action: 'worker.update', entityType: 'worker', entityId: w.id, before: w, after: { ...w, version: 2 } })), counts.audit++
      }
      counts.workers++
      await flush()
    }
    await flush(true)
  })
  c.workers += count
  return counts
}

/**
 * The aggregate cells a country of `count` workers drawn as loadWorkers draws them would have, computed by
 * the consumer's own contributionOf and written straight to the cell items, the registry itself not
 * written: what a summary reads (cells, never workers) at that size, in seconds instead of the half hour a
 * 100,000-worker load and recount take here. Returns the number of cells.
 */
export async function loadCells(c: Country, count: number, seed = 1) {
  const counts = new Map<string, number>()
  const day = new Date().toISOString().slice(0, 10)
  await withActor({ ...system, tenantId: c.id }, async () => {
    for (const { w, d, l, facility } of drawWorkers(c, count, seed)) {
      const state = { worker: w as never, deployments: [d], licences: l ? [l as never] : [], exits: [], facility: { facilityType: facility.facilityType, ownership: 'public' } }
      for (const cell of contributionOf(state, c.id, day).cells) counts.set(cell, (counts.get(cell) ?? 0) + 1)
    }
    const items = [...counts].map(([cell, n]) => ({ ...keys.aggregateCell(cell), n, v: 1 }))
    for (let i = 0; i < items.length; i += 400) await Promise.all(Array.from({ length: 16 }, (_, j) => items.slice(i + j * 25, i + j * 25 + 25)).filter((b) => b.length).map(batchWrite))
  })
  c.workers += count
  return counts.size
}

/** `count` audit events of one record (reads of a much-read worker), written raw: its history's length. */
export async function loadHistory(c: Country, workerId: string, count: number) {
  const items: Item[] = []
  await withActor({ ...system, tenantId: c.id }, async () => {
    for (let i = 0; i < count; i++) items.push(auditItem({ action: 'worker.read', entityType: 'worker', entityId: workerId }))
  })
  for (let i = 0; i < items.length; i += 400) await Promise.all(Array.from({ length: 16 }, (_, j) => items.slice(i + j * 25, i + j * 25 + 25)).filter((b) => b.length).map(batchWrite))
}

export async function batchWrite(batch: Item[]) {
  let pending = batch.map((Item) => ({ PutRequest: { Item: toAttr(Item) } }))
  for (let attempt = 0; pending.length; attempt++) {
    if (attempt) await new Promise((r) => setTimeout(r, 20 * attempt))
    const out = await dynamo().send(new BatchWriteItemCommand({ RequestItems: { [config.table]: pending } }))
    pending = (out.UnprocessedItems?.[config.table] ?? []) as typeof pending
  }
}
