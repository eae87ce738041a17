import type { ColumnDef } from '@tanstack/solid-table'
import { createSignal, Show } from 'solid-js'
import { DonorCreate } from '../../../functions/core/donor/schema'
import { PartnerCreate } from '../../../functions/core/partner/schema'
import { countryLabel } from '../components/CountrySelect'
import { DataTable, type Page } from '../components/DataTable'
import { Dialog } from '../components/Dialog'
import { Field } from '../components/Field'
import { FormDialog } from '../components/FormDialog'
import { InvitationLink } from '../components/InvitationLink'
import { Invitations } from '../components/Invitations'
import { api, ApiError, newIdempotencyKey, pageUrl } from '../lib/api'
import { t } from '../lib/i18n'
import { errorText, problemFields } from '../lib/problems'
import { hasRole } from '../lib/session'
import { words } from '../lib/words'

type Org = { id: string; name: string; country?: string; contactEmail?: string }

const w = words({
  en: {
    partners: 'Partners',
    donors: 'Donors',
    partnersIntro: 'Development partners provision countries and invite each country’s first ministry admin. They never see a person’s record.',
    donorsIntro: 'Donors see the figures that countries choose to share with them, never a person.',
    add: 'Add',
    addPartner: 'Add a partner',
    addDonor: 'Add a donor',
    country: 'Based in',
    contact: 'Contact email',
    invite: 'Invite a user',
    inviteTitle: 'Invite a user to {name}',
    inviteText: 'There is no email here: you will get a one-time link to pass on.',
    invitations: 'Invitations to {name}',
    manage: 'Invitations',
    created: '{name} added.',
  },
  fr: {
    partners: 'Partenaires',
    donors: 'Bailleurs',
    partnersIntro: 'Les partenaires de développement ajoutent les pays et invitent le premier administrateur du ministère de chacun. Ils ne voient jamais la fiche d’une personne.',
    donorsIntro: 'Les bailleurs voient les chiffres que les pays choisissent de partager avec eux, jamais une personne.',
    add: 'Ajouter',
    addPartner: 'Ajouter un partenaire',
    addDonor: 'Ajouter un bailleur',
    country: 'Basé en',
    contact: 'Courriel de contact',
    invite: 'Inviter un utilisateur',
    inviteTitle: 'Inviter un utilisateur pour {name}',
    inviteText: 'Il n’y a pas de courriel ici : vous obtiendrez un lien à usage unique à transmettre.',
    invitations: 'Invitations pour {name}',
    manage: 'Invitations',
    created: '{name} ajouté.',
  },
  pt: {
    partners: 'Parceiros',
    donors: 'Doadores',
    partnersIntro: 'Os parceiros de desenvolvimento adicionam países e convidam o primeiro administrador do ministério de cada um. Nunca veem o registo de uma pessoa.',
    donorsIntro: 'Os doadores veem os números que os países decidem partilhar com eles, nunca uma pessoa.',
    add: 'Adicionar',
    addPartner: 'Adicionar parceiro',
    addDonor: 'Adicionar doador',
    country: 'Sediado em',
    contact: 'E-mail de contacto',
    invite: 'Convidar utilizador',
    inviteTitle: 'Convidar um utilizador para {name}',
    inviteText: 'Não há e-mail aqui: receberá uma ligação de utilização única para transmitir.',
    invitations: 'Convites para {name}',
    manage: 'Convites',
    created: '{name} adicionado.',
  },
})

