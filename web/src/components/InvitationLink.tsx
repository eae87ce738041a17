import { t } from '../lib/i18n'

/** There is no email here: the inviter copies the one-time link and passes it on. */
export function InvitationLink(props: { link: string }) {
  const url = () => new URL(props.link, location.origin).toString()
  return (
    <div class="invitation" role="status">
      <p>{t('invitationLink')}</p>
      <input readOnly value={url()} aria-label={t('invitationLink')} onFocus={(e) => e.currentTarget.select()} />
    </div>
  )
}
