import type { Identifier, Practitioner, PractitionerQualification } from '@medplum/fhirtypes'
import { present } from '../../core/licence'
import type { LicenceInfo } from '../../core/licence/schema'
import type { TrainingInfo } from '../../core/training/schema'
import type { WorkerInfo } from '../../core/worker/schema'
import { normalizeName } from '../../core/util/text'
import { toFhirId } from '../ids'
import { cadreCodes, HL7, idSystem, profile } from '../systems'

/** A licence's number is unique per council; the council's key names the identifier system. */
export const councilKey = (council: string) => normalizeName(council).replaceAll(' ', '-')

/** Workers who left the registry's active workforce: their Practitioner is inactive, never removed. */
const inactive = new Set(['exited', 'deceased', 'merged'])

export interface WorkerRecord {
  worker: WorkerInfo
  licences: LicenceInfo[]
  training: TrainingInfo[]
}

/**
 * The Practitioner's version changes with the worker and with each licence or training, which it shows as
 * qualifications: `<worker version>.<sum of their versions>`. Either part only grows while the other stands
 * still, so no two states of one record share a version.
 */
export function practitionerVersion(r: WorkerRecord) {
  const children = [...r.licences, ...r.training].reduce((sum, c) => sum + c.version, 0)
  return `${r.worker.version}.${children}`
}

export function practitionerUpdated(r: WorkerRecord) {
  return [r.worker, ...r.licences, ...r.training].reduce((max, x) => (x.updatedAt > max ? x.updatedAt : max), r.worker.updatedAt)
}

const code = (system: string, c: string, display: string) => ({ coding: [{ system, code: c, display }] })

function identifiers(tenant: string, w: WorkerInfo, licences: LicenceInfo[]): Identifier[] {
  const out: Identifier[] = [{ use: 'secondary', system: idSystem.registry(tenant), value: w.id }]
  if (w.nationalId) out.push({ use: 'official', type: code(HL7.identifierType, 'NI', 'National unique individual identifier'), system: idSystem.nationalId(tenant), value: w.nationalId })
  if (w.registryNumber) out.push({ use: 'official', type: code(HL7.identifierType, 'PRN', 'Provider number'), system: idSystem.registryNumber(tenant), value: w.registryNumber })
  for (const l of licences)
    out.push({
      use: 'official',
      type: code(HL7.identifierType, 'LN', 'License number'),
      system: idSystem.licence(tenant, councilKey(l.council)),
      value: l.number,
      period: { start: l.issuedAt, end: l.expiresAt },
      assigner: { display: l.council },
    })
  return out
}

function qualifications(tenant: string, w: WorkerInfo, licences: LicenceInfo[], training: TrainingInfo[]): PractitionerQualification[] {
  const out: PractitionerQualification[] = []
  for (const l of licences.map(present))
    out.push({
      extension: [{ url: cadreCodes.licenceStatus, valueCode: l.status }],
      identifier: [{ system: idSystem.licence(tenant, councilKey(l.council)), value: l.number }],
      code: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0360', code: 'LIC', display: 'License' }], text: `Licence, ${l.council}` },
      period: { start: l.issuedAt, end: l.expiresAt },
      issuer: { display: l.council },
    })
  for (const t of training)
    out.push({
      code: { coding: [{ system: cadreCodes.trainingKind, code: t.kind }], text: t.qualificationAwarded || t.title },
      ...(t.startDate || t.endDate ? { period: { start: t.startDate, end: t.endDate } } : {}),
      ...(t.institution ? { issuer: { display: t.institution } } : {}),
    })
  for (const q of w.qualifications ?? [])
    out.push({
      code: { text: q.title },
      ...(q.year ? { period: { end: String(q.year) } } : {}),
      ...(q.institution ? { issuer: { display: q.institution } } : {}),
    })
  return out
}

/** A health worker as an mCSD Practitioner: identifiers, names, gender, birth date and qualifications. */
export function toPractitioner(tenant: string, r: WorkerRecord): Practitioner {
  const w = r.worker
  const given = [w.givenName, ...(w.otherNames ? [w.otherNames] : [])]
  const telecom = [
    ...(w.contacts?.phone ? [{ system: 'phone' as const, value: w.contacts.phone }] : []),
    ...(w.contacts?.email ? [{ system: 'email' as const, value: w.contacts.email }] : []),
  ]
  const quals = qualifications(tenant, w, r.licences, r.training)
  return {
    resourceType: 'Practitioner',
    id: toFhirId(w.id),
    meta: { versionId: practitionerVersion(r), lastUpdated: practitionerUpdated(r), profile: [profile.practitioner] },
    identifier: identifiers(tenant, w, r.licences),
    active: !inactive.has(w.status),
    name: [{ use: 'official', text: `${w.givenName} ${w.familyName}`, family: w.familyName, given }],
    ...(telecom.length ? { telecom } : {}),
    ...(w.contacts?.address ? { address: [{ text: w.contacts.address }] } : {}),
    gender: w.sex,
    birthDate: w.birthDate,
    ...(quals.length ? { qualification: quals } : {}),
  }
}
