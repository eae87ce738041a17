import { createEffect, onCleanup, Show, type JSX } from 'solid-js'
import { t } from '../lib/i18n'

/**
 * A modal dialog on the browser's own <dialog>: focus moves into it and stays there, Escape closes it,
 * and focus returns to what opened it. The body is usually a form whose submit does the work.
 */
export function Dialog(props: { open: boolean; title: string; onClose: () => void; children: JSX.Element; wide?: boolean }) {
  let dialog!: HTMLDialogElement
  let opener: Element | null = null
  createEffect(() => {
    if (props.open && !dialog.open) {
      opener = document.activeElement
      dialog.showModal()
    } else if (!props.open && dialog.open) {
      dialog.close()
    }
  })
  onCleanup(() => dialog?.open && dialog.close())
  const titleId = `dlg-${Math.random().toString(36).slice(2, 8)}`
  return (
    <dialog
      ref={dialog}
      classList={{ wide: !!props.wide }}
      aria-labelledby={titleId}
      onClose={() => {
        if (opener instanceof HTMLElement) opener.focus()
        if (props.open) props.onClose()
      }}
    >
      <div class="dialog-head">
        <h2 id={titleId}>{props.title}</h2>
        <button type="button" class="icon" aria-label={t('cancel')} onClick={() => props.onClose()}>×</button>
      </div>
      <Show when={props.open}>{props.children}</Show>
    </dialog>
  )
}
