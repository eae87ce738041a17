import { createEffect, createResource, For, lazy, Match, onCleanup, Show, Suspense, Switch, type JSX } from 'solid-js'
import { actionLabel, isRead } from '../lib/actions'
import { api } from '../lib/api'
import { t } from '../lib/i18n'
import { label, when } from '../lib/labels'
import { hasRole, session } from '../lib/session'
import { navigate } from '../lib/router'
import { problemText } from '../lib/problems'
import { count, day, today, words } from '../lib/words'
import { countryLabel } from './CountrySelect'
import { figureNav, readsFigures } from '../lib/figure-nav'

// a donor's Home is the cross-country view itself, loaded with its own code (never in the first download)
const Shared = lazy(() => import('../pages/Shared').then((m) => ({ default: m.Shared })))
// a country's Home carries its workforce figures (bars by occupation and unit), Chart.js with them
const IndicatorsPanel = lazy(() => import('../pages/Indicators').then((m) => ({ default: m.IndicatorsPanel })))

const w = words({
  en: {
    workforce: 'In the workforce',
    workforceHint: 'active, on leave or suspended',
    expiring: 'Licences expired or expiring within 90 days',
    noExpiring: 'No licence expires in the next 90 days.',
    seeAll: 'See them all',
    register: 'Register a health worker',
    search: 'Find a health worker',
    invitations: 'Invitations waiting to be accepted',
    manageUsers: 'Manage users',
    recent: 'Recent changes',
    fullLog: 'Full audit log',
    jobs: 'Work in progress',
    noJobs: 'Nothing running.',
    outcome_done: 'finished on {when}',
    outcome_failed: 'stopped on {when}: {why}',
    outcome_cancelled: 'cancelled on {when}',
    running: 'Work in progress',
    countries: 'Countries you support',
    allCountries: 'Countries',
    suspended: 'suspended',
    provision: 'Provision a country',
    partners: 'Partners',
    donors: 'Donors',
    donorText: 'You see the figures countries choose to share with your organisation, never a person’s record.',
    of: '{done} of {total}',
    'job_tenant.export': 'Country export',
    'job_orgunit.move': 'Moving a unit',
    'job_tenant.offboard': 'Closing the country’s registry',
    'job_import.check': 'Checking a file to import',
    'job_import.commit': 'Importing a file',
    'job_fhir.transaction': 'Records from another system',
    'job_aggregates.rebuild': 'Recounting the workforce figures',
    'job_workers.status_index': 'Preparing the lists of workers by status',
    shared: 'Figures countries share with you',
    sharedText: 'The indicators each country you support shares, side by side.',
  },
  fr: {
    workforce: 'Dans le personnel',
    workforceHint: 'actifs, en congé ou suspendus',
    expiring: 'Licences expirées ou expirant dans les 90 jours',
    noExpiring: 'Aucune licence n’expire dans les 90 prochains jours.',
    seeAll: 'Les voir toutes',
    register: 'Enregistrer un agent de santé',
    search: 'Trouver un agent de santé',
    invitations: 'Invitations en attente',
    manageUsers: 'Gérer les utilisateurs',
    recent: 'Modifications récentes',
    fullLog: 'Journal d’audit complet',
    jobs: 'Travaux en cours',
    noJobs: 'Rien en cours.',
    outcome_done: 'terminé le {when}',
    outcome_failed: 'arrêté le {when} : {why}',
    outcome_cancelled: 'annulé le {when}',
    running: 'Travail en cours',
    countries: 'Pays que vous accompagnez',
    allCountries: 'Pays',
    suspended: 'suspendus',
    provision: 'Ajouter un pays',
    partners: 'Partenaires',
    donors: 'Bailleurs',
    donorText: 'Vous voyez les chiffres que les pays choisissent de partager avec votre organisation, jamais la fiche d’une personne.',
    of: '{done} sur {total}',
    'job_tenant.export': 'Export du pays',
    'job_orgunit.move': 'Déplacement d’une unité',
    'job_tenant.offboard': 'Fermeture du registre du pays',
    'job_import.check': 'Vérification d’un fichier à importer',
    'job_import.commit': 'Import d’un fichier',
    'job_fhir.transaction': 'Fiches d’un autre système',
    'job_aggregates.rebuild': 'Nouveau décompte des chiffres du personnel',
    'job_workers.status_index': 'Préparation des listes du personnel par statut',
    shared: 'Chiffres que les pays partagent avec vous',
    sharedText: 'Les indicateurs que partage chaque pays que vous accompagnez, côte à côte.',
  },
  pt: {
    workforce: 'Na força de trabalho',
    workforceHint: 'ativos, de licença ou suspensos',
    expiring: 'Licenças expiradas ou a expirar nos próximos 90 dias',
    noExpiring: 'Nenhuma licença expira nos próximos 90 dias.',
    seeAll: 'Ver todas',
    register: 'Registar profissional',
    search: 'Encontrar profissional',
    invitations: 'Convites por aceitar',
    manageUsers: 'Gerir utilizadores',
    recent: 'Alterações recentes',
    fullLog: 'Registo de auditoria completo',
    jobs: 'Trabalhos em curso',
    noJobs: 'Nada em curso.',
    outcome_done: 'concluído em {when}',
    outcome_failed: 'parou em {when}: {why}',
    outcome_cancelled: 'cancelado em {when}',
    running: 'Trabalho em curso',
    countries: 'Países que apoia',
    allCountries: 'Países',
    suspended: 'suspensos',
    provision: 'Adicionar um país',
    partners: 'Parceiros',
    donors: 'Doadores',
    donorText: 'Vê os números que os países decidem partilhar com a sua organização, nunca o registo de uma pessoa.',
    of: '{done} de {total}',
    'job_tenant.export': 'Exportação do país',
    'job_orgunit.move': 'Movimento de uma unidade',
    'job_tenant.offboard': 'Encerramento do registo do país',
    'job_import.check': 'Verificação de um ficheiro a importar',
    'job_import.commit': 'Importação de um ficheiro',
    'job_fhir.transaction': 'Registos de outro sistema',
    'job_aggregates.rebuild': 'Recontagem dos números da força de trabalho',
    'job_workers.status_index': 'Preparação das listas de profissionais por situação',
    shared: 'Números que os países partilham consigo',
    sharedText: 'Os indicadores que cada país que apoia partilha, lado a lado.',
  },
})

