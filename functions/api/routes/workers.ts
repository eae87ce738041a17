import * as deployment from '../../core/deployment'
import * as exit from '../../core/exit'
import * as licence from '../../core/licence'
import * as training from '../../core/training'
import { pageOf } from '../../core/util/schema'
import * as worker from '../../core/worker'
import { merge } from '../../core/worker/merge'
import { history, record } from '../../core/worker/record'
import { AuditEvent } from '../../core/audit/event'
import { PageQuery } from '../../core/util/schema'
import { route } from '../route'
import { DeploymentParams, LicenceParams, WorkerParams } from './params'
import { registryReaders, registryWriters } from './roles'

const tag = 'workers'
/** a worker may carry a small photo inline (90,000 characters at most) */
const PHOTO_BODY_BYTES = 128 * 1024
const exampleCadre = 'cad_01jabcdefghjkmnpqrstvwxyz0'
const exampleFacility = 'fac_01jabcdefghjkmnpqrstvwxyz0'

export const workerRoutes = [
  route({
    method: 'get', path: '/api/v1/workers', tag, access: registryReaders, personData: 'list',
    summary: 'Search and list health workers: name prefix or identifier (`q`), subtree or facility, cadre, status, licence expiry',
    query: worker.WorkerQuery, response: pageOf(worker.WorkerSummary),
    handler: async ({ query }) => worker.list(query),
  }),
  route({
    method: 'post', path: '/api/v1/workers', tag, access: registryWriters, personData: 'audited', status: 201, maxBodyBytes: PHOTO_BODY_BYTES, idempotentCommit: true,
    summary: 'Register a health worker (409 worker.duplicate / worker.probable_duplicate unless confirmed)',
    body: worker.WorkerCreate,
    example: { givenName: 'Amina', familyName: 'Odhiambo', sex: 'female', birthDate: '1990-04-12', nationalId: '28841234', cadreId: exampleCadre, nationality: 'KEN', trainingCountry: 'KEN' },
    response: worker.WorkerInfo,
    handler: async ({ body }) => worker.create(body),
  }),
  route({
    method: 'get', path: '/api/v1/workers/:workerId', tag, access: registryReaders, personData: 'read',
    summary: 'One health worker (the read is audited)', params: WorkerParams, response: worker.WorkerInfo,
    handler: async ({ params }) => worker.get(params.workerId),
  }),
  route({
    method: 'patch', path: '/api/v1/workers/:workerId', tag, access: registryWriters, personData: 'audited', ifMatch: true, maxBodyBytes: PHOTO_BODY_BYTES,
    summary: 'Correct or update a worker (If-Match required)', params: WorkerParams, body: worker.WorkerUpdate, example: { status: 'on-leave' }, response: worker.WorkerInfo,
    handler: async ({ params, body, version }) => worker.update(params.workerId, version, body),
  }),
  route({
    method: 'get', path: '/api/v1/workers/:workerId/record', tag, access: registryReaders, personData: 'export',
    summary: 'The whole record as one document, with its history of corrections (access and portability)', params: WorkerParams,
    handler: async ({ params }) => record(params.workerId),
  }),
  route({
    method: 'get', path: '/api/v1/workers/:workerId/history', tag, access: registryReaders, personData: 'read',
    summary: 'Every change made to this person’s record, newest first (who, when, before and after)', params: WorkerParams, query: PageQuery, response: pageOf(AuditEvent),
    handler: async ({ params, query }) => history(params.workerId, query.cursor, query.limit),
  }),
  route({
    method: 'post', path: '/api/v1/workers/:workerId/merge', tag, access: ['ministry-admin', 'registrar'], personData: 'audited',
    summary: 'Merge a duplicate record into this one, keeping both histories', params: WorkerParams, body: worker.MergeInput,
    example: { duplicateId: 'wrk_01jabcdefghjkmnpqrstvwxyz0' },
    handler: async ({ params, body }) => merge(params.workerId, body.duplicateId),
  }),
  route({
    method: 'get', path: '/api/v1/workers/:workerId/licences', tag, access: registryReaders, personData: 'read',
    summary: 'Licences and registrations (status `expired` is computed from the date)', params: WorkerParams, response: pageOf(licence.LicenceInfo),
    handler: async ({ params }) => licence.list(params.workerId),
  }),
  route({
    method: 'post', path: '/api/v1/workers/:workerId/licences', tag, access: registryWriters, personData: 'audited', status: 201,
    summary: 'Record a licence (409 licence.number_taken: numbers are unique per council)', params: WorkerParams,
    body: licence.LicenceCreate, example: { council: 'Nursing Council of Kenya', number: 'NCK-55012', issuedAt: '2024-01-01', expiresAt: '2027-01-01' },
    response: licence.LicenceInfo,
    handler: async ({ params, body }) => licence.create(params.workerId, body),
  }),
  route({
    method: 'patch', path: '/api/v1/workers/:workerId/licences/:licenceId', tag, access: registryWriters, personData: 'audited', ifMatch: true,
    summary: 'Correct a licence', params: LicenceParams, body: licence.LicenceUpdate, example: { expiresAt: '2027-06-30' }, response: licence.LicenceInfo,
    handler: async ({ params, body, version }) => licence.update(params.workerId, params.licenceId, version, body),
  }),
  route({
    method: 'post', path: '/api/v1/workers/:workerId/licences/:licenceId/renewals', tag, access: registryWriters, personData: 'audited', ifMatch: true, status: 201,
    summary: 'Renew a licence to a later expiry date', params: LicenceParams, body: licence.LicenceRenewal, example: { expiresAt: '2030-01-01' }, response: licence.LicenceInfo,
    handler: async ({ params, body, version }) => licence.renew(params.workerId, params.licenceId, version, body),
  }),
  route({
    method: 'post', path: '/api/v1/workers/:workerId/licences/:licenceId/actions', tag, access: registryWriters, personData: 'audited', ifMatch: true, status: 201,
    summary: 'Record a disciplinary action (suspension, revocation and reinstatement change the status)',
    params: LicenceParams, body: licence.DisciplinaryAction, example: { date: '2026-03-01', action: 'warning', note: 'late renewal' }, response: licence.LicenceInfo,
    handler: async ({ params, body, version }) => licence.discipline(params.workerId, params.licenceId, version, body),
  }),
  route({
    method: 'get', path: '/api/v1/workers/:workerId/deployments', tag, access: registryReaders, personData: 'read',
    summary: 'Deployment history, newest first', params: WorkerParams, response: pageOf(deployment.DeploymentInfo),
    handler: async ({ params }) => deployment.list(params.workerId),
  }),
  route({
    method: 'post', path: '/api/v1/workers/:workerId/deployments', tag, access: registryWriters, personData: 'audited', status: 201,
    summary: 'Deploy or transfer (an open deployment closes the previous one)', params: WorkerParams,
    body: deployment.DeploymentCreate, example: { facilityId: exampleFacility, position: 'Nursing officer', startDate: '2026-01-15', fundingSource: 'government' },
    response: deployment.DeploymentInfo,
    handler: async ({ params, body }) => deployment.create(params.workerId, body),
  }),
  route({
    method: 'patch', path: '/api/v1/workers/:workerId/deployments/:deploymentId', tag, access: registryWriters, personData: 'audited', ifMatch: true,
    summary: 'End a deployment', params: DeploymentParams, body: deployment.DeploymentEnd, example: { endDate: '2026-06-30' }, response: deployment.DeploymentInfo,
    handler: async ({ params, body, version }) => deployment.end(params.workerId, params.deploymentId, version, body),
  }),
  route({
    method: 'get', path: '/api/v1/workers/:workerId/training', tag, access: registryReaders, personData: 'read',
    summary: 'Pre-service, in-service and CPD training', params: WorkerParams, response: pageOf(training.TrainingInfo),
    handler: async ({ params }) => training.list(params.workerId),
  }),
  route({
    method: 'post', path: '/api/v1/workers/:workerId/training', tag, access: registryWriters, personData: 'audited', status: 201,
    summary: 'Record training', params: WorkerParams, body: training.TrainingCreate, example: { kind: 'cpd', title: 'Emergency obstetric care', credits: 12 }, response: training.TrainingInfo,
    handler: async ({ params, body }) => training.create(params.workerId, body),
  }),
  route({
    method: 'get', path: '/api/v1/workers/:workerId/exits', tag, access: registryReaders, personData: 'read',
    summary: 'Exits from the workforce', params: WorkerParams, response: pageOf(exit.ExitInfo),
    handler: async ({ params }) => exit.list(params.workerId),
  }),
  route({
    method: 'post', path: '/api/v1/workers/:workerId/exits', tag, access: registryWriters, personData: 'audited', status: 201,
    summary: 'Record an exit (ends open deployments; status becomes exited or deceased)', params: WorkerParams,
    body: exit.ExitCreate, example: { kind: 'voluntary', reason: 'emigration', date: '2026-05-31', destinationCountry: 'GBR' }, response: exit.ExitInfo,
    handler: async ({ params, body }) => exit.create(params.workerId, body),
  }),
]
