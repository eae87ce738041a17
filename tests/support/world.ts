import { asTenantSystem, withActor } from '../../functions/core/actor'
import type { Role } from '../../functions/core/auth/roles'
import type { Scope } from '../../functions/core/db/keys'
import { provisionUser } from '../../functions/core/user/provision'
import { call } from './http'

export const PASSWORD = 'test-password-123'

export type Person = { userId: string; email: string; role: Role; token: string; refreshToken: string }

const system = { kind: 'system', requestId: 'test', reason: 'test-fixture' } as const

let counter = 0
/** A unique email, so tests in one file never collide. */
export const email = (name: string) => `${name}.${process.pid}.${++counter}@test.example`

export async function person(scope: Scope, scopeName: string, role: Role, orgUnitId?: string): Promise<Person> {
  const address = email(role)
  const run = () => provisionUser({ email: address, name: `${role} ${scopeName}`, password: PASSWORD }, scope, scopeName, role, orgUnitId)
  const m = scope.kind === 'tenant' ? await asTenantSystem(scope.id, 'test', () => withActor(system, run)) : await withActor(system, run)
  const tenantId = scope.kind === 'tenant' ? scope.id : undefined
  const login = await call('POST', '/api/v1/auth/login', { body: { email: address, password: PASSWORD, tenantId } })
  if (login.status !== 200) throw new Error(`login failed: ${login.text}`)
  return { userId: m.userId, email: address, role, token: login.json.accessToken, refreshToken: login.json.refreshToken }
}

const tenantRoles = ['ministry-admin', 'registrar', 'manager', 'viewer'] as const

async function country(id: string, name: string, partnerToken: string) {
  const created = await call('POST', '/api/v1/tenants', { token: partnerToken, body: { id, name, population: [{ year: 2025, value: 50_000_000 }] } })
  if (created.status !== 201) throw new Error(`provision failed: ${created.text}`)
  const users = {} as Record<(typeof tenantRoles)[number], Person>
  for (const role of tenantRoles) users[role] = await person({ kind: 'tenant', id }, name, role)
  // a pending invitation, so every route that names one has a real id of this country to try
  const invitation = ok(await call('POST', '/api/v1/users', { token: users['ministry-admin'].token, body: { email: email(`invited-${id}`), role: 'viewer' } }))
  // and a system with client credentials, for the routes that name one
  const client = ok(await call('POST', '/api/v1/clients', { token: users['ministry-admin'].token, body: { name: `Payroll ${id}`, scopes: ['system/*.read'] } }))
  // and an import waiting for its file, for the routes that name one
  const upload = ok(await call('POST', '/api/v1/imports', { token: users['ministry-admin'].token, body: { kind: 'workers', fileName: `staff-${id}.csv`, bytes: 100 } }))
  return { id, name, users, invitation, client, upload, registry: await registry(id, users.registrar.token) }
}

const ok = (r: { status: number; text: string; json: any }) => {
  if (r.status >= 300) throw new Error(r.text)
  return r.json
}

/** A small registry in a country: region > district > facility, a cadre, and a deployed, licensed worker. */
export async function registry(country: string, token: string) {
  const post = (path: string, body: unknown) => call('POST', path, { token, body }).then(ok)
  const region = await post('/api/v1/org-units', { name: `Region ${country}`, level: 'region' })
  const district = await post('/api/v1/org-units', { name: `District ${country}`, level: 'district', parentId: region.id })
  const facility = await post('/api/v1/facilities', { name: `Hospital ${country}`, parentId: district.id, facilityType: 'hospital', ownership: 'public' })
  const cadre = await post('/api/v1/cadres', { name: `Nurse ${country}`, iscoCode: '2221' })
  const worker = await post('/api/v1/workers', {
    givenName: 'Marker', familyName: `Worker${country}`, sex: 'female', birthDate: '1988-02-03', nationalId: `NID-${country}-1`, cadreId: cadre.id, trainingCountry: country,
  })
  const licence = await post(`/api/v1/workers/${worker.id}/licences`, { council: `Council ${country}`, number: `LIC-${country}-1`, issuedAt: '2024-01-01', expiresAt: '2030-01-01' })
  const deployment = await post(`/api/v1/workers/${worker.id}/deployments`, { facilityId: facility.id, position: 'Nurse', startDate: '2025-01-01' })
  return { region, district, facility, cadre, worker, licence, deployment }
}

