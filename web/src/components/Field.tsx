import type { JSX } from 'solid-js'
import { Show } from 'solid-js'

/** A labelled input with its error shown next to it. */
export function Field(props: { label: string; name: string; error?: string } & JSX.InputHTMLAttributes<HTMLInputElement>) {
  const id = `f-${props.name}`
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <input id={id} {...props} aria-invalid={!!props.error} aria-describedby={props.error ? `${id}-err` : undefined} />
      <Show when={props.error}>
        <span id={`${id}-err`} class="field-error">{props.error}</span>
      </Show>
    </div>
  )
}

/** Maps a problem's per-field errors to field names. */
export function fieldErrors(errors: { path: string; message: string }[] | undefined) {
  const out: Record<string, string> = {}
  for (const e of errors ?? []) out[e.path] ??= e.message
  return out
}
