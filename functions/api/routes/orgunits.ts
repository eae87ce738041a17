import * as z from 'zod/mini'
import * as cadre from '../../core/cadre'
import { occupations } from '../../core/occupation'
import * as orgunit from '../../core/orgunit'
import { move } from '../../core/orgunit/move'
import { JobInfo } from '../../jobs/schema'
import { Tree, tree } from '../../core/orgunit/tree'
import { pageOf } from '../../core/util/schema'
import { route } from '../route'
import { CadreParams, FacilityParams, OrgUnitParams } from './params'
import { referenceEditors, registryReaders, registryWriters } from './roles'

const FacilityQuery = z.omit(orgunit.OrgUnitQuery, { parentId: true, kind: true })
const exampleParent = 'ou_01jabcdefghjkmnpqrstvwxyz0'

export const orgUnitRoutes = [
  route({
    method: 'get', path: '/api/v1/occupations', tag: 'reference', access: 'signed-in', personData: false,
    summary: 'ISCO-08 health occupations reported to WHO NHWA',
    response: z.object({ items: z.array(z.object({ code: z.string(), title: z.string(), group: z.string() })) }),
    handler: async () => ({ items: occupations }),
  }),
  route({
    method: 'get', path: '/api/v1/cadres', tag: 'reference', access: registryReaders, personData: false,
    summary: 'The country’s cadres, each mapped to an ISCO-08 code', response: pageOf(cadre.CadreInfo),
    handler: async () => cadre.list(),
  }),
  route({
    method: 'post', path: '/api/v1/cadres', tag: 'reference', access: referenceEditors, personData: false, status: 201,
    summary: 'Define a cadre', body: cadre.CadreCreate, example: { name: 'Registered Nurse', iscoCode: '2221' }, response: cadre.CadreInfo,
    handler: async ({ body }) => cadre.create(body),
  }),
  route({
    method: 'get', path: '/api/v1/cadres/:cadreId', tag: 'reference', access: registryReaders, personData: false,
    summary: 'One cadre', params: CadreParams, response: cadre.CadreInfo,
    handler: async ({ params }) => cadre.get(params.cadreId),
  }),
  route({
    method: 'patch', path: '/api/v1/cadres/:cadreId', tag: 'reference', access: referenceEditors, personData: false, ifMatch: true,
    summary: 'Rename a cadre or change its ISCO-08 mapping', params: CadreParams, body: cadre.CadreUpdate, example: { iscoCode: '3221' }, response: cadre.CadreInfo,
    handler: async ({ params, body, version }) => cadre.update(params.cadreId, version, body),
  }),
  route({
    method: 'get', path: '/api/v1/org-units', tag: 'org-units', access: registryReaders, personData: false,
    summary: 'Children of a unit (roots when no parentId), or a whole subtree with `under`',
    query: orgunit.OrgUnitQuery, response: pageOf(orgunit.OrgUnitInfo),
    handler: async ({ query }) => orgunit.list(query),
  }),
  route({
    method: 'get', path: '/api/v1/org-units/tree', tag: 'org-units', access: registryReaders, personData: false,
    summary: 'The whole hierarchy (your subtree, if scoped) in one answer, compact: for pickers and the tree',
    response: Tree,
    handler: async () => tree(),
  }),
  route({
    method: 'post', path: '/api/v1/org-units', tag: 'org-units', access: registryWriters, personData: false, status: 201,
    summary: 'Add an org unit (region, district, ...)', body: orgunit.OrgUnitCreate, example: { name: 'Nairobi', level: 'county' }, response: orgunit.OrgUnitInfo,
    handler: async ({ body }) => orgunit.createUnit(body),
  }),
  route({
    method: 'get', path: '/api/v1/org-units/:orgUnitId', tag: 'org-units', access: registryReaders, personData: false,
    summary: 'One org unit or facility', params: OrgUnitParams, response: orgunit.OrgUnitInfo,
    handler: async ({ params }) => orgunit.get(params.orgUnitId),
  }),
  route({
    method: 'patch', path: '/api/v1/org-units/:orgUnitId', tag: 'org-units', access: registryWriters, personData: false, ifMatch: true,
    summary: 'Rename a unit or change its codes', params: OrgUnitParams, body: orgunit.OrgUnitUpdate, example: { name: 'Nairobi City' }, response: orgunit.OrgUnitInfo,
    handler: async ({ params, body, version }) => orgunit.update(params.orgUnitId, version, body),
  }),
  route({
    method: 'post', path: '/api/v1/org-units/:orgUnitId/move', tag: 'org-units', access: ['ministry-admin', 'registrar'], personData: false, ifMatch: true, status: 202,
    summary: 'Move a unit under another parent: the unit at once, its subtree and the workers in it by a job (follow it at /jobs/{id})',
    params: OrgUnitParams, body: orgunit.OrgUnitMove, example: { parentId: exampleParent }, response: JobInfo,
    handler: async ({ params, body, version }) => move(params.orgUnitId, version, body.parentId),
  }),
  route({
    method: 'get', path: '/api/v1/facilities', tag: 'facilities', access: registryReaders, personData: false,
    summary: 'Facilities, country-wide or under a unit', query: FacilityQuery, response: pageOf(orgunit.OrgUnitInfo),
    handler: async ({ query }) => orgunit.list(query, 'facility'),
  }),
  route({
    method: 'post', path: '/api/v1/facilities', tag: 'facilities', access: registryWriters, personData: false, status: 201,
    summary: 'Add a facility under an org unit',
    body: orgunit.FacilityCreate, example: { name: 'Mbagathi Hospital', parentId: exampleParent, facilityType: 'hospital', ownership: 'public', codes: { mfl: '13074' } },
    response: orgunit.OrgUnitInfo,
    handler: async ({ body }) => orgunit.createFacility(body),
  }),
  route({
    method: 'get', path: '/api/v1/facilities/:facilityId', tag: 'facilities', access: registryReaders, personData: false,
    summary: 'One facility', params: FacilityParams, response: orgunit.OrgUnitInfo,
    handler: async ({ params }) => orgunit.get(params.facilityId),
  }),
  route({
    method: 'patch', path: '/api/v1/facilities/:facilityId', tag: 'facilities', access: registryWriters, personData: false, ifMatch: true,
    summary: 'Change a facility', params: FacilityParams, body: orgunit.OrgUnitUpdate, example: { ownership: 'private-not-for-profit' }, response: orgunit.OrgUnitInfo,
    handler: async ({ params, body, version }) => orgunit.update(params.facilityId, version, body),
  }),
]
