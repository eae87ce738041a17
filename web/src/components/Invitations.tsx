import type { ColumnDef } from '@tanstack/solid-table'
import { createSignal, Show } from 'solid-js'
import { api, pageUrl } from '../lib/api'
import { t } from '../lib/i18n'
import { label } from '../lib/labels'
import { errorText } from '../lib/problems'
import { unitPath } from '../lib/reference'
import { day, words } from '../lib/words'
import { DataTable, type Page } from './DataTable'
import { Dialog } from './Dialog'
import { InvitationLink } from './InvitationLink'

export type Invitation = { id: string; email: string; role: string; orgUnitId?: string; status: 'pending' | 'accepted' | 'revoked'; expiresAt: string; invitedBy: string; revokedReason?: string; version: number }

const w = words({
  en: {
    title: 'Invitations',
    expires: 'Link valid until',
    by: 'Invited by',
    area: 'Area',
    everywhere: 'whole country',
    resend: 'New link',
    revoke: 'Revoke',
    revokeTitle: 'Revoke the invitation of {email}?',
    revokeText: 'The link stops working at once. You can invite the person again later.',
    revoked: 'Invitation revoked.',
    none: 'No invitations yet.',
    pending: 'waiting',
    accepted: 'accepted',
    revokedState: 'revoked',
    expired: 'expired',
    countryHasAdmin: 'revoked: the country has its ministry admin',
    newLinkHelp: 'The old link no longer works; pass this one on.',
  },
  fr: {
    title: 'Invitations',
    expires: 'Lien valable jusqu’au',
    by: 'Invité par',
    area: 'Zone',
    everywhere: 'tout le pays',
    resend: 'Nouveau lien',
    revoke: 'Révoquer',
    revokeTitle: 'Révoquer l’invitation de {email} ?',
    revokeText: 'Le lien cesse de fonctionner immédiatement. Vous pourrez inviter la personne de nouveau plus tard.',
    revoked: 'Invitation révoquée.',
    none: 'Aucune invitation pour l’instant.',
    pending: 'en attente',
    accepted: 'acceptée',
    revokedState: 'révoquée',
    expired: 'expirée',
    countryHasAdmin: 'révoquée : le pays a son administrateur',
    newLinkHelp: 'L’ancien lien ne fonctionne plus ; transmettez celui-ci.',
  },
  pt: {
    title: 'Convites',
    expires: 'Ligação válida até',
    by: 'Convidado por',
    area: 'Área',
    everywhere: 'todo o país',
    resend: 'Nova ligação',
    revoke: 'Revogar',
    revokeTitle: 'Revogar o convite de {email}?',
    revokeText: 'A ligação deixa de funcionar de imediato. Pode convidar a pessoa de novo mais tarde.',
    revoked: 'Convite revogado.',
    none: 'Ainda não há convites.',
    pending: 'pendente',
    accepted: 'aceite',
    revokedState: 'revogado',
    expired: 'expirado',
    countryHasAdmin: 'revogado: o país já tem o seu administrador',
    newLinkHelp: 'A ligação antiga deixou de funcionar; transmita esta.',
  },
})

/** The invitations of a scope (a country, a partner, a donor): who is waiting, a new link, or revoke. */
export function Invitations(props: { list: string; actions: string; reloadKey?: () => unknown; title?: string }) {
  const [tick, setTick] = createSignal(0)
  const [link, setLink] = createSignal('')
  const [message, setMessage] = createSignal('')
  const [revoking, setRevoking] = createSignal<Invitation | null>(null)
  const state = (i: Invitation) =>
    i.status === 'pending' && i.expiresAt < new Date().toISOString() ? w('expired') : i.status === 'pending' ? w('pending') : i.status === 'accepted' ? w('accepted') : i.revokedReason === 'country-has-admin' ? w('countryHasAdmin') : w('revokedState')
  const resend = async (i: Invitation) => {
    setMessage('')
    try {
      setLink((await api<{ link: string }>('POST', `${props.actions}/${i.id}/resend`)).link)
      setTick(tick() + 1)
    } catch (err) {
      setMessage(errorText(err))
    }
  }
  const revoke = async () => {
    const i = revoking()!
    setRevoking(null)
    try {
      await api('POST', `${props.actions}/${i.id}/revoke`)
      setMessage(w('revoked'))
      setLink('')
      setTick(tick() + 1)
    } catch (err) {
      setMessage(errorText(err))
    }
  }
  const columns: ColumnDef<Invitation, any>[] = [
    { accessorKey: 'email', header: t('email') },
    { accessorKey: 'role', header: t('role'), cell: (c) => <>{label('role', c.getValue() as string)}</> },
    { id: 'area', header: w('area'), cell: (c) => <>{c.row.original.orgUnitId ? unitPath(c.row.original.orgUnitId) : w('everywhere')}</> },
    { id: 'state', header: t('status'), cell: (c) => <>{state(c.row.original)}</> },
    { accessorKey: 'expiresAt', header: w('expires'), cell: (c) => <>{day(c.getValue() as string)}</> },
    {
      id: 'actions',
      header: '',
      cell: (c) => (
        <Show when={c.row.original.status === 'pending'}>
          <span class="row-actions">
            <button type="button" class="link" aria-label={`${w('resend')}: ${c.row.original.email}`} onClick={() => resend(c.row.original)}>{w('resend')}</button>
            <button type="button" class="link" aria-label={`${w('revoke')}: ${c.row.original.email}`} onClick={() => setRevoking(c.row.original)}>{w('revoke')}</button>
          </span>
        </Show>
      ),
    },
  ]
  return (
    <section class="card">
      <h2>{props.title ?? w('title')}</h2>
      <Show when={message()}>
        <p class="notice" role="status">{message()}</p>
      </Show>
      <Show when={link()}>
        <InvitationLink link={link()} />
        <p class="muted">{w('newLinkHelp')}</p>
      </Show>
      <DataTable label={props.title ?? w('title')} columns={columns} reloadKey={() => `${tick()}|${String(props.reloadKey?.() ?? '')}`} emptyText={() => w('none')} fetchPage={(cursor) => api<Page<Invitation>>('GET', pageUrl(`${props.list}?limit=50`, cursor))} />
      <Dialog open={!!revoking()} title={w('revokeTitle', { email: revoking()?.email ?? '' })} onClose={() => setRevoking(null)}>
        <div class="dialog-form">
          <p>{w('revokeText')}</p>
          <div class="dialog-actions">
            <button type="button" class="warn" onClick={revoke}>{w('revoke')}</button>
            <button type="button" class="secondary" onClick={() => setRevoking(null)}>{t('cancel')}</button>
          </div>
        </div>
      </Dialog>
    </section>
  )
}
