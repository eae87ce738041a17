import type { ColumnDef } from '@tanstack/solid-table'
import { createSignal, For, Show } from 'solid-js'
import { directoryTypes } from '../../../functions/core/client/schema'
import { DataTable, type Page } from '../components/DataTable'
import { Dialog } from '../components/Dialog'
import { Field } from '../components/Field'
import { api, newIdempotencyKey, pageUrl } from '../lib/api'
import { errorText } from '../lib/problems'
import { day, words } from '../lib/words'

type Client = { id: string; name: string; scopes: string[]; status: 'active' | 'revoked'; createdBy: string; createdAt: string; secretIssuedAt: string; version: number }
type Issued = Client & { clientId: string; clientSecret: string; tokenUrl: string }

const w = words({
  en: {
    title: 'Connected systems',
    intro: 'Systems of your country (payroll, the licensing board, DHIS2, an electronic record) read the registry through its FHIR directory with their own credentials. Each gets only what you tick here; every token it obtains is in the audit log.',
    name: 'System name',
    access: 'What it may use',
    read: 'Read',
    write: 'Send changes',
    status: 'Status',
    active: 'active',
    revoked: 'revoked',
    created: 'Created',
    add: 'Connect a system',
    create: 'Create credentials',
    rotate: 'New secret',
    revoke: 'Disconnect',
    confirmRotate: 'Give “{name}” a new secret? The current one stops working at once; the system must be given the new one.',
    confirmRevoke: 'Disconnect “{name}”? Its secret and its tokens stop working at once. This cannot be undone.',
    secretTitle: 'Credentials for “{name}”',
    secretOnce: 'Copy the secret now and give it to the system’s administrator: it is shown only this once.',
    clientId: 'Client ID',
    clientSecret: 'Client secret',
    tokenUrl: 'Token address (OAuth 2.0 client credentials)',
    done: 'I have copied it',
    pickOne: 'Tick at least one kind of record.',
    everything: 'Everything',
    nothing: 'nothing',
    yes: 'Yes, go ahead',
    no: 'Cancel',
  },
  fr: {
    title: 'Systèmes connectés',
    intro: 'Les systèmes de votre pays (paie, ordre professionnel, DHIS2, dossier électronique) lisent le registre par son annuaire FHIR avec leurs propres identifiants. Chacun n’obtient que ce que vous cochez ici ; chaque jeton obtenu figure au journal d’audit.',
    name: 'Nom du système',
    access: 'Ce qu’il peut utiliser',
    read: 'Lire',
    write: 'Envoyer des modifications',
    status: 'Statut',
    active: 'actif',
    revoked: 'déconnecté',
    created: 'Créé le',
    add: 'Connecter un système',
    create: 'Créer les identifiants',
    rotate: 'Nouveau secret',
    revoke: 'Déconnecter',
    confirmRotate: 'Donner un nouveau secret à « {name} » ? L’actuel cesse de fonctionner immédiatement ; le système devra recevoir le nouveau.',
    confirmRevoke: 'Déconnecter « {name} » ? Son secret et ses jetons cessent de fonctionner immédiatement. C’est définitif.',
    secretTitle: 'Identifiants de « {name} »',
    secretOnce: 'Copiez le secret maintenant et remettez-le à l’administrateur du système : il n’est affiché qu’une fois.',
    clientId: 'Identifiant client',
    clientSecret: 'Secret client',
    tokenUrl: 'Adresse des jetons (OAuth 2.0, identifiants client)',
    done: 'Je l’ai copié',
    pickOne: 'Cochez au moins un type de fiche.',
    everything: 'Tout',
    nothing: 'rien',
    yes: 'Oui, continuer',
    no: 'Annuler',
  },
  pt: {
    title: 'Sistemas ligados',
    intro: 'Os sistemas do seu país (salários, a ordem profissional, DHIS2, um registo eletrónico) leem o registo pelo seu diretório FHIR com credenciais próprias. Cada um obtém só o que marcar aqui; cada token obtido fica no registo de auditoria.',
    name: 'Nome do sistema',
    access: 'O que pode usar',
    read: 'Ler',
    write: 'Enviar alterações',
    status: 'Estado',
    active: 'ativo',
    revoked: 'desligado',
    created: 'Criado em',
    add: 'Ligar um sistema',
    create: 'Criar credenciais',
    rotate: 'Novo segredo',
    revoke: 'Desligar',
    confirmRotate: 'Dar um novo segredo a «{name}»? O atual deixa de funcionar de imediato; o sistema terá de receber o novo.',
    confirmRevoke: 'Desligar «{name}»? O segredo e os tokens deixam de funcionar de imediato. Não pode ser desfeito.',
    secretTitle: 'Credenciais de «{name}»',
    secretOnce: 'Copie o segredo agora e entregue-o ao administrador do sistema: só é mostrado esta vez.',
    clientId: 'ID do cliente',
    clientSecret: 'Segredo do cliente',
    tokenUrl: 'Endereço dos tokens (OAuth 2.0, credenciais de cliente)',
    done: 'Já copiei',
    pickOne: 'Marque pelo menos um tipo de registo.',
    everything: 'Tudo',
    nothing: 'nada',
    yes: 'Sim, continuar',
    no: 'Cancelar',
  },
})

