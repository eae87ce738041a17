import { recordBulkRead, recordRead, withReadTrace } from '../core/audit'
import { noteProbe } from '../core/security'
import * as worker from '../core/worker'
import type { AnyRoute } from './route'

/**
 * The one place a route's answer about people gets its audit trace, as the route declares (`personData`),
 * and where refused probes are noted as security events. `mount()` runs every handler through it.
 */
export async function traced(spec: AnyRoute, params: Params, resource: string, run: () => Promise<unknown>) {
  const via = routeName(spec)
  try {
    if (spec.personData === 'read' || spec.personData === 'export') {
      const action = spec.personData === 'read' ? 'worker.read' : 'worker.export'
      const { result, traced } = await withReadTrace(action, via, run)
      // a handler that showed the person without going through worker.load: trace it now, before answering
      if (!traced.length && params?.workerId) await recordRead({ action, entityType: 'worker', entityId: params.workerId, via })
      return result
    }
    const result = await run()
    if (spec.personData === 'list') await recordBulkRead('worker.list', peopleIn(result), via)
    return result
  } catch (error) {
    await noteProbe(error, { route: via, resource, person: spec.path.includes(':workerId') })
    throw error
  }
}

/**
 * An answer replayed for a repeated Idempotency-Key is a new read of what it shows: the caller must still
 * see that person now (their scope, or the person's place, may have changed since), and the read is traced.
 */
export async function replayed(spec: AnyRoute, params: Params, resource: string, first: unknown) {
  if (!spec.personData) return first
  const via = `${routeName(spec)} (replayed)`
  try {
    const workerId = params?.workerId ?? personIdOf(first)
    if (workerId) {
      await worker.load(workerId)
      await recordRead({ action: 'worker.read', entityType: 'worker', entityId: workerId, via })
    } else if (params?.tenantId) {
      // loaded on first use (./app-lazy.ts): the tenant core brings the jobs and the FHIR feed
      const { tenant } = await import('./app-lazy')
      await tenant.get(params.tenantId)
      await recordRead({ action: 'tenant.export', entityType: 'tenant', entityId: params.tenantId, via })
    }
    return first
  } catch (error) {
    await noteProbe(error, { route: via, resource, person: spec.path.includes(':workerId') })
    throw error
  }
}

type Params = Record<string, string> | undefined

const routeName = (spec: AnyRoute) => `${spec.method.toUpperCase()} ${spec.path}`

const isWorkerId = (value: unknown): value is string => typeof value === 'string' && value.startsWith('wrk_')

/** The worker a result is about: itself (a worker) or its owner (a licence, a deployment ...). */
function personIdOf(result: unknown) {
  const r = result as { id?: unknown; workerId?: unknown } | undefined
  return isWorkerId(r?.id) ? r.id : isWorkerId(r?.workerId) ? r.workerId : undefined
}

/** The people on a page: its workers, or the workers its audit events are about. */
export function peopleIn(result: unknown): string[] {
  const ids = new Set<string>()
  for (const item of (result as { items?: unknown[] })?.items ?? []) {
    const i = item as { id?: unknown; entityType?: unknown; entityId?: unknown }
    if (isWorkerId(i.id)) ids.add(i.id)
    else if (i.entityType === 'worker' && isWorkerId(i.entityId)) ids.add(i.entityId)
  }
  return [...ids]
}
