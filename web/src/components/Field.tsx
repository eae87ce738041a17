import { For, Show, splitProps, type JSX } from 'solid-js'
import { fieldIssues, type Issue } from '../lib/problems'
import { words } from '../lib/words'

const w = words({
  en: { required: 'required', legend: 'Fields marked * are required.', choose: 'Choose…' },
  fr: { required: 'obligatoire', legend: 'Les champs marqués * sont obligatoires.', choose: 'Choisir…' },
  pt: { required: 'obrigatório', legend: 'Os campos marcados com * são obrigatórios.', choose: 'Escolher…' },
})

/** The label of a field, with a visible mark (and a spoken word) when it is required. */
export function Label(props: { for: string; text: string; required?: boolean }) {
  return (
    <label for={props.for}>
      {props.text}
      <Show when={props.required}>
        <span class="req" aria-hidden="true"> *</span>
        <span class="sr-only"> ({w('required')})</span>
      </Show>
    </label>
  )
}

/** Says once per form what the star means. */
export const RequiredLegend = () => <p class="muted legend">{w('legend')}</p>

function ErrorText(props: { id: string; error?: string }) {
  return (
    <Show when={props.error}>
      <span id={`${props.id}-err`} class="field-error">{props.error}</span>
    </Show>
  )
}

/** A labelled input with its error shown (and announced) next to it. */
export function Field(props: { label: string; name: string; error?: string; hint?: string; id?: string } & JSX.InputHTMLAttributes<HTMLInputElement>) {
  const [own, rest] = splitProps(props, ['label', 'error', 'hint', 'id'])
  const id = () => own.id ?? `f-${props.name}`
  return (
    <div class="field">
      <Label for={id()} text={own.label} required={!!props.required} />
      <input
        {...rest}
        id={id()}
        aria-invalid={!!own.error}
        aria-describedby={[own.error ? `${id()}-err` : '', own.hint ? `${id()}-hint` : ''].filter(Boolean).join(' ') || undefined}
      />
      <Show when={own.hint}>
        <span id={`${id()}-hint`} class="muted hint">{own.hint}</span>
      </Show>
      <ErrorText id={id()} error={own.error} />
    </div>
  )
}

export type Option = { value: string; label: string; disabled?: boolean }

/** A labelled select; an empty first option ("Choose…", or `placeholder`) unless `noEmpty`. */
export function SelectField(props: {
  label: string
  id: string
  name?: string
  value: string
  options: Option[]
  onChange: (value: string) => void
  error?: string
  required?: boolean
  disabled?: boolean
  placeholder?: string
  noEmpty?: boolean
  hint?: string
}) {
  return (
    <div class="field">
      <Label for={props.id} text={props.label} required={props.required} />
      <select
        id={props.id}
        name={props.name}
        required={props.required}
        disabled={props.disabled}
        aria-invalid={!!props.error}
        aria-describedby={[props.error ? `${props.id}-err` : '', props.hint ? `${props.id}-hint` : ''].filter(Boolean).join(' ') || undefined}
        onChange={(e) => props.onChange(e.currentTarget.value)}
      >
        <Show when={!props.noEmpty}>
          <option value="">{props.placeholder ?? w('choose')}</option>
        </Show>
        <For each={props.options}>{(o) => <option value={o.value} selected={o.value === props.value} disabled={o.disabled}>{o.label}</option>}</For>
      </select>
      <Show when={props.hint}>
        <span id={`${props.id}-hint`} class="muted hint">{props.hint}</span>
      </Show>
      <ErrorText id={props.id} error={props.error} />
    </div>
  )
}

/** Maps a problem's (or a schema's) per-field issues to field names, in the reader's words. */
export function fieldErrors(errors: readonly Issue[] | undefined, values: Record<string, unknown> = {}) {
  return fieldIssues(errors, values)
}

/**
 * Which fields of a zod/mini object schema must be given: not optional, no default. Read from the schema
 * itself, so the star on a field and the API's rule cannot disagree.
 */
export function requiredFields(schema: unknown): Set<string> {
  const def = (schema as { _zod?: { def?: { shape?: Record<string, { _zod: { def: { type: string } } }>; in?: unknown } } })._zod?.def
  const shape = def?.shape ?? (def?.in ? (def.in as { _zod?: { def?: { shape?: Record<string, { _zod: { def: { type: string } } }> } } })._zod?.def?.shape : undefined)
  const out = new Set<string>()
  for (const [k, v] of Object.entries(shape ?? {})) if (!['optional', 'default', 'prefault', 'nullable'].includes(v._zod.def.type)) out.add(k)
  return out
}
