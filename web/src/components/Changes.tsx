import { For, Show } from 'solid-js'
import { t, tStatus } from '../lib/i18n'
import { label } from '../lib/labels'
import { cadreName, unitPath } from '../lib/reference'
import { day, words } from '../lib/words'
import { countryLabel } from './CountrySelect'

const w = words({
  en: { field: 'Field', before: 'Before', after: 'After', photo: 'Photo', email: 'Email', placeOfBirth: 'Place of birth', home: 'Home unit', note: 'Note', reason: 'Reason', action: 'Action', none: 'no change to show', added: 'added', address: 'Address' },
  fr: { field: 'Champ', before: 'Avant', after: 'Après', photo: 'Photo', email: 'Courriel', placeOfBirth: 'Lieu de naissance', home: 'Unité de rattachement', note: 'Note', reason: 'Motif', action: 'Action', none: 'aucune modification à afficher', added: 'ajouté', address: 'Adresse' },
  pt: { field: 'Campo', before: 'Antes', after: 'Depois', photo: 'Fotografia', email: 'E-mail', placeOfBirth: 'Local de nascimento', home: 'Unidade de origem', note: 'Nota', reason: 'Motivo', action: 'Ação', none: 'nenhuma alteração a mostrar', added: 'adicionada', address: 'Morada' },
})

type Obj = Record<string, unknown>
/** bookkeeping, identifiers and indexes: never what a person changed */
const hidden = new Set(['id', 'workerId', 'version', 'createdAt', 'updatedAt', 'path', 'trainingOrigin', 'renewals', 'actions', 'qualifications', 'mergedFrom', 'sector', 'fte', 'facilityId', 'depth', 'kind'])

const fieldName = (k: string): string =>
  ({
    givenName: t('givenName'), familyName: t('familyName'), otherNames: t('otherNames'), sex: t('sex'), birthDate: t('birthDate'), nationalId: t('nationalId'),
    registryNumber: t('registryNumber'), cadreId: t('cadre'), orgUnitId: w('home'), nationality: t('nationality'), trainingCountry: t('trainingCountry'), phone: t('phone'),
    email: w('email'), address: w('address'), status: t('status'), council: t('council'), number: t('number'), issuedAt: t('issuedAt'), expiresAt: t('expiresAt'),
    startDate: t('startDate'), endDate: t('endDate'), position: t('position'), facilityName: t('facility'), fundingSource: t('fundingSource'), kind: t('kind'),
    reason: w('reason'), date: t('date'), destinationCountry: t('destination'), title: t('title'), credits: t('credits'), photo: w('photo'), placeOfBirth: w('placeOfBirth'),
    note: w('note'), endReason: w('reason'), name: t('name'), level: t('level'), facilityType: t('type'), ownership: t('ownership'), action: w('action'),
  })[k] ?? k

/** A value as the reader knows it: names for ids, words for codes, dates in their language. */
export function shown(k: string, v: unknown): string {
  if (v === undefined || v === null || v === '') return '—'
  if (k === 'photo') return '🖼'
  const s = String(v)
  if (k === 'cadreId') return cadreName(s) || s
  if (k === 'orgUnitId' || k === 'facilityId') return unitPath(s) || s
  if (k === 'sex') return label('sex', s)
  if (k === 'status') return tStatus(s)
  if (k === 'nationality' || k === 'trainingCountry' || k === 'destinationCountry') return countryLabel(s)
  if (k === 'fundingSource') return label('fundingSource', s)
  if (k === 'reason' && /^[a-z-]+$/.test(s)) return label('exitReason', s)
  if (k === 'facilityType') return label('facilityType', s)
  if (k === 'ownership') return label('ownership', s)
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return day(s)
  return typeof v === 'object' ? JSON.stringify(v) : s
}

/** Flattens one level of nesting (contacts, codes), so a changed phone reads as "Phone". */
const flat = (o: unknown): Obj => {
  const out: Obj = {}
  for (const [k, v] of Object.entries((o as Obj) ?? {})) {
    if (v && typeof v === 'object' && !Array.isArray(v) && ['contacts', 'codes', 'coordinates'].includes(k)) Object.assign(out, v as Obj)
    else out[k] = v
  }
  return out
}

/** What one change did: field, before, after. A new record lists what it was created with. */
export function changesOf(before: unknown, after: unknown): { field: string; before: string; after: string }[] {
  const b = flat(Array.isArray(before) ? undefined : before)
  const a = flat(after)
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((k) => !hidden.has(k))
  return keys
    .filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k]))
    .map((k) => ({ field: fieldName(k), before: before === undefined || Array.isArray(before) ? '' : shown(k, b[k]), after: shown(k, a[k]) }))
}

/** The changes of one history event, as a small table of field, before and after. */
export function Changes(props: { before: unknown; after: unknown }) {
  const rows = () => changesOf(props.before, props.after)
  return (
    <Show when={rows().length} fallback={<span class="muted">{w('none')}</span>}>
      <table class="changes">
        <thead>
          <tr>
            <th scope="col">{w('field')}</th>
            <Show when={rows().some((r) => r.before)}>
              <th scope="col">{w('before')}</th>
            </Show>
            <th scope="col">{w('after')}</th>
          </tr>
        </thead>
        <tbody>
          <For each={rows()}>
            {(r) => (
              <tr>
                <th scope="row">{r.field}</th>
                <Show when={rows().some((x) => x.before)}>
                  <td><del>{r.before}</del></td>
                </Show>
                <td><ins>{r.after}</ins></td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </Show>
  )
}
