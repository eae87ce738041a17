import type { AnyRoute } from '../../functions/api/route'
import type { World } from './world'

/** Another tenant's id for every path parameter name. A route whose parameter is missing here fails the suite. */
export function otherTenantParams(w: World): Record<string, string> {
  return {
    tenantId: w.b.id,
    userId: w.b.users.registrar.userId,
    partnerId: w.partnerB.id,
    donorId: w.donorId,
    orgUnitId: w.b.registry.district.id,
    facilityId: w.b.registry.facility.id,
    cadreId: w.b.registry.cadre.id,
    workerId: w.b.registry.worker.id,
    licenceId: w.b.registry.licence.id,
    deploymentId: w.b.registry.deployment.id,
    invitationId: w.b.invitation.id,
    clientId: w.b.client.id,
  }
}

export function fillPath(route: AnyRoute, params: Record<string, string>) {
  return route.path.replace(/:(\w+)/g, (_, name: string) => {
    const value = params[name]
    if (!value) throw new Error(`no fixture for path parameter :${name} of ${route.method} ${route.path}: add it to tests/support/route-calls.ts`)
    return value
  })
}

/** The route's example body with every mention of tenant A turned into tenant B. */
export function exampleFor(route: AnyRoute, w: World) {
  if (!route.body) return undefined
  const b = w.b.registry
  const swaps: Record<string, string> = { [w.a.id]: w.b.id }
  // the examples' placeholder ids become tenant B's real ones
  for (const [prefix, id] of [['ou_', b.district.id], ['fac_', b.facility.id], ['cad_', b.cadre.id], ['wrk_', b.worker.id]] as const) swaps[`${prefix}01jabcdefghjkmnpqrstvwxyz0`] = id
  let text = JSON.stringify(route.example ?? {})
  for (const [from, to] of Object.entries(swaps)) text = text.replaceAll(`"${from}"`, `"${to}"`)
  return JSON.parse(text)
}

/** Strings of tenant B that must never reach a caller from tenant A. */
export function secretsOf(w: World) {
  return ['MARKER-TB', 'MARKER-PB', 'WorkerUGA', 'NID-UGA-1', 'LIC-UGA-1', 'District UGA', 'Hospital UGA', 'Nurse UGA', ...Object.values(w.b.users).flatMap((u) => [u.email, u.userId])]
}

/** The response without the fields that echo the request itself (the path in `instance`). */
export function withoutEcho(json: unknown) {
  if (!json || typeof json !== 'object') return JSON.stringify(json ?? '')
  const { instance: _i, ...rest } = json as Record<string, unknown>
  return JSON.stringify(rest)
}
