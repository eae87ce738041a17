import { useTenant, useUser } from '../actor'
import { keys } from '../db/keys'
import { strip } from '../db/marshal'
import { getItem, queryAll } from '../db/read'
import { commit, type Write } from '../db/write'
import { AppError, versionMismatch } from '../error'
import type { TenantInfo } from '../tenant/schema'
import { created, bumped } from '../util/entity'
import { SharingInput, type Grant, type SharingPolicy } from './schema'

export * from './schema'

const empty = (): SharingPolicy => ({ threshold: 5, grants: [], version: 0, createdAt: '', updatedAt: '' })

export async function getPolicy(): Promise<SharingPolicy> {
  const found = await getItem(keys.sharingPolicy())
  return found ? strip<SharingPolicy>(found) : empty()
}

/** The recipient key a grant is indexed under: "partners" means this country's own partner. */
export const recipientKey = (recipient: string, partnerId: string) => (recipient === 'partners' ? `partner:${partnerId}` : recipient)

const sameGrant = (a: { indicator: string; breakdown: string; recipient: string; drafts: boolean }, b: typeof a) =>
  a.indicator === b.indicator && a.breakdown === b.breakdown && a.recipient === b.recipient && a.drafts === b.drafts

/** The policy, the donors a grant may name, and the partner "partners" means. */
export async function read() {
  const tenant = await getItem<TenantInfo>(keys.tenantRecord(useTenant()))
  const donors = await queryAll<{ id: string; name: string }>({ index: 'gsi1', partition: keys.donorsList().gsi1pk }, 1000)
  return { policy: await getPolicy(), partnerId: tenant?.partnerId ?? null, donors: donors.map((d) => ({ id: d.id, name: d.name })) }
}

/**
 * Replaces the policy. A grant kept as it was keeps when and by whom it was granted; a new one is stamped
 * now, by the caller. One item per recipient, indexed by recipient, lets a donor find what is shared with
 * it without reading any country's data. Audited with both versions.
 */
export async function update(version: number, input: { threshold?: number; grants: unknown[] }) {
  const parsed = SharingInput.parse(input)
  const current = await getPolicy()
  if (current.version !== version) throw versionMismatch(current.version)
  const tenant = (await getItem<TenantInfo>(keys.tenantRecord(useTenant())))!
  const now = new Date().toISOString()
  const grants: Grant[] = []
  for (const g of parsed.grants) {
    if (grants.some((x) => sameGrant(x, g))) continue
    const kept = current.grants.find((x) => sameGrant(x, g))
    grants.push(kept ?? { ...g, grantedAt: now, grantedBy: useUser().email })
  }
  for (const donorId of new Set(grants.filter((g) => g.recipient.startsWith('donor:')).map((g) => g.recipient.slice(6))))
    if (!(await getItem(keys.donor(donorId)))) throw new AppError(400, 'sharing.donor_not_found', 'No such donor', { field: 'grants', donorId })
  const next: SharingPolicy = { ...current, threshold: parsed.threshold, grants, ...(current.version ? bumped(current) : created()) }
  const writes: Write[] = [{ put: { ...keys.sharingPolicy(), ...next }, when: current.version ? { version } : 'absent', conflict: () => versionMismatch() }]
  const byRecipient = new Map<string, Grant[]>()
  for (const g of grants) byRecipient.set(recipientKey(g.recipient, tenant.partnerId), [...(byRecipient.get(recipientKey(g.recipient, tenant.partnerId)) ?? []), g])
  for (const [key, list] of byRecipient) writes.push({ put: { ...keys.sharedWith(key), tenantId: useTenant(), recipient: key, grants: list, threshold: next.threshold, updatedAt: now } })
  for (const g of current.grants) {
    const key = recipientKey(g.recipient, tenant.partnerId)
    if (!byRecipient.has(key)) writes.push({ delete: { pk: keys.sharedWith(key).pk, sk: keys.sharedWith(key).sk } })
  }
  await commit(dedupe(writes), { audit: { action: 'sharing.update', entityType: 'tenant', entityId: useTenant(), before: current.version ? current : undefined, after: next }, result: next })
  return next
}

/** one write per item: a recipient removed twice is deleted once */
function dedupe(writes: Write[]) {
  const seen = new Set<string>()
  return writes.filter((w) => {
    const key = 'put' in w ? `${w.put.pk}/${w.put.sk}` : 'delete' in w ? `${w.delete.pk}/${w.delete.sk}` : `${w.check.pk}/${w.check.sk}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}
