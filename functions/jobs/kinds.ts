import { rebuildJobStep } from '../core/aggregate/job'
import { moveStep } from '../core/orgunit/move'
import { statusIndexJobStep } from '../core/worker/status-index-job'
import { fhirTransactionStep } from '../fhir/feed/job'
import { tenantExport } from './export'
import { importCheckStep, importCommitStep } from './import'
import { offboardStep } from './offboard'
import type { Step } from './runner'
import type { JobKind } from './schema'

/**
 * The job kinds: each is one step function, called again and again with the job (and its checkpoint) until
 * it reports the job finished. A new kind (an import of 100,000 rows checkpointed per chunk, an indicator
 * recount) adds its name to `jobKinds` in schema.ts and its step here.
 */
export const steps: Record<JobKind, Step> = {
  'tenant.export': tenantExport,
  'tenant.offboard': offboardStep,
  'orgunit.move': moveStep,
  'import.check': importCheckStep,
  'import.commit': importCommitStep,
  'fhir.transaction': fhirTransactionStep,
  'aggregates.rebuild': rebuildJobStep,
  'workers.status_index': statusIndexJobStep,
}
