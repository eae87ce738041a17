import type { AuditInput } from '../audit/event'
import * as cadre from '../cadre'
import type { Write } from '../db/write'
import type { DeploymentInfo } from '../deployment/schema'
import { newId } from '../id'
import type { OrgUnitInfo } from '../orgunit/schema'
import { created } from '../util/entity'
import type { WorkerInfo } from './schema'

/**
 * Registering a worker at a facility deploys them there: the record says where they work from the first
 * day. The facility's unit becomes the home unit (where the worker returns when the deployment ends), and
 * the deployment is written, with its own audit event, in the registration's transaction.
 * Position defaults to the cadre's name, the start to today.
 */
export async function firstDeployment(worker: WorkerInfo, facility: OrgUnitInfo, position?: string, startDate?: string) {
  // deployment/index.ts imports the worker module: loaded on use, not at start, to keep the import order free
  const { deploymentItem } = await import('../deployment')
  const deployment: DeploymentInfo = {
    id: newId('deployment'),
    workerId: worker.id,
    facilityId: facility.id,
    facilityName: facility.name,
    position: position ?? (await cadre.get(worker.cadreId)).name,
    cadreId: worker.cadreId,
    sector: facility.ownership ?? 'public',
    fte: 1,
    startDate: startDate ?? new Date().toISOString().slice(0, 10),
    fundingSource: 'government',
    ...created(),
  }
  const deployed: WorkerInfo = { ...worker, orgUnitId: facility.parentId ?? worker.orgUnitId, facilityId: facility.id, path: facility.path }
  const writes: Write[] = [{ put: deploymentItem(deployment), when: 'absent' }]
  const audit: AuditInput = { action: 'deployment.create', entityType: 'worker', entityId: worker.id, after: deployment }
  return { worker: deployed, deployment, writes, audit }
}
