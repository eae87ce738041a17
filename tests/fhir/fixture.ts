import { randomUUID } from 'node:crypto'
import { expect } from 'vitest'
import { app } from '../../functions/api/app'
import { call, type Reply } from '../support/http'
import { person, type World } from '../support/world'

const ok = (r: { status: number; text: string; json: any }) => {
  if (r.status >= 300) throw new Error(r.text)
  return r.json
}

/** FHIR ids are the registry's with `-` for `_`. */
export const fid = (id: string) => id.replace('_', '-')

/**
 * A small Kenyan registry beside the world's: two regions with districts and facilities (codes,
 * coordinates), three cadres, five workers whose names cross (Otieno is one's family name and another's
 * given name), licences, training, deployments, an exit, and a manager confined to the Coast region.
 */
export async function kenyaDirectory(w: World) {
  const token = w.a.users.registrar.token
  const post = (path: string, body: unknown) => call('POST', path, { token, body }).then(ok)
  const coast = await post('/api/v1/org-units', { name: 'Coast', level: 'region', codes: { dhis2: 'CoastUid001' } })
  const mombasa = await post('/api/v1/org-units', { name: 'Mombasa', level: 'district', parentId: coast.id })
  const cgh = await post('/api/v1/facilities', { name: 'Coast General Hospital', parentId: mombasa.id, facilityType: 'hospital', ownership: 'public', coordinates: { lat: -4.05, lng: 39.67 }, codes: { mfl: '11111' } })
  const likoni = await post('/api/v1/facilities', { name: 'Likoni Dispensary', parentId: mombasa.id, facilityType: 'dispensary', ownership: 'public', codes: { mfl: '22222' } })
  const rift = await post('/api/v1/org-units', { name: 'Rift Valley', level: 'region' })
  const nakuru = await post('/api/v1/org-units', { name: 'Nakuru', level: 'district', parentId: rift.id })
  const clinic = await post('/api/v1/facilities', { name: 'Nakuru Mission Clinic', parentId: nakuru.id, facilityType: 'clinic', ownership: 'private-not-for-profit' })
  const nurse = await post('/api/v1/cadres', { name: 'Registered Nurse', iscoCode: '2221' })
  const co = await post('/api/v1/cadres', { name: 'Clinical Officer', iscoCode: '2240' })
  const doctor = await post('/api/v1/cadres', { name: 'Medical Officer', iscoCode: '2211' })
  const worker = (body: Record<string, unknown>) => post('/api/v1/workers', { confirmNotDuplicate: true, ...body })
  const achieng = await worker({ givenName: 'Achieng', familyName: 'Otieno', sex: 'female', birthDate: '1990-05-01', nationalId: 'KE-1001', registryNumber: 'NCK-0001', cadreId: nurse.id, orgUnitId: coast.id })
  const otieno = await worker({ givenName: 'Otieno', familyName: 'Kamau', sex: 'male', birthDate: '1985-03-03', nationalId: 'KE-1002', cadreId: co.id, orgUnitId: mombasa.id })
  const jose = await worker({ givenName: 'José', familyName: 'Mwangi', sex: 'male', birthDate: '1979-09-09', cadreId: doctor.id, orgUnitId: rift.id })
  const fatuma = await worker({ givenName: 'Fatuma', familyName: 'Ali', sex: 'female', birthDate: '1992-12-12', nationalId: 'KE-1004', cadreId: nurse.id, orgUnitId: coast.id })
  const wanjiku = await worker({ givenName: 'Wanjiku', familyName: 'Njeri', sex: 'female', birthDate: '1995-01-01', cadreId: nurse.id, orgUnitId: rift.id })
  const licence = await post(`/api/v1/workers/${achieng.id}/licences`, { council: 'Nursing Council of Kenya', number: 'NCK/2020/001', issuedAt: '2020-01-01', expiresAt: '2030-12-31' })
  const training = await post(`/api/v1/workers/${achieng.id}/training`, { kind: 'pre-service', title: 'Diploma in Nursing', institution: 'KMTC Mombasa', qualificationAwarded: 'KRCHN', startDate: '2008-09-01', endDate: '2011-07-31' })
  const deployments = {
    achieng: await post(`/api/v1/workers/${achieng.id}/deployments`, { facilityId: cgh.id, position: 'Ward nurse', startDate: '2024-01-01' }),
    otieno: await post(`/api/v1/workers/${otieno.id}/deployments`, { facilityId: likoni.id, position: 'Clinical officer', startDate: '2023-06-01' }),
    jose: await post(`/api/v1/workers/${jose.id}/deployments`, { facilityId: clinic.id, position: 'Medical officer', startDate: '2022-01-01' }),
    fatuma: await post(`/api/v1/workers/${fatuma.id}/deployments`, { facilityId: cgh.id, position: 'Theatre nurse', startDate: '2021-01-01' }),
  }
  await post(`/api/v1/workers/${fatuma.id}/exits`, { kind: 'voluntary', reason: 'resignation', date: '2025-06-30' })
  const coastManager = await person({ kind: 'tenant', id: 'KEN' }, 'Kenya', 'manager', coast.id)
  return { coast, mombasa, cgh, likoni, rift, nakuru, clinic, cadres: { nurse, co, doctor }, workers: { achieng, otieno, jose, fatuma, wanjiku }, licence, training, deployments, coastManager }
}
export type KenyaDirectory = Awaited<ReturnType<typeof kenyaDirectory>>

export const SID = 'https://cadre.health/fhir/sid/KEN'
export const MCSD_TYPES = 'https://profiles.ihe.net/ITI/mCSD/CodeSystem/IHE.mCSD.Organization.Location.Types'
export const ISCO = 'http://www.ilo.org/public/english/bureau/stat/isco/isco08'

/** An API client of country A with these scopes (created by its ministry admin), and its access token. */
export async function clientToken(w: World, scopes: string[], admin = w.a.users['ministry-admin'].token) {
  const created = await call('POST', '/api/v1/clients', { token: admin, body: { name: `Feed ${randomUUID().slice(0, 8)}`, scopes } })
  expect(created.status, created.text).toBe(201)
  const res = await app.request('/oauth/token', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: created.json.clientId, client_secret: created.json.clientSecret }).toString(),
  })
  return ((await res.json()) as { access_token: string }).access_token
}

/** an asynchronous bundle's answer: its status URL's path (Content-Location), and the job id it ends with */
export const pathOf = (r: Reply) => new URL(r.headers.get('content-location')!).pathname
export const jobIdOf = (r: Reply) => pathOf(r).split('/').pop()!
