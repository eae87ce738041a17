import type { ColumnDef } from '@tanstack/solid-table'
import { createResource, createSignal, For, Show } from 'solid-js'
import { stages, TenantCreate } from '../../../functions/core/tenant/schema'
import { countryLabel, CountrySelect } from '../components/CountrySelect'
import { CountryExport, countryExportTitle } from '../components/CountryExport'
import { DataTable, type Page } from '../components/DataTable'
import { Dialog } from '../components/Dialog'
import { Field, Label, RequiredLegend, SelectField } from '../components/Field'
import { InvitationLink } from '../components/InvitationLink'
import { JobFile } from '../components/JobFile'
import { JobProgress, type Job } from '../components/JobProgress'
import { Invitations } from '../components/Invitations'
import { api, ApiError, newIdempotencyKey, pageUrl } from '../lib/api'
import { t } from '../lib/i18n'
import { label, optionsOf } from '../lib/labels'
import { errorText, fieldIssues, problemFields } from '../lib/problems'
import { hasRole } from '../lib/session'
import { count, words } from '../lib/words'

type Tenant = { id: string; name: string; partnerId: string; stage: string; status: string; languages: string[]; population: { year: number; value: number }[]; version: number; offboardJobId?: string }
type Partner = { id: string; name: string }

const languageNames: Record<string, string> = { en: 'English', fr: 'Français', pt: 'Português', es: 'Español', ar: 'العربية', sw: 'Kiswahili' }