/** The platform's organisations: partners (who provision countries) or donors (who read shared figures). */
export function Organisations(props: { kind: 'partners' | 'donors' }) {
  const base = `/api/v1/${props.kind}`
  const [reload, setReload] = createSignal(0)
  const [adding, setAdding] = createSignal(false)
  const [inviting, setInviting] = createSignal<Org | null>(null)
  const [email, setEmail] = createSignal('')
  const [errors, setErrors] = createSignal<Record<string, string>>({})
  const [link, setLink] = createSignal('')
  const [shown, setShown] = createSignal<Org | null>(null)
  const [message, setMessage] = createSignal('')
  const platform = () => hasRole('platform-admin')
  const columns: ColumnDef<Org, any>[] = [
    { accessorKey: 'name', header: t('countryName') },
    ...(props.kind === 'partners'
      ? [
          { id: 'country', header: w('country'), cell: (c: { row: { original: Org } }) => <>{countryLabel(c.row.original.country)}</> },
          { accessorKey: 'contactEmail', header: w('contact'), cell: (c: { getValue: () => unknown }) => <>{(c.getValue() as string) ?? '—'}</> },
        ]
      : []),
    {
      id: 'actions',
      header: '',
      cell: (c) => (
        <Show when={platform()}>
          <span class="row-actions">
            <button type="button" class="link" aria-label={`${w('invite')}: ${c.row.original.name}`} onClick={() => (setErrors({}), setEmail(''), setInviting(c.row.original))}>{w('invite')}</button>
            <button type="button" class="link" aria-label={`${w('manage')}: ${c.row.original.name}`} onClick={() => setShown(c.row.original)}>{w('manage')}</button>
          </span>
        </Show>
      ),
    },
  ] as ColumnDef<Org, any>[]
  const invite = async (e: SubmitEvent) => {
    e.preventDefault()
    const org = inviting()!
    try {
      const inv = await api<{ link: string }>('POST', `${base}/${org.id}/invitations`, { body: { email: email().trim() }, idempotencyKey: newIdempotencyKey() })
      setLink(inv.link)
      setShown(org)
      setInviting(null)
    } catch (err) {
      setErrors(err instanceof ApiError ? { ...problemFields(err.problem, { email: email() }), form: errorText(err) } : { form: errorText(err) })
    }
  }
  return (
    <section>
      <div class="heading">
        <h1>{props.kind === 'partners' ? w('partners') : w('donors')}</h1>
        <Show when={platform()}>
          <button type="button" onClick={() => setAdding(true)}>{props.kind === 'partners' ? w('addPartner') : w('addDonor')}</button>
        </Show>
      </div>
      <p class="muted">{props.kind === 'partners' ? w('partnersIntro') : w('donorsIntro')}</p>
      <Show when={message()}>
        <p class="notice" role="status">{message()}</p>
      </Show>
      <Show when={link()}>
        <InvitationLink link={link()} />
      </Show>
      <DataTable label={props.kind === 'partners' ? w('partners') : w('donors')} columns={columns} reloadKey={reload} fetchPage={(cursor) => api<Page<Org>>('GET', pageUrl(`${base}?limit=50`, cursor))} />
      <Show when={shown()} keyed>
        {(org) => <Invitations title={w('invitations', { name: org.name })} list={`${base}/${org.id}/invitations`} actions={`${base}/${org.id}/invitations`} reloadKey={link} />}
      </Show>
      <Show when={adding()}>
        <FormDialog
          open
          onClose={() => setAdding(false)}
          title={props.kind === 'partners' ? w('addPartner') : w('addDonor')}
          schema={props.kind === 'partners' ? PartnerCreate : DonorCreate}
          submitLabel={w('add')}
          fields={props.kind === 'partners' ? [{ name: 'name', label: t('countryName') }, { name: 'country', label: w('country'), type: 'country' }, { name: 'contactEmail', label: w('contact'), type: 'text' }] : [{ name: 'name', label: t('countryName') }]}
          send={() => ({ method: 'POST', path: base, label: props.kind === 'partners' ? w('addPartner') : w('addDonor') })}
          onDone={(r) => {
            setMessage(w('created', { name: (r as Org | undefined)?.name ?? '' }))
            setReload(reload() + 1)
          }}
        />
      </Show>
      <Dialog open={!!inviting()} title={w('inviteTitle', { name: inviting()?.name ?? '' })} onClose={() => setInviting(null)}>
        <form class="dialog-form" onSubmit={invite} novalidate aria-label={w('invite')}>
          <p>{w('inviteText')}</p>
          <Field id="o-email" name="email" type="email" label={t('email')} required value={email()} onInput={(e) => setEmail(e.currentTarget.value)} error={errors().email} />
          <Show when={errors().form}>
            <p class="error" role="alert">{errors().form}</p>
          </Show>
          <div class="dialog-actions">
            <button type="submit">{t('invite')}</button>
            <button type="button" class="secondary" onClick={() => setInviting(null)}>{t('cancel')}</button>
          </div>
        </form>
      </Dialog>
    </section>
  )
}