/** The FHIR types in plain words: a ministry admin thinks of people and places, not resource names. */
const typeWords = words({
  en: { Practitioner: 'Health workers', PractitionerRole: 'Postings (who works where)', Location: 'Places (units and facilities)', Organization: 'Organisations', HealthcareService: 'Services', Endpoint: 'System addresses', OrganizationAffiliation: 'Affiliations between organisations' },
  fr: { Practitioner: 'Personnels de santé', PractitionerRole: 'Affectations (qui travaille où)', Location: 'Lieux (unités et structures)', Organization: 'Organisations', HealthcareService: 'Services', Endpoint: 'Adresses de systèmes', OrganizationAffiliation: 'Liens entre organisations' },
  pt: { Practitioner: 'Profissionais de saúde', PractitionerRole: 'Colocações (quem trabalha onde)', Location: 'Locais (unidades e estabelecimentos)', Organization: 'Organizações', HealthcareService: 'Serviços', Endpoint: 'Endereços de sistemas', OrganizationAffiliation: 'Ligações entre organizações' },
})

function scopeText(scopes: string[]) {
  const parts = scopes.map((s) => {
    const [, type, access] = /^system\/([^.]+)\.(.+)$/.exec(s) ?? []
    const what = type === '*' ? w('everything') : typeWords(type as (typeof directoryTypes)[number])
    const how = access === 'write' ? w('write') : access === 'read' ? w('read') : `${w('read')} + ${w('write')}`
    return `${what}: ${how.toLowerCase()}`
  })
  return parts.join(' · ') || w('nothing')
}

