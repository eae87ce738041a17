import { createSignal, For, Match, Show, Switch, type JSX } from 'solid-js'
import type { z } from 'zod/mini'
import { t } from '../lib/i18n'
import { discard, submit } from '../lib/outbox'
import { fieldIssues, problemFields, problemText } from '../lib/problems'
import { CountrySelect } from './CountrySelect'
import { Dialog } from './Dialog'
import { Field, Label, RequiredLegend, requiredFields, SelectField, type Option } from './Field'
import { UnitSelect } from './UnitSelect'

export type FormField = {
  name: string
  label: string
  type?: 'text' | 'date' | 'number' | 'textarea' | 'select' | 'facility' | 'unit' | 'country'
  options?: Option[]
  hint?: string
  /** overrides what the schema says */
  required?: boolean
  min?: string
  max?: string
  /** shown only when this returns true for the values typed so far */
  when?: (values: Record<string, string>) => boolean
}

export type Send = { method: 'POST' | 'PATCH'; path: string; ifMatch?: number; resource?: string; label: string }

/**
 * A dialog with a small form: validated in the browser with the API's own zod schema (errors in the
 * reader's words next to each field), sent through the outbox, so a bad connection queues it.
 */
export function FormDialog(props: {
  open: boolean
  onClose: () => void
  title: string
  intro?: JSX.Element
  fields: FormField[]
  initial?: Record<string, string>
  schema: z.ZodMiniType
  submitLabel: string
  danger?: boolean
  send: (body: Record<string, unknown>) => Send
  /** turns the typed strings into the body (default: trimmed, empty left out, numbers as numbers) */
  body?: (values: Record<string, string>) => Record<string, unknown>
  onDone: (result: unknown, queued: boolean) => void
  children?: JSX.Element
}) {
  const [values, setValues] = createSignal<Record<string, string>>({ ...props.initial })
  const [errors, setErrors] = createSignal<Record<string, string>>({})
  const [message, setMessage] = createSignal('')
  const [busy, setBusy] = createSignal(false)
  const required = requiredFields(props.schema)
  const set = (name: string, value: string) => setValues({ ...values(), [name]: value })
  const shown = () => props.fields.filter((f) => !f.when || f.when(values()))
  const defaultBody = (v: Record<string, string>) => {
    const out: Record<string, unknown> = {}
    for (const f of shown()) {
      const raw = (v[f.name] ?? '').trim()
      if (raw) out[f.name] = f.type === 'number' ? Number(raw) : raw
    }
    return out
  }
  const close = () => {
    setValues({ ...props.initial })
    setErrors({})
    setMessage('')
    props.onClose()
  }
  const send = async (e: SubmitEvent) => {
    e.preventDefault()
    const body = (props.body ?? defaultBody)(values())
    const check = props.schema.safeParse(body)
    if (!check.success) {
      setErrors(fieldIssues(check.error.issues, body))
      return
    }
    setErrors({})
    setBusy(true)
    const landed = await submit({ ...props.send(body), body })
    setBusy(false)
    if (landed.status === 'refused') {
      if (landed.problem.status !== 412) discard(landed.opId)
      setErrors(problemFields(landed.problem, body))
      return setMessage(problemText(landed.problem))
    }
    props.onDone(landed.status === 'done' ? landed.result : undefined, landed.status === 'queued')
    close()
  }
  return (
    <Dialog open={props.open} title={props.title} onClose={close}>
      <form class="dialog-form" onSubmit={send} novalidate aria-label={props.title}>
        {props.intro}
        <Show when={props.fields.some((f) => f.required ?? required.has(f.name))}>
          <RequiredLegend />
        </Show>
        <For each={shown()}>
          {(f) => {
            const id = `d-${f.name}`
            const req = () => f.required ?? required.has(f.name)
            return (
              <Switch fallback={<Field id={id} name={f.name} label={f.label} type={f.type ?? 'text'} required={req()} hint={f.hint} min={f.min} max={f.max} value={values()[f.name] ?? ''} onInput={(e) => set(f.name, e.currentTarget.value)} error={errors()[f.name]} />}>
                <Match when={f.type === 'select'}>
                  <SelectField id={id} label={f.label} required={req()} hint={f.hint} value={values()[f.name] ?? ''} options={f.options ?? []} onChange={(v) => set(f.name, v)} error={errors()[f.name]} />
                </Match>
                <Match when={f.type === 'facility' || f.type === 'unit'}>
                  <UnitSelect id={id} label={f.label} pick={f.type as 'facility' | 'unit'} required={req()} hint={f.hint} value={values()[f.name] ?? ''} onChange={(v) => set(f.name, v)} error={errors()[f.name]} />
                </Match>
                <Match when={f.type === 'country'}>
                  <CountrySelect id={id} label={f.label} required={req()} hint={f.hint} value={values()[f.name] ?? ''} onChange={(v) => set(f.name, v)} error={errors()[f.name]} />
                </Match>
                <Match when={f.type === 'textarea'}>
                  <div class="field">
                    <Label for={id} text={f.label} required={req()} />
                    <textarea id={id} rows={3} aria-invalid={!!errors()[f.name]} aria-describedby={errors()[f.name] ? `${id}-err` : undefined} value={values()[f.name] ?? ''} onInput={(e) => set(f.name, e.currentTarget.value)} />
                    <Show when={errors()[f.name]}>
                      <span id={`${id}-err`} class="field-error">{errors()[f.name]}</span>
                    </Show>
                  </div>
                </Match>
              </Switch>
            )
          }}
        </For>
        {props.children}
        <Show when={message()}>
          <p class="error" role="alert">{message()}</p>
        </Show>
        <div class="dialog-actions">
          <button type="submit" classList={{ warn: !!props.danger }} disabled={busy()}>{props.submitLabel}</button>
          <button type="button" class="secondary" onClick={close}>{t('cancel')}</button>
        </div>
      </form>
    </Dialog>
  )
}