/**
 * Two partners, each supporting one country (A = KEN, B = UGA) with a user of every country role, and a
 * donor: the cast of the isolation and API suites. Names carry markers that must never cross tenants.
 */
export async function buildWorld() {
  const platform = await person({ kind: 'global' }, 'Cadre', 'platform-admin')
  const partner = async (name: string) => {
    const p = await call('POST', '/api/v1/partners', { token: platform.token, body: { name } })
    if (p.status !== 201) throw new Error(p.text)
    return { id: p.json.id as string, name, admin: await person({ kind: 'partner', id: p.json.id }, name, 'partner-admin') }
  }
  const partnerA = await partner('Partner Alpha MARKER-PA')
  const partnerB = await partner('Partner Bravo MARKER-PB')
  const a = await country('KEN', 'Kenya MARKER-TA', partnerA.admin.token)
  const uganda = await country('UGA', 'Uganda MARKER-TB', partnerB.admin.token)
  // a job of B's (an export, left queued), for the suites that try B's ids
  const job = await call('POST', '/api/v1/tenants/UGA/export', { token: uganda.users['ministry-admin'].token })
  if (job.status !== 202) throw new Error(job.text)
  const b = { ...uganda, job: job.json as { id: string } }
  const d = await call('POST', '/api/v1/donors', { token: platform.token, body: { name: 'Donor MARKER-D' } })
  const donor = await person({ kind: 'donor', id: d.json.id }, 'Donor MARKER-D', 'donor')
  return { platform, partnerA, partnerB, a, b, donor, donorId: d.json.id as string }
}
export type World = Awaited<ReturnType<typeof buildWorld>>

/**
 * Country A split in two for the scoped suites: users confined to A's registry district, and beside it
 * (under the same region) another district with a licensed, deployed, trained worker of its own, which
 * those users must never see nor change. An unscoped user of A makes it, as a country-wide registrar would.
 */
export async function scopedCast(w: World) {
  const a = w.a
  const post = (path: string, body: unknown) => call('POST', path, { token: a.users.registrar.token, body }).then(ok)
  const district = await post('/api/v1/org-units', { name: 'District KEN East MARKER-OUT', level: 'district', parentId: a.registry.region.id })
  const facility = await post('/api/v1/facilities', { name: 'Clinic KEN East MARKER-OUT', parentId: district.id, facilityType: 'health-centre', ownership: 'public' })
  const worker = await post('/api/v1/workers', {
    givenName: 'Marker', familyName: 'OutOfScopeKEN', sex: 'male', birthDate: '1985-07-09', nationalId: 'NID-KEN-OUT-1', registryNumber: 'REG-KEN-OUT-1', cadreId: a.registry.cadre.id, orgUnitId: district.id,
  })
  const licence = await post(`/api/v1/workers/${worker.id}/licences`, { council: 'Council KEN', number: 'LIC-KEN-OUT-1', issuedAt: '2024-01-01', expiresAt: '2030-01-01' })
  const deployment = await post(`/api/v1/workers/${worker.id}/deployments`, { facilityId: facility.id, position: 'Clinical officer', startDate: '2025-02-01' })
  const training = await post(`/api/v1/workers/${worker.id}/training`, { kind: 'cpd', title: 'Course MARKER-OUT', credits: 3 })
  const tenant = { kind: 'tenant', id: a.id } as const
  const inside = a.registry.district.id
  const users = {
    manager: await person(tenant, a.name, 'manager', inside),
    registrar: await person(tenant, a.name, 'registrar', inside),
    viewer: await person(tenant, a.name, 'viewer', inside),
  }
  return { users, inside: a.registry, outside: { district, facility, worker, licence, deployment, training } }
}
export type ScopedCast = Awaited<ReturnType<typeof scopedCast>>