const w = words({
  en: {
    country: 'Country',
    ministry: 'Ministry (as it is named)',
    partner: 'Supporting partner',
    languages: 'Languages of the console',
    languagesHint: 'The first is the language the console opens in for this country’s users.',
    population: 'Population',
    year: 'Census or estimate year',
    status_active: 'active',
    status_suspended: 'suspended',
    status_offboarded: 'offboarded',
    provisioned: '{name} is ready. Now invite its first ministry admin.',
    inviteTitle: 'Invite the first ministry admin of {name}',
    inviteText: 'There is no email here: you will get a one-time link to pass on. Once the ministry has its admin, they invite everyone else.',
    suspend: 'Suspend',
    resume: 'Resume',
    offboard: 'Offboard',
    suspendTitle: 'Suspend {name}?',
    suspendText: 'Every user of {name} ({id}) loses access at once, until the country is resumed. Nothing is deleted.',
    resumeTitle: 'Resume {name}?',
    resumeText: 'The users of {name} ({id}) get their access back.',
    offboardTitle: 'Offboard {name}?',
    offboardText: 'The country’s data is exported, then deleted from the platform. This cannot be undone. Type {id} to confirm.',
    typeCode: 'Country code',
    offboardStarted: 'Offboarding of {name} has started; it runs in the background.',
    offboarded: '{name} is offboarded: its data was exported, then deleted from the platform with its files.',
    edit: 'Settings',
    editTitle: 'Settings of {name}',
    invitations: 'Invitations to {name}',
    manage: 'Invitations',
    done: 'Done.',
    export: 'Export',
    copy: 'Its copy',
    copyTitle: '{name}: the copy handed back',
    copyText: 'Everything {name} held when it was offboarded, exported just before its data was deleted: one record per line (JSON Lines). It is the country’s copy to hand back to its ministry.',
    copyKept: 'The platform keeps this file until it deletes it once handed over: it does not expire on its own. Only the platform’s administrators can download it; each download is written in the platform’s audit log.',
    copyGone: 'This copy is no longer kept: it was deleted from the platform after it was handed over.',
    close: 'Close',
  },
  fr: {
    country: 'Pays',
    ministry: 'Ministère (tel qu’il se nomme)',
    partner: 'Partenaire d’appui',
    languages: 'Langues de la console',
    languagesHint: 'La première est la langue dans laquelle la console s’ouvre pour les utilisateurs de ce pays.',
    population: 'Population',
    year: 'Année du recensement ou de l’estimation',
    status_active: 'actif',
    status_suspended: 'suspendu',
    status_offboarded: 'retiré',
    provisioned: '{name} est prêt. Invitez maintenant son premier administrateur du ministère.',
    inviteTitle: 'Inviter le premier administrateur du ministère de {name}',
    inviteText: 'Il n’y a pas de courriel ici : vous obtiendrez un lien à usage unique à transmettre. Une fois l’administrateur en place, c’est lui qui invite les autres.',
    suspend: 'Suspendre',
    resume: 'Réactiver',
    offboard: 'Retirer',
    suspendTitle: 'Suspendre {name} ?',
    suspendText: 'Tous les utilisateurs de {name} ({id}) perdent l’accès immédiatement, jusqu’à la réactivation. Rien n’est supprimé.',
    resumeTitle: 'Réactiver {name} ?',
    resumeText: 'Les utilisateurs de {name} ({id}) retrouvent leur accès.',
    offboardTitle: 'Retirer {name} ?',
    offboardText: 'Les données du pays sont exportées, puis supprimées de la plateforme. C’est irréversible. Tapez {id} pour confirmer.',
    typeCode: 'Code du pays',
    offboardStarted: 'Le retrait de {name} a commencé ; il se poursuit en arrière-plan.',
    offboarded: '{name} est retiré : ses données ont été exportées, puis supprimées de la plateforme avec ses fichiers.',
    edit: 'Paramètres',
    editTitle: 'Paramètres de {name}',
    invitations: 'Invitations pour {name}',
    manage: 'Invitations',
    done: 'Fait.',
    export: 'Exporter',
    copy: 'Sa copie',
    copyTitle: '{name} : la copie à remettre',
    copyText: 'Tout ce que {name} conservait au moment de son retrait, exporté juste avant la suppression de ses données : un enregistrement par ligne (JSON Lines). C’est la copie du pays, à remettre à son ministère.',
    copyKept: 'La plateforme conserve ce fichier jusqu’à ce qu’elle le supprime, une fois remis : il n’expire pas de lui-même. Seuls les administrateurs de la plateforme peuvent le télécharger ; chaque téléchargement est inscrit au journal d’audit de la plateforme.',
    copyGone: 'Cette copie n’est plus conservée : elle a été supprimée de la plateforme après avoir été remise.',
    close: 'Fermer',
  },
  pt: {
    country: 'País',
    ministry: 'Ministério (como se designa)',
    partner: 'Parceiro de apoio',
    languages: 'Idiomas da consola',
    languagesHint: 'O primeiro é o idioma em que a consola abre para os utilizadores deste país.',
    population: 'População',
    year: 'Ano do censo ou da estimativa',
    status_active: 'ativo',
    status_suspended: 'suspenso',
    status_offboarded: 'retirado',
    provisioned: '{name} está pronto. Convide agora o seu primeiro administrador do ministério.',
    inviteTitle: 'Convidar o primeiro administrador do ministério de {name}',
    inviteText: 'Não há e-mail aqui: receberá uma ligação de utilização única para transmitir. Depois de o ministério ter o seu administrador, é ele quem convida os restantes.',
    suspend: 'Suspender',
    resume: 'Reativar',
    offboard: 'Retirar',
    suspendTitle: 'Suspender {name}?',
    suspendText: 'Todos os utilizadores de {name} ({id}) perdem o acesso de imediato, até à reativação. Nada é apagado.',
    resumeTitle: 'Reativar {name}?',
    resumeText: 'Os utilizadores de {name} ({id}) recuperam o acesso.',
    offboardTitle: 'Retirar {name}?',
    offboardText: 'Os dados do país são exportados e depois apagados da plataforma. Não pode ser anulado. Escreva {id} para confirmar.',
    typeCode: 'Código do país',
    offboardStarted: 'A retirada de {name} começou; decorre em segundo plano.',
    offboarded: '{name} foi retirado: os seus dados foram exportados e depois apagados da plataforma, com os seus ficheiros.',
    edit: 'Definições',
    editTitle: 'Definições de {name}',
    invitations: 'Convites para {name}',
    manage: 'Convites',
    done: 'Feito.',
    export: 'Exportar',
    copy: 'A sua cópia',
    copyTitle: '{name}: a cópia a entregar',
    copyText: 'Tudo o que {name} guardava quando foi retirado, exportado logo antes de os seus dados serem apagados: um registo por linha (JSON Lines). É a cópia do país, a entregar ao seu ministério.',
    copyKept: 'A plataforma guarda este ficheiro até o apagar, depois de entregue: não expira por si. Só os administradores da plataforma o podem descarregar; cada descarga fica no registo de auditoria da plataforma.',
    copyGone: 'Esta cópia já não é guardada: foi apagada da plataforma depois de entregue.',
    close: 'Fechar',
  },
})