export function Clients() {
  const [reload, setReload] = createSignal(0)
  const [adding, setAdding] = createSignal(false)
  const [issued, setIssued] = createSignal<Issued>()
  const [confirming, setConfirming] = createSignal<{ client: Client; action: 'rotate' | 'revoke' }>()
  const [error, setError] = createSignal('')

  const act = async (client: Client, action: 'rotate' | 'revoke') => {
    setConfirming()
    setError('')
    try {
      const out = await api<Issued>('POST', `/api/v1/clients/${client.id}/${action}`, { idempotencyKey: newIdempotencyKey() })
      if (action === 'rotate') setIssued(out)
    } catch (err) {
      setError(errorText(err))
    }
    setReload(reload() + 1)
  }

  const create = async (e: SubmitEvent) => {
    e.preventDefault()
    const form = new FormData(e.currentTarget as HTMLFormElement)
    const scopes = form.getAll('scope').map(String)
    if (!scopes.length) return setError(w('pickOne'))
    setError('')
    try {
      setIssued(await api<Issued>('POST', '/api/v1/clients', { body: { name: form.get('name'), scopes }, idempotencyKey: newIdempotencyKey() }))
      setAdding(false)
      setReload(reload() + 1)
    } catch (err) {
      setError(errorText(err))
    }
  }

  // rebuilt when the language changes, so headers and cells are in the reader's language at once
  const columns = (): ColumnDef<Client, any>[] => [
    { accessorKey: 'name', header: w('name') },
    { id: 'access', header: w('access'), cell: (c) => scopeText(c.row.original.scopes) },
    { id: 'status', header: w('status'), cell: (c) => w(c.row.original.status) },
    { id: 'created', header: w('created'), cell: (c) => day(c.row.original.createdAt) },
    {
      id: 'actions',
      header: '',
      cell: (c) => (
        <Show when={c.row.original.status === 'active'}>
          <span class="actions">
            <button class="link" onClick={() => setConfirming({ client: c.row.original, action: 'rotate' })}>{w('rotate')}</button>{' '}
            <button class="link danger" onClick={() => setConfirming({ client: c.row.original, action: 'revoke' })}>{w('revoke')}</button>
          </span>
        </Show>
      ),
    },
  ]

  return (
    <section>
      <h1>{w('title')}</h1>
      <p class="muted">{w('intro')}</p>
      <Show when={error()}>
        <p class="error" role="alert">{error()}</p>
      </Show>
      <DataTable label={w('title')} columns={columns()} reloadKey={reload} fetchPage={(cursor) => api<Page<Client>>('GET', pageUrl('/api/v1/clients?limit=50', cursor))} />
      <button onClick={() => (setError(''), setAdding(true))}>{w('add')}</button>

      <Dialog open={adding()} title={w('add')} onClose={() => setAdding(false)}>
        <form onSubmit={create}>
          <Field label={w('name')} name="name" required maxLength={120} />
          <fieldset>
            <legend>{w('access')}</legend>
            <table class="scopes">
              <thead>
                <tr>
                  <th scope="col" />
                  <th scope="col">{w('read')}</th>
                  <th scope="col">{w('write')}</th>
                </tr>
              </thead>
              <tbody>
                <For each={directoryTypes}>
                  {(type) => (
                    <tr>
                      <th scope="row">{typeWords(type)}</th>
                      <td><input type="checkbox" name="scope" value={`system/${type}.read`} aria-label={`${typeWords(type)}: ${w('read')}`} /></td>
                      <td><input type="checkbox" name="scope" value={`system/${type}.write`} aria-label={`${typeWords(type)}: ${w('write')}`} /></td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </fieldset>
          <Show when={error()}>
            <p class="error" role="alert">{error()}</p>
          </Show>
          <button type="submit">{w('create')}</button>
        </form>
      </Dialog>

      <Dialog open={!!issued()} title={w('secretTitle', { name: issued()?.name ?? '' })} onClose={() => setIssued()}>
        <p>{w('secretOnce')}</p>
        <Field label={w('clientId')} name="clientId" id="c-id" readOnly value={issued()?.clientId ?? ''} onFocus={(e) => e.currentTarget.select()} />
        <Field label={w('clientSecret')} name="clientSecret" id="c-secret" readOnly value={issued()?.clientSecret ?? ''} onFocus={(e) => e.currentTarget.select()} />
        <Field label={w('tokenUrl')} name="tokenUrl" id="c-url" readOnly value={new URL(issued()?.tokenUrl ?? '/oauth/token', location.origin).toString()} onFocus={(e) => e.currentTarget.select()} />
        <button onClick={() => setIssued()}>{w('done')}</button>
      </Dialog>

      <Dialog open={!!confirming()} title={confirming()?.action === 'revoke' ? w('revoke') : w('rotate')} onClose={() => setConfirming()}>
        <p>{w(confirming()?.action === 'revoke' ? 'confirmRevoke' : 'confirmRotate', { name: confirming()?.client.name ?? '' })}</p>
        <button onClick={() => act(confirming()!.client, confirming()!.action)}>{w('yes')}</button>{' '}
        <button class="secondary" onClick={() => setConfirming()}>{w('no')}</button>
      </Dialog>
    </section>
  )
}