const go = (href: string, text: string) => (
  <a href={href} onClick={(e) => (e.preventDefault(), navigate(href))}>
    {text}
  </a>
)
const Tile = (props: { title: string; children: JSX.Element }) => (
  <section class="card tile">
    <h2>{props.title}</h2>
    {props.children}
  </section>
)
const soon = () => {
  const d = new Date(Date.now() + 90 * 86_400_000)
  return d.toISOString().slice(0, 10)
}
type Row = Record<string, any>
/** a job's name in words (a kind new to this console: work in progress, never its code) */
const jobName = (kind: string) => (w as (k: string) => string | undefined)(`job_${kind}`) ?? w('running')
const quiet = <T,>(p: Promise<T>) => p.catch(() => undefined)
/** how often Home reads its running jobs again while any runs */
const JOBS_POLL_MS = 3_000
/** a finished job's outcome in words: when, and for a failure why (its code's words, never the server's English) */
const outcome = (j: Row) =>
  w(`outcome_${j.state as 'done'}`, { when: when(j.finishedAt), why: problemText({ status: 500, code: j.error?.code ?? 'job.failed', detail: '' }) })

/** What a person in a country needs today: the workforce, licences to act on, and (for an admin) the team. */
function CountryHome() {
  const scoped = () => !!session()?.membership.orgUnitId
  const [stock] = createResource(() => !scoped() || undefined, () => quiet(api<{ rows: { value: number | null; level: number; occupation: string; category: string }[]; aggregates?: { appliedAt: string | null } }>('GET', '/api/v1/indicators?indicator=stock')))
  const [expiring] = createResource(() => quiet(api<{ items: Row[]; cursor: string | null }>('GET', `/api/v1/workers?licenceExpiringBefore=${soon()}&limit=8`)))
  const admin = () => hasRole('ministry-admin')
  const [invitations] = createResource(() => admin() || undefined, () => quiet(api<{ items: Row[] }>('GET', `/api/v1/tenants/${session()?.membership.scope.id}/invitations?limit=200`)))
  const [recent] = createResource(() => admin() || undefined, () => quiet(api<{ items: Row[] }>('GET', '/api/v1/audit?limit=30')))
  const [jobs, { refetch: refetchJobs }] = createResource(() => hasRole('ministry-admin', 'registrar') || undefined, () => quiet(api<{ items: Row[] }>('GET', '/api/v1/jobs?limit=20')))
  const pending = () => (invitations()?.items ?? []).filter((i) => i.status === 'pending' && i.expiresAt > new Date().toISOString())
  const running = () => (jobs()?.items ?? []).filter((j) => j.state === 'running' || j.state === 'queued')
  // read again a few seconds apart while something runs; leaving the page (or nothing left running) stops it
  let timer: ReturnType<typeof setTimeout> | undefined
  createEffect(() => {
    clearTimeout(timer)
    if (!jobs.loading && running().length) timer = setTimeout(refetchJobs, JOBS_POLL_MS)
  })
  onCleanup(() => clearTimeout(timer))
  // what finished in the last hour stays listed with its outcome, so a job seen running is not just gone
  const ended = () => (jobs()?.items ?? []).filter((j) => j.finishedAt && Date.parse(j.finishedAt) > Date.now() - 3_600_000 && ['done', 'failed', 'cancelled'].includes(j.state))
  // the national row, once the figures have been computed at least once (before that, no number is better than 0)
  const total = () => (stock()?.aggregates?.appliedAt ? (stock()!.rows.find((r) => r.level === 0 && r.occupation === '*' && r.category === '*')?.value ?? undefined) : undefined)
  return (
    <>
    <div class="tiles">
      <Show when={hasRole('ministry-admin', 'registrar', 'manager')}>
        <section class="card tile actions-tile">
          <button type="button" onClick={() => navigate('/workers/new')}>{w('register')}</button>
          <button type="button" class="secondary" onClick={() => navigate('/workers')}>{w('search')}</button>
        </section>
      </Show>
      <Show when={total() !== undefined}>
        <Tile title={w('workforce')}>
          <p class="figure">{count(total()!)}</p>
          <p class="muted">{w('workforceHint')}</p>
        </Tile>
      </Show>
      <Tile title={w('expiring')}>
        <Show when={expiring()?.items.length} fallback={<p class="muted">{expiring.loading ? t('loading') : w('noExpiring')}</p>}>
          <ul class="plain">
            <For each={expiring()!.items}>
              {(r) => (
                <li>
                  {go(`/workers/${r.id}`, `${r.familyName}, ${r.givenName}`)} — <span classList={{ error: r.licenceExpiresAt < today() }}>{day(r.licenceExpiresAt)}</span>
                </li>
              )}
            </For>
          </ul>
          <p>{go(`/workers?licenceExpiringBefore=${soon()}`, w('seeAll'))}</p>
        </Show>
      </Tile>
      <Show when={admin()}>
        <Tile title={w('invitations')}>
          <p class="figure">{count(pending().length)}</p>
          <For each={pending().slice(0, 5)}>{(i) => <p class="muted">{i.email} — {label('role', i.role)}</p>}</For>
          <p>{go('/users', w('manageUsers'))}</p>
        </Tile>
        <Tile title={w('recent')}>
          <ul class="plain">
            <For each={(recent()?.items ?? []).filter((e) => !isRead(e.action)).slice(0, 8)}>
              {(e) => (
                <li>
                  {actionLabel(e.action)} <span class="muted">— {when(e.at)}, {e.actor?.email ?? e.actor?.id}</span>
                </li>
              )}
            </For>
          </ul>
          <p>{go('/audit', w('fullLog'))}</p>
        </Tile>
      </Show>
      <Show when={hasRole('ministry-admin', 'registrar')}>
        <Tile title={w('jobs')}>
          <div class="jobs-tile" aria-live="polite">
            <Show when={running().length} fallback={<p class="muted">{w('noJobs')}</p>}>
              <ul class="plain">
                <For each={running()}>
                  {(j) => (
                    <li data-state={j.state} data-job={j.id}>
                      {jobName(j.kind)}: {j.progress.total ? w('of', { done: count(j.progress.done), total: count(j.progress.total) }) : count(j.progress.done)}
                      <progress max={j.progress.total ?? undefined} value={j.progress.done} aria-label={jobName(j.kind)} />
                    </li>
                  )}
                </For>
              </ul>
            </Show>
            <Show when={ended().length}>
              <ul class="plain">
                <For each={ended()}>
                  {(j) => (
                    <li data-state={j.state} data-job={j.id}>
                      {jobName(j.kind)} — <span classList={{ error: j.state === 'failed' }}>{outcome(j)}</span>
                    </li>
                  )}
                </For>
              </ul>
            </Show>
          </div>
        </Tile>
      </Show>
    </div>
    <Show when={readsFigures()}>
      <Suspense fallback={<p role="status">{t('loading')}</p>}>
        <IndicatorsPanel embedded />
      </Suspense>
    </Show>
    </>
  )
}