/** The settings a partner sets at provisioning and may change later: stage, languages, population. */
function TenantFields(props: { values: Record<string, string>; set: (k: string, v: string) => void; errors: Record<string, string> }) {
  const langs = () => (props.values.languages ?? 'en').split(',').filter(Boolean)
  const toggle = (l: string, on: boolean) => props.set('languages', (on ? [...langs(), l] : langs().filter((x) => x !== l)).join(','))
  return (
    <>
      <SelectField id="t-stage" label={t('stage')} noEmpty value={props.values.stage ?? 'development'} options={optionsOf('stage', stages)} onChange={(v) => props.set('stage', v)} error={props.errors.stage} />
      <fieldset class="field languages">
        <legend>{w('languages')}</legend>
        <For each={Object.keys(languageNames)}>
          {(l) => (
            <label>
              <input type="checkbox" checked={langs().includes(l)} onChange={(e) => toggle(l, e.currentTarget.checked)} /> {languageNames[l]}
            </label>
          )}
        </For>
        <span class="muted hint">{w('languagesHint')}</span>
        <Show when={props.errors.languages}>
          <span class="field-error">{props.errors.languages}</span>
        </Show>
      </fieldset>
      <Field id="t-year" name="year" label={w('year')} type="number" min="1950" max="2100" value={props.values.year ?? ''} onInput={(e) => props.set('year', e.currentTarget.value)} error={props.errors.population} />
      <Field id="t-population" name="population" label={w('population')} type="number" min="1" value={props.values.population ?? ''} onInput={(e) => props.set('population', e.currentTarget.value)} />
    </>
  )
}

const settingsBody = (v: Record<string, string>) => ({
  stage: v.stage || 'development',
  languages: (v.languages || 'en').split(',').filter(Boolean),
  population: v.year && v.population ? [{ year: Number(v.year), value: Number(v.population) }] : [],
})

/** An offboarded country's row: for the platform, the copy its offboarding kept to hand back. */
function OffboardedActions(props: { tenant: Tenant; show: () => void }) {
  return (
    <Show when={hasRole('platform-admin') && props.tenant.status === 'offboarded' && props.tenant.offboardJobId}>
      <span class="row-actions">
        <button type="button" class="link" onClick={props.show} aria-label={`${w('copy')}: ${props.tenant.name}`}>{w('copy')}</button>
      </span>
    </Show>
  )
}

/** The offboarding's own export (the job named on the tombstone): what it holds, how long it is kept, the file. */
function OffboardedCopy(props: { tenant: Tenant }) {
  const [job] = createResource(() => props.tenant.offboardJobId, (id) => api<Job>('GET', `/api/v1/jobs/${id}`))
  return (
    <>
      <p>{w('copyText', { name: props.tenant.name })}</p>
      <p class="muted">{w('copyKept')}</p>
      <Show when={job.state === 'ready' && job()} fallback={<p class="muted" role="status">{job.state === 'errored' ? errorText(job.error) : t('loading')}</p>}>
        {(j) => <JobFile job={j()} gone={w('copyGone')} />}
      </Show>
    </>
  )
}

