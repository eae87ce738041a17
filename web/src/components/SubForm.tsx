import { createSignal, For, Show } from 'solid-js'
import type { z } from 'zod/mini'
import { createDraft } from '../lib/draft'
import { t } from '../lib/i18n'
import { discard, submit } from '../lib/outbox'
import { problemFields, problemText } from '../lib/problems'
import { fieldErrors } from './Field'

export type SubField = { name: string; label: string; type?: string; options?: { value: string; label: string }[]; number?: boolean; upper?: boolean }

/**
 * A small form that adds one thing to a record (a licence, a deployment ...): validated in the browser with
 * the API's own zod schema, drafted as typed, sent through the outbox.
 */
export function SubForm(props: { id: string; title: string; path: string; fields: SubField[]; schema: z.ZodMiniType; ifMatch?: number; onDone: () => void }) {
  const draft = createDraft(props.id)
  const [errors, setErrors] = createSignal<Record<string, string>>({})
  const [message, setMessage] = createSignal('')
  const [open, setOpen] = createSignal(draft.restored)
  const send = async (e: SubmitEvent) => {
    e.preventDefault()
    const body: Record<string, unknown> = {}
    for (const f of props.fields) {
      const v = draft.get(f.name).trim()
      if (v) body[f.name] = f.number ? Number(v) : f.upper ? v.toUpperCase() : v
    }
    const check = props.schema.safeParse(body)
    // the issues as zod gives them: their codes say which words to show (zod's own messages are English)
    if (!check.success) return setErrors(fieldErrors(check.error.issues, body))
    setErrors({})
    const landed = await submit({ label: props.title, method: 'POST', path: props.path, body, ifMatch: props.ifMatch })
    if (landed.status === 'refused') {
      discard(landed.opId)
      setErrors(problemFields(landed.problem, body))
      return setMessage(problemText(landed.problem))
    }
    draft.clear()
    setMessage(landed.status === 'queued' ? t('savedOffline') : '')
    setOpen(false)
    props.onDone()
  }
  return (
    <div class="subform">
      <Show when={message()}>
        <p class="notice" role="status">{message()}</p>
      </Show>
      <Show when={open()} fallback={<button class="secondary" onClick={() => setOpen(true)}>+ {props.title}</button>}>
        <form class="inline" onSubmit={send} aria-label={props.title} novalidate>
          <For each={props.fields}>
            {(f) => (
              <div class="field">
                <label for={`${props.id}-${f.name}`}>{f.label}</label>
                <Show
                  when={f.options}
                  fallback={<input id={`${props.id}-${f.name}`} type={f.type ?? 'text'} value={draft.get(f.name)} onInput={(e) => draft.set(f.name, e.currentTarget.value)} aria-invalid={!!errors()[f.name]} />}
                >
                  <select id={`${props.id}-${f.name}`} value={draft.get(f.name)} onChange={(e) => draft.set(f.name, e.currentTarget.value)}>
                    <option value="">{t('choose')}</option>
                    <For each={f.options}>{(o) => <option value={o.value}>{o.label}</option>}</For>
                  </select>
                </Show>
                <Show when={errors()[f.name]}>
                  <span class="field-error" role="alert">{errors()[f.name]}</span>
                </Show>
              </div>
            )}
          </For>
          <button type="submit">{t('add')}</button>
          <button type="button" class="secondary" onClick={() => (draft.clear(), setOpen(false))}>{t('cancel')}</button>
        </form>
      </Show>
    </div>
  )
}