function PartnerHome() {
  const [tenants] = createResource(() => api<{ items: Row[] }>('GET', '/api/v1/tenants?limit=200').catch(() => ({ items: [] })))
  return (
    <div class="tiles">
      <Tile title={hasRole('platform-admin') ? w('allCountries') : w('countries')}>
        <p class="figure">{count(tenants()?.items.length ?? 0)}</p>
        <Show when={(tenants()?.items ?? []).some((x) => x.status === 'suspended')}>
          <p class="error">{count((tenants()?.items ?? []).filter((x) => x.status === 'suspended').length)} {w('suspended')}</p>
        </Show>
        <ul class="plain">
          <For each={(tenants()?.items ?? []).slice(0, 10)}>{(x) => <li>{countryLabel(x.id)} — {label('stage', x.stage)}</li>}</For>
        </ul>
        <p>{go('/countries', w('provision'))}</p>
      </Tile>
      <Show when={hasRole('partner-admin')}>
        <Tile title={w('shared')}>
          <p class="muted">{w('sharedText')}</p>
          <p>{go('/shared', figureNav('shared'))}</p>
        </Tile>
      </Show>
      <Show when={hasRole('platform-admin')}>
        <Tile title={w('partners')}>
          <p>{go('/partners', w('partners'))}</p>
          <p>{go('/donors', w('donors'))}</p>
        </Tile>
      </Show>
    </div>
  )
}

/** Home, by role: what this person needs today. */
export function Dashboard() {
  return (
    <Switch>
      <Match when={hasRole('ministry-admin', 'registrar', 'manager', 'viewer')}>
        <CountryHome />
      </Match>
      <Match when={hasRole('partner-admin', 'platform-admin')}>
        <PartnerHome />
      </Match>
      <Match when={hasRole('donor')}>
        <p>{w('donorText')}</p>
        <Suspense fallback={<p role="status">{t('loading')}</p>}>
          <Shared embedded />
        </Suspense>
      </Match>
    </Switch>
  )
}