export function Countries() {
  const [reload, setReload] = createSignal(0)
  const [errors, setErrors] = createSignal<Record<string, string>>({})
  const [message, setMessage] = createSignal('')
  const [link, setLink] = createSignal('')
  const [form, setForm] = createSignal<Record<string, string>>({ stage: 'development', languages: 'en', year: String(new Date().getFullYear()) })
  const [dialog, setDialog] = createSignal<{ kind: 'invite' | 'suspend' | 'resume' | 'offboard' | 'edit'; tenant: Tenant } | null>(null)
  const [dialogValues, setDialogValues] = createSignal<Record<string, string>>({})
  const [dialogErrors, setDialogErrors] = createSignal<Record<string, string>>({})
  const [shown, setShown] = createSignal<Tenant | null>(null)
  const [offboarding, setOffboarding] = createSignal<{ job: Job; name: string } | undefined>()
  // a country's export or an offboarded country's copy: panels of their own, outside the form dialog
  const [panel, setPanel] = createSignal<{ kind: 'export' | 'copy'; tenant: Tenant } | null>(null)
  const platform = () => hasRole('platform-admin')
  const [partners] = createResource(() => platform() || undefined, () => api<Page<Partner>>('GET', '/api/v1/partners?limit=200').then((p) => p.items))
  const set = (k: string, v: string) => setForm({ ...form(), [k]: v })
  const open = (kind: 'invite' | 'suspend' | 'resume' | 'offboard' | 'edit', tenant: Tenant) => {
    setDialogErrors({})
    const latest = [...tenant.population].sort((a, b) => b.year - a.year)[0]
    setDialogValues(kind === 'edit' ? { stage: tenant.stage, languages: tenant.languages.join(','), year: String(latest?.year ?? ''), population: String(latest?.value ?? '') } : {})
    setDialog({ kind, tenant })
  }
  const close = () => setDialog(null)

  const provision = async (e: SubmitEvent) => {
    e.preventDefault()
    const v = form()
    const body: Record<string, unknown> = { id: v.id ?? '', name: (v.name ?? '').trim(), ...settingsBody(v), ...(platform() ? { partnerId: v.partnerId } : {}) }
    const check = TenantCreate.safeParse(body)
    if (!check.success) return setErrors(fieldIssues(check.error.issues, body))
    setErrors({})
    try {
      const created = await api<Tenant>('POST', '/api/v1/tenants', { body, idempotencyKey: newIdempotencyKey() })
      setMessage(w('provisioned', { name: created.name }))
      setForm({ stage: 'development', languages: 'en', year: v.year ?? '' })
      setReload(reload() + 1)
      open('invite', created)
    } catch (err) {
      if (err instanceof ApiError) setErrors({ ...problemFields(err.problem, body), form: errorText(err) })
      else setErrors({ form: errorText(err) })
    }
  }

  const act = async () => {
    const d = dialog()!
    const tn = d.tenant
    try {
      if (d.kind === 'invite') {
        const email = (dialogValues().email ?? '').trim()
        const inv = await api<{ link: string }>('POST', `/api/v1/tenants/${tn.id}/invitations`, { body: { email, role: 'ministry-admin' }, idempotencyKey: newIdempotencyKey() })
        setLink(inv.link)
        setShown(tn)
      } else if (d.kind === 'edit') {
        await api('PATCH', `/api/v1/tenants/${tn.id}`, { body: settingsBody(dialogValues()), ifMatch: tn.version })
        setMessage(w('done'))
      } else if (d.kind === 'offboard') {
        if ((dialogValues().code ?? '').trim().toUpperCase() !== tn.id) return setDialogErrors({ code: w('offboardText', { id: tn.id }) })
        setOffboarding({ job: await api<Job>('POST', `/api/v1/tenants/${tn.id}/offboard`), name: tn.name })
        setMessage(w('offboardStarted', { name: tn.name }))
      } else {
        await api('POST', `/api/v1/tenants/${tn.id}/${d.kind}`)
        setMessage(w('done'))
      }
      close()
      setReload(reload() + 1)
    } catch (err) {
      setDialogErrors(err instanceof ApiError ? { ...problemFields(err.problem, dialogValues()), form: errorText(err) } : { form: errorText(err) })
    }
  }

  const columns: ColumnDef<Tenant, any>[] = [
    { id: 'country', header: w('country'), cell: (c) => <>{countryLabel(c.row.original.id)} <span class="muted">({c.row.original.id})</span></> },
    { accessorKey: 'name', header: t('countryName') },
    { accessorKey: 'stage', header: t('stage'), cell: (c) => <>{label('stage', c.getValue() as string)}</> },
    { accessorKey: 'status', header: t('status'), cell: (c) => <span class={`badge ${c.getValue()}`}>{w(`status_${c.getValue() as 'active'}`)}</span> },
    { id: 'languages', header: w('languages'), cell: (c) => <>{c.row.original.languages.map((l) => languageNames[l] ?? l).join(', ')}</> },
    {
      id: 'population',
      header: w('population'),
      cell: (c) => {
        const p = [...c.row.original.population].sort((a, b) => b.year - a.year)[0]
        return <>{p ? `${count(p.value)} (${p.year})` : '—'}</>
      },
    },
    {
      id: 'actions',
      header: '',
      cell: (c) => (
        <Show when={hasRole('partner-admin', 'platform-admin') && c.row.original.status !== 'offboarded'} fallback={<OffboardedActions tenant={c.row.original} show={() => setPanel({ kind: 'copy', tenant: c.row.original })} />}>
          <span class="row-actions">
            <button type="button" class="link" onClick={() => open('invite', c.row.original)} aria-label={`${t('inviteAdmin')}: ${c.row.original.name}`}>{t('inviteAdmin')}</button>
            <button type="button" class="link" onClick={() => setShown(c.row.original)} aria-label={`${w('manage')}: ${c.row.original.name}`}>{w('manage')}</button>
            <button type="button" class="link" onClick={() => open('edit', c.row.original)} aria-label={`${w('edit')}: ${c.row.original.name}`}>{w('edit')}</button>
            <Show when={platform()}>
              <Show when={c.row.original.status === 'active'} fallback={<button type="button" class="link" onClick={() => open('resume', c.row.original)}>{w('resume')}</button>}>
                <button type="button" class="link" onClick={() => open('suspend', c.row.original)} aria-label={`${w('suspend')}: ${c.row.original.name}`}>{w('suspend')}</button>
              </Show>
              <Show when={c.row.original.status === 'suspended'}>
                <button type="button" class="link danger" onClick={() => open('offboard', c.row.original)} aria-label={`${w('offboard')}: ${c.row.original.name}`}>{w('offboard')}</button>
              </Show>
              <button type="button" class="link" onClick={() => setPanel({ kind: 'export', tenant: c.row.original })} aria-label={`${w('export')}: ${c.row.original.name}`}>{w('export')}</button>
            </Show>
          </span>
        </Show>
      ),
    },
  ]
  const title = () => {
    const d = dialog()
    if (!d) return ''
    const name = d.tenant.name
    return d.kind === 'invite' ? w('inviteTitle', { name }) : d.kind === 'edit' ? w('editTitle', { name }) : w(`${d.kind}Title`, { name })
  }
  return (
    <section>
      <h1>{t('countries')}</h1>
      <Show when={message()}>
        <p class="notice" role="status">{message()}</p>
      </Show>
      <Show when={offboarding()} keyed>
        {(o) => (
          // once done, the notice that it started gives way to what was done
          <JobProgress job={o.job} onFinished={(j) => (j.state === 'done' && setMessage(w('offboarded', { name: o.name })), setReload(reload() + 1))} summary={(j) => <JobFile job={j} gone={w('copyGone')} />} />
        )}
      </Show>
      <Show when={link()}>
        <InvitationLink link={link()} />
      </Show>
      <DataTable label={t('countries')} stacked columns={columns} reloadKey={reload} fetchPage={(cursor) => api<Page<Tenant>>('GET', pageUrl(`/api/v1/tenants?limit=50`, cursor))} />
      <Show when={shown()} keyed>
        {(tn) => <Invitations title={w('invitations', { name: tn.name })} list={`/api/v1/tenants/${tn.id}/invitations`} actions={`/api/v1/tenants/${tn.id}/invitations`} reloadKey={() => `${reload()}|${link()}`} />}
      </Show>
      <Show when={hasRole('partner-admin', 'platform-admin')}>
        <section class="card">
          <h2>{t('provision')}</h2>
          <form class="grid" onSubmit={provision} novalidate aria-label={t('provision')}>
            <RequiredLegend />
            <CountrySelect id="f-id" label={w('country')} required value={form().id ?? ''} onChange={(v) => set('id', v)} error={errors().id} />
            <Field id="f-name" name="name" label={w('ministry')} required value={form().name ?? ''} onInput={(e) => set('name', e.currentTarget.value)} error={errors().name} />
            <Show when={platform()}>
              <SelectField id="f-partner" label={w('partner')} required value={form().partnerId ?? ''} options={(partners() ?? []).map((p) => ({ value: p.id, label: p.name }))} onChange={(v) => set('partnerId', v)} error={errors().partnerId} />
            </Show>
            <TenantFields values={form()} set={set} errors={errors()} />
            <div class="actions">
              <button type="submit">{t('create')}</button>
            </div>
          </form>
          <Show when={errors().form}>
            <p class="error" role="alert">{errors().form}</p>
          </Show>
        </section>
      </Show>
      <Dialog open={!!panel()} title={panel()?.kind === 'copy' ? w('copyTitle', { name: panel()!.tenant.name }) : `${countryExportTitle()}: ${panel()?.tenant.name ?? ''}`} onClose={() => setPanel(null)}>
        <Show when={panel()} keyed>
          {(p) => (
            <div class="dialog-form">
              <Show when={p.kind === 'copy'} fallback={<CountryExport tenantId={p.tenant.id} name={p.tenant.name} by="platform" />}>
                <OffboardedCopy tenant={p.tenant} />
              </Show>
              <div class="dialog-actions">
                <button type="button" class="secondary" onClick={() => setPanel(null)}>{w('close')}</button>
              </div>
            </div>
          )}
        </Show>
      </Dialog>
      <Dialog open={!!dialog()} title={title()} onClose={close}>
        <form class="dialog-form" novalidate onSubmit={(e) => (e.preventDefault(), void act())} aria-label={title()}>
          <Show when={dialog()?.kind === 'invite'}>
            <p>{w('inviteText')}</p>
            <Field id="d-email" name="email" type="email" label={t('email')} required value={dialogValues().email ?? ''} onInput={(e) => setDialogValues({ ...dialogValues(), email: e.currentTarget.value })} error={dialogErrors().email} />
          </Show>
          <Show when={dialog()?.kind === 'edit'}>
            <TenantFields values={dialogValues()} set={(k, v) => setDialogValues({ ...dialogValues(), [k]: v })} errors={dialogErrors()} />
          </Show>
          <Show when={dialog()?.kind === 'suspend' || dialog()?.kind === 'resume'}>
            <p>{w(dialog()?.kind === 'suspend' ? 'suspendText' : 'resumeText', { name: dialog()!.tenant.name, id: dialog()!.tenant.id })}</p>
          </Show>
          <Show when={dialog()?.kind === 'offboard'}>
            <p>{w('offboardText', { id: dialog()!.tenant.id })}</p>
            <div class="field">
              <Label for="d-code" text={w('typeCode')} required />
              <input id="d-code" autocomplete="off" value={dialogValues().code ?? ''} onInput={(e) => setDialogValues({ ...dialogValues(), code: e.currentTarget.value })} />
            </div>
          </Show>
          <Show when={dialogErrors().form}>
            <p class="error" role="alert">{dialogErrors().form}</p>
          </Show>
          <div class="dialog-actions">
            <button type="submit" classList={{ warn: ['suspend', 'offboard'].includes(dialog()?.kind ?? '') }}>
              {{ invite: t('invite'), edit: t('save'), suspend: w('suspend'), resume: w('resume'), offboard: w('offboard') }[dialog()?.kind ?? 'edit']}
            </button>
            <button type="button" class="secondary" onClick={close}>{t('cancel')}</button>
          </div>
        </form>
      </Dialog>
    </section>
  )
}
