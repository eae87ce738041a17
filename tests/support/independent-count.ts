/**
 * The cells the registry's raw items imply, counted by test code from a Scan of the tenant's items, without
 * the consumer's code: what the incremental path and the rebuild must both equal. `today` decides licences
 * and deployments, age needs no date (birth year is kept).
 */
export function independentCells(items: Record<string, any>[], tenantId: string, today: string): Map<string, number> {
  const byPartition = new Map<string, Record<string, any>[]>()
  for (const i of items) if (String(i.pk).startsWith(`T#${tenantId}#W#`)) byPartition.set(i.pk, [...(byPartition.get(i.pk) ?? []), i])
  const facilities = new Map(items.filter((i) => i.pk === `T#${tenantId}#OU`).map((u) => [u.id, u]))
  const out = new Map<string, number>()
  const add = (key: string) => out.set(key, (out.get(key) ?? 0) + 1)
  for (const records of byPartition.values()) {
    const w = records.find((r) => r.sk === 'W')
    if (!w || w.status === 'merged') continue
    const segments: string[] = w.path.split('/').filter((s: string) => s.length > 0)
    const u1 = segments.length > 0 && segments[0]!.slice(0, 3) === 'ou_' ? segments[0]! : '-'
    const u2 = u1 !== '-' && segments.length > 1 && segments[1]!.slice(0, 3) === 'ou_' ? segments[1]! : '-'
    const prefix = [w.cadreId, u1, u2].join('|')
    add(['en', prefix, w.createdAt.slice(0, 4), w.trainingOrigin].join('|'))
    for (const e of records.filter((r) => r.sk.slice(0, 4) === 'EXT#'))
      add(['ex', prefix, e.date.slice(0, 4), e.reason, e.kind, e.reason === 'emigration' ? e.destinationCountry : '-'].join('|'))
    if (w.status !== 'active' && w.status !== 'on-leave' && w.status !== 'suspended') continue
    const licensed = records.some((r) => r.sk.slice(0, 4) === 'LIC#' && r.status === 'active' && !(r.issuedAt > today) && !(r.expiresAt < today))
    const deps = records.filter((r) => r.sk.slice(0, 4) === 'DEP#' && !(r.startDate > today) && (r.endDate === undefined || !(r.endDate < today)))
    const facility = w.facilityId === undefined ? undefined : facilities.get(w.facilityId)
    const depHere = deps.find((d) => d.facilityId === w.facilityId)
    add(['st', prefix, w.status].join('|'))
    add(['sa', prefix, w.sex, w.birthDate.slice(0, 4)].join('|'))
    add(['ac', prefix, licensed ? 'L' : '-', deps.length > 0 ? 'S' : '-'].join('|'))
    add(['ow', prefix, depHere ? depHere.sector : (facility?.ownership ?? '-')].join('|'))
    add(['ft', prefix, facility?.facilityType ?? '-'].join('|'))
    add(['tr', prefix, w.trainingOrigin].join('|'))
    add(['na', prefix, w.nationality === undefined ? 'unknown' : w.nationality === tenantId ? 'national' : 'foreign'].join('|'))
  }
  return out
}
