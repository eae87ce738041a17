import { createResource, createSignal, For, Show } from 'solid-js'
import { sexes, WorkerCreate, WorkerUpdate } from '../../../functions/core/worker/schema'
import { CountrySelect } from '../components/CountrySelect'
import { Field, RequiredLegend, requiredFields, SelectField } from '../components/Field'
import { UnitSelect } from '../components/UnitSelect'
import { api, type Problem } from '../lib/api'
import { createDraft } from '../lib/draft'
import { t } from '../lib/i18n'
import { optionsOf } from '../lib/labels'
import { discard, submit } from '../lib/outbox'
import { fieldIssues, problemFields, problemText } from '../lib/problems'
import { unitById, useCadres } from '../lib/reference'
import { navigate } from '../lib/router'
import { day, today, words } from '../lib/words'

type Candidate = { id: string; givenName: string; familyName: string; birthDate: string; sex?: string; nationalId?: string; path?: string }
const text = ['givenName', 'familyName', 'otherNames', 'nationalId', 'registryNumber', 'placeOfBirth'] as const
const picked = ['sex', 'birthDate', 'cadreId', 'orgUnitId', 'nationality', 'trainingCountry'] as const
const all = [...text, ...picked, 'phone', 'email', 'position', 'startDate'] as const

const w = words({
  en: {
    workplace: 'Facility or unit',
    workplaceHint: 'A facility deploys the worker there from the start date; a unit records where they belong.',
    position: 'Position',
    positionHint: 'Defaults to the cadre',
    startDate: 'Working there since',
    existing: 'Open the existing record',
    fixBelow: 'Please correct the fields marked below.',
    contacts: 'Email',
    placeOfBirth: 'Place of birth',
  },
  fr: {
    workplace: 'Structure ou unité',
    workplaceHint: 'Une structure y affecte l’agent à partir de la date de début ; une unité indique son rattachement.',
    position: 'Poste',
    positionHint: 'Par défaut, le cadre',
    startDate: 'En poste depuis le',
    existing: 'Ouvrir la fiche existante',
    fixBelow: 'Veuillez corriger les champs signalés ci-dessous.',
    contacts: 'Courriel',
    placeOfBirth: 'Lieu de naissance',
  },
  pt: {
    workplace: 'Estrutura ou unidade',
    workplaceHint: 'Uma estrutura coloca o profissional lá a partir da data de início; uma unidade indica a que pertence.',
    position: 'Cargo',
    positionHint: 'Por omissão, a categoria',
    startDate: 'Em funções desde',
    existing: 'Abrir o registo existente',
    fixBelow: 'Corrija os campos assinalados abaixo.',
    contacts: 'E-mail',
    placeOfBirth: 'Local de nascimento',
  },
})

/** Turns the form's strings into the API's shape: empty fields are left out, contacts nested. */
function bodyOf(v: Record<string, string>, creating: boolean) {
  const body: Record<string, unknown> = {}
  for (const k of [...text, ...picked]) if (v[k]?.trim()) body[k] = v[k]!.trim()
  const contacts: Record<string, string> = {}
  if (v.phone?.trim()) contacts.phone = v.phone.trim()
  if (v.email?.trim()) contacts.email = v.email.trim()
  if (Object.keys(contacts).length) body.contacts = contacts
  // the first deployment, when registering at a facility
  if (creating && String(body.orgUnitId ?? '').startsWith('fac_')) {
    if (v.position?.trim()) body.position = v.position.trim()
    if (v.startDate?.trim()) body.startDate = v.startDate.trim()
  }
  return body
}

const required = requiredFields(WorkerCreate)

