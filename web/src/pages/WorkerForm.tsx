import { createResource, createSignal, For, Show } from 'solid-js'
import { sexes, WorkerCreate, WorkerUpdate } from '../../../functions/core/worker/schema'
import { fieldErrors } from '../components/Field'
import { api, type Problem } from '../lib/api'
import { createDraft } from '../lib/draft'
import { t } from '../lib/i18n'
import { optionsOf } from '../lib/labels'
import { discard, submit } from '../lib/outbox'
import { useCadres, useUnits, unitLabel } from '../lib/reference'
import { navigate } from '../lib/router'

type Candidate = { id: string; givenName: string; familyName: string; birthDate: string; nationalId?: string }
const text = ['givenName', 'familyName', 'otherNames', 'nationalId', 'registryNumber', 'nationality', 'trainingCountry', 'placeOfBirth'] as const

/** Turns the form's strings into the API's shape: empty fields are left out, contacts nested. */
function bodyOf(v: Record<string, string>) {
  const body: Record<string, unknown> = {}
  for (const k of [...text, 'sex', 'birthDate', 'cadreId', 'orgUnitId']) if (v[k]?.trim()) body[k] = v[k]!.trim()
  for (const k of ['nationality', 'trainingCountry']) if (typeof body[k] === 'string') body[k] = (body[k] as string).toUpperCase()
  if (v.phone?.trim()) body.contacts = { phone: v.phone.trim() }
  return body
}

export function WorkerForm(props: { id?: string }) {
  const [cadres] = useCadres()
  const [units] = useUnits()
  const [existing] = createResource(() => props.id, (id) => api<Record<string, any>>('GET', `/api/v1/workers/${id}`))
  const draft = createDraft(props.id ? `worker-${props.id}` : 'worker-new')
  const [errors, setErrors] = createSignal<Record<string, string>>({})
  const [message, setMessage] = createSignal(draft.restored ? t('draftRestored') : '')
  const [candidates, setCandidates] = createSignal<{ items: Candidate[]; hidden: number } | null>(null)
  const [busy, setBusy] = createSignal(false)

  const value = (name: string) => {
    const typed = draft.values()[name]
    if (typed !== undefined) return typed
    const w = existing()
    if (!w) return ''
    return name === 'phone' ? (w.contacts?.phone ?? '') : String(w[name] ?? '')
  }

  const save = async (confirmNotDuplicate = false) => {
    const all = bodyOf(Object.fromEntries([...text, 'sex', 'birthDate', 'cadreId', 'orgUnitId', 'phone'].map((k) => [k, value(k)])))
    const body = props.id ? Object.fromEntries(Object.entries(all).filter(([k]) => k in draft.values() || (k === 'contacts' && 'phone' in draft.values()))) : { ...all, ...(confirmNotDuplicate ? { confirmNotDuplicate } : {}) }
    const check = (props.id ? WorkerUpdate : WorkerCreate).safeParse(body)
    if (!check.success) {
      setErrors(fieldErrors(check.error.issues.map((i) => ({ path: String(i.path[0] ?? ''), message: i.message }))))
      return
    }
    setErrors({})
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
      refused(landed.problem, landed.opId)
    }
  }

  /** A refusal the form can explain is shown here, next to the fields, and leaves the outbox. */
  function refused(problem: Problem, opId: string) {
    if (problem.status !== 412) discard(opId)
    setMessage(problem.detail)
    setErrors(fieldErrors(problem.errors))
    if (problem.code === 'worker.probable_duplicate') setCandidates({ items: problem.candidates as Candidate[], hidden: Number(problem.outsideYourArea ?? 0) })
    if (problem.code === 'worker.duplicate') setCandidates({ items: [{ id: String(problem.existingId), givenName: '', familyName: '', birthDate: '' }], hidden: 0 })
  }

  const input = (name: string, label: string, type = 'text') => (
    <div class="field">
      <label for={`w-${name}`}>{label}</label>
      <input id={`w-${name}`} name={name} type={type} value={value(name)} onInput={(e) => draft.set(name, e.currentTarget.value)} aria-invalid={!!errors()[name]} />
      <Show when={errors()[name]}>
        <span class="field-error" role="alert">{errors()[name]}</span>
      </Show>
    </div>
  )
  const select = (name: string, label: string, options: () => { value: string; label: string }[]) => (
    <div class="field">
      <label for={`w-${name}`}>{label}</label>
      <select id={`w-${name}`} name={name} value={value(name)} onChange={(e) => draft.set(name, e.currentTarget.value)} aria-invalid={!!errors()[name]}>
        <option value="">{t('choose')}</option>
        <For each={options()}>{(o) => <option value={o.value} selected={o.value === value(name)}>{o.label}</option>}</For>
      </select>
      <Show when={errors()[name]}>
        <span class="field-error" role="alert">{errors()[name]}</span>
      </Show>
    </div>
  )

  return (
    <section>
      <h1>{props.id ? `${t('edit')}: ${existing()?.givenName ?? ''} ${existing()?.familyName ?? ''}` : t('newWorker')}</h1>
      <Show when={message()}>
        <p class="notice" role="status">{message()}</p>
      </Show>
      <Show when={candidates()}>
        {(c) => (
          <div class="duplicates" role="alert">
            <strong>{t('probableDuplicate')}</strong>
            <ul>
              <For each={c().items}>
                {(w) => (
                  <li>
                    {w.familyName} {w.givenName} {w.birthDate} {w.nationalId ?? ''}{' '}
                    <a href={`/workers/${w.id}`} onClick={(e) => (e.preventDefault(), navigate(`/workers/${w.id}`))}>{t('openRecord')}</a>
                  </li>
                )}
              </For>
            </ul>
            <Show when={c().hidden > 0}>
              <p>{c().hidden} {t('outsideArea')}</p>
            </Show>
            <button onClick={() => (setCandidates(null), save(true))}>{t('registerAnyway')}</button>
          </div>
        )}
      </Show>
      <form class="grid" onSubmit={(e) => (e.preventDefault(), save())} novalidate>
        {input('givenName', t('givenName'))}
        {input('familyName', t('familyName'))}
        {input('otherNames', t('otherNames'))}
        {select('sex', t('sex'), () => optionsOf('sex', sexes))}
        {input('birthDate', t('birthDate'), 'date')}
        {input('nationalId', t('nationalId'))}
        {input('registryNumber', t('registryNumber'))}
        {select('cadreId', t('cadre'), () => (cadres() ?? []).map((c) => ({ value: c.id, label: c.name })))}
        {select('orgUnitId', t('orgUnit'), () => (units() ?? []).map((u) => ({ value: u.id, label: unitLabel(u) })))}
        {input('nationality', t('nationality'))}
        {input('trainingCountry', t('trainingCountry'))}
        {input('phone', t('phone'), 'tel')}
        <div class="actions">
          <button type="submit" disabled={busy() || (!!props.id && !existing())}>{t('save')}</button>
          <button type="button" class="secondary" onClick={() => (draft.clear(), history.back())}>{t('cancel')}</button>
        </div>
      </form>
    </section>
  )
}
