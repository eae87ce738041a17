import { createSignal } from 'solid-js'
import { t } from '../lib/i18n'
import { words } from '../lib/words'

const w = words({
  en: { copy: 'Copy the link', copied: 'Copied' },
  fr: { copy: 'Copier le lien', copied: 'Copié' },
  pt: { copy: 'Copiar a ligação', copied: 'Copiada' },
})

/** There is no email here: the inviter copies the one-time link and passes it on. */
export function InvitationLink(props: { link: string }) {
  const url = () => new URL(props.link, location.origin).toString()
  const [copied, setCopied] = createSignal(false)
  let input!: HTMLInputElement
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url())
    } catch {
      input.select()
      document.execCommand('copy')
    }
    setCopied(true)
  }
  return (
    <div class="invitation" role="status">
      <p>{t('invitationLink')}</p>
      <div class="copy-row">
        <input ref={input} readOnly value={url()} aria-label={t('invitationLink')} onFocus={(e) => e.currentTarget.select()} />
        <button type="button" class="secondary" onClick={copy}>{copied() ? w('copied') : w('copy')}</button>
      </div>
    </div>
  )
}