export function WorkerForm(props: { id?: string }) {
  const [cadres] = useCadres()
  const [existing] = createResource(() => props.id, (id) => api<Record<string, any>>('GET', `/api/v1/workers/${id}`))
  const draft = createDraft(props.id ? `worker-${props.id}` : 'worker-new')
  const [errors, setErrors] = createSignal<Record<string, string>>({})
  const [message, setMessage] = createSignal(draft.restored ? t('draftRestored') : '')
  const [candidates, setCandidates] = createSignal<{ items: Candidate[]; hidden: number } | null>(null)
  const [duplicateOf, setDuplicateOf] = createSignal('')
  const [busy, setBusy] = createSignal(false)

  const value = (name: string) => {
    const typed = draft.values()[name]
    if (typed !== undefined) return typed
    const existingRecord = existing()
    if (!existingRecord) return name === 'startDate' ? today() : ''
    if (name === 'phone' || name === 'email') return existingRecord.contacts?.[name] ?? ''
    return String(existingRecord[name] ?? '')
  }
  const atFacility = () => !props.id && value('orgUnitId').startsWith('fac_')

  const save = async (confirmNotDuplicate = false) => {
    const whole = bodyOf(Object.fromEntries(all.map((k) => [k, value(k)])), !props.id)
    const edited = new Set(Object.keys(draft.values()))
    const body = props.id
      ? Object.fromEntries(Object.entries(whole).filter(([k]) => edited.has(k) || (k === 'contacts' && (edited.has('phone') || edited.has('email')))))
      : { ...whole, ...(confirmNotDuplicate ? { confirmNotDuplicate } : {}) }
    const check = (props.id ? WorkerUpdate : WorkerCreate).safeParse(body)
    if (!check.success) {
      setErrors(fieldIssues(check.error.issues, body))
      setMessage(w('fixBelow'))
      document.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus()
      return
    }
    setErrors({})
    setMessage('')
    setDuplicateOf('')
    setBusy(true)
    const landed = await submit(
      props.id
        ? { label: `${t('edit')}: ${value('givenName')} ${value('familyName')}`, method: 'PATCH', path: `/api/v1/workers/${props.id}`, resource: `/api/v1/workers/${props.id}`, ifMatch: existing()!.version, body }
        : { label: `${t('newWorker')}: ${value('givenName')} ${value('familyName')}`, method: 'POST', path: '/api/v1/workers', body },
    )
    setBusy(false)
    if (landed.status === 'done') {
      draft.clear()
      navigate(`/workers/${landed.result.id}`)
    } else if (landed.status === 'queued') {
      draft.clear()
      setMessage(t('savedOffline'))
    } else {
      refused(landed.problem, landed.opId, body)
    }
  }

  /** A refusal the form can explain is shown here, next to the fields, and leaves the outbox. */
  function refused(problem: Problem, opId: string, body: Record<string, unknown>) {
    if (problem.status !== 412) discard(opId)
    setMessage(problemText(problem))
    setErrors(problemFields(problem, body))
    if (problem.code === 'worker.probable_duplicate') setCandidates({ items: problem.candidates as Candidate[], hidden: Number(problem.outsideYourArea ?? 0) })
    if (problem.code === 'worker.duplicate' && problem.existingId) setDuplicateOf(String(problem.existingId))
  }

  const input = (name: string, label: string, type = 'text', hint?: string) => (
    <Field
      id={`w-${name}`}
      name={name}
      label={label}
      type={type}
      hint={hint}
      required={required.has(name) && !props.id}
      value={value(name)}
      max={type === 'date' && name === 'birthDate' ? today() : undefined}
      onInput={(e) => draft.set(name, e.currentTarget.value)}
      error={errors()[name]}
    />
  )

  return (
    <section>
      <h1>{props.id ? `${t('edit')}: ${existing()?.givenName ?? ''} ${existing()?.familyName ?? ''}` : t('newWorker')}</h1>
      <Show when={message()}>
        <p class="notice" role="status">{message()}</p>
      </Show>
      <Show when={duplicateOf()}>
        <p>
          <a href={`/workers/${duplicateOf()}`} onClick={(e) => (e.preventDefault(), navigate(`/workers/${duplicateOf()}`))}>{w('existing')}</a>
        </p>
      </Show>
      <Show when={candidates()}>
        {(c) => (
          <div class="duplicates" role="alert">
            <strong>{t('probableDuplicate')}</strong>
            <ul>
              <For each={c().items}>
                {(cand) => (
                  <li>
                    {cand.familyName} {cand.givenName}, {day(cand.birthDate)} {cand.nationalId ?? ''}{' '}
                    <a href={`/workers/${cand.id}`} onClick={(e) => (e.preventDefault(), navigate(`/workers/${cand.id}`))}>{t('openRecord')}</a>
                  </li>
                )}
              </For>
            </ul>
            <Show when={c().hidden > 0}>
              <p>{c().hidden} {t('outsideArea')}</p>
            </Show>
            <button type="button" onClick={() => (setCandidates(null), save(true))}>{t('registerAnyway')}</button>
          </div>
        )}
      </Show>
      <form class="grid" onSubmit={(e) => (e.preventDefault(), save())} novalidate aria-label={props.id ? t('edit') : t('newWorker')}>
        <RequiredLegend />
        {input('givenName', t('givenName'))}
        {input('familyName', t('familyName'))}
        {input('otherNames', t('otherNames'))}
        <SelectField id="w-sex" name="sex" label={t('sex')} required={!props.id} value={value('sex')} options={optionsOf('sex', sexes)} onChange={(v) => draft.set('sex', v)} error={errors().sex} />
        {input('birthDate', t('birthDate'), 'date')}
        {input('nationalId', t('nationalId'))}
        {input('registryNumber', t('registryNumber'))}
        <SelectField id="w-cadreId" name="cadreId" label={t('cadre')} required={!props.id} value={value('cadreId')} options={(cadres() ?? []).map((c) => ({ value: c.id, label: c.name }))} onChange={(v) => draft.set('cadreId', v)} error={errors().cadreId} />
        <Show
          when={!props.id}
          fallback={<UnitSelect id="w-orgUnitId" label={t('orgUnit')} pick="unit" value={value('orgUnitId')} onChange={(v) => draft.set('orgUnitId', v)} error={errors().orgUnitId} />}
        >
          <UnitSelect id="w-orgUnitId" label={w('workplace')} hint={w('workplaceHint')} value={value('orgUnitId')} onChange={(v) => draft.set('orgUnitId', v)} error={errors().orgUnitId} />
        </Show>
        <Show when={atFacility()}>
          {input('position', w('position'), 'text', `${w('positionHint')}: ${(cadres() ?? []).find((c) => c.id === value('cadreId'))?.name ?? '—'}`)}
          {input('startDate', w('startDate'), 'date', unitById(value('orgUnitId'))?.name)}
        </Show>
        <CountrySelect id="w-nationality" label={t('nationality')} value={value('nationality')} onChange={(v) => draft.set('nationality', v)} error={errors().nationality} />
        <CountrySelect id="w-trainingCountry" label={t('trainingCountry')} value={value('trainingCountry')} onChange={(v) => draft.set('trainingCountry', v)} error={errors().trainingCountry} />
        {input('placeOfBirth', w('placeOfBirth'))}
        {input('phone', t('phone'), 'tel')}
        {input('email', w('contacts'), 'email')}
        <div class="actions">
          <button type="submit" disabled={busy() || (!!props.id && !existing())}>{t('save')}</button>
          <button type="button" class="secondary" onClick={() => (draft.clear(), history.back())}>{t('cancel')}</button>
        </div>
      </form>
    </section>
  )
}
