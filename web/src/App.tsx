import { ErrorBoundary, For, lazy, Match, Show, Suspense, Switch, type JSX } from 'solid-js'
import { dictionaries, lang, setLang, t, type Lang } from './lib/i18n'
import { navigate, pathname } from './lib/router'
import { hasRole, session } from './lib/session'
import { Home } from './pages/Home'
import { Login } from './pages/Login'
import { Outbox } from './components/Outbox'
import { PageError } from './components/PageError'
import { RoleSwitch } from './components/RoleSwitch'
import { words } from './lib/words'
import { figureNav, readsFigures, readsPeers, readsShared } from './lib/figure-nav'

const nav = words({
  en: { partners: 'Partners', donors: 'Donors', skip: 'Skip to the page', imports: 'Import', menu: 'Main menu' },
  fr: { partners: 'Partenaires', donors: 'Bailleurs', skip: 'Aller au contenu', imports: 'Importer', menu: 'Menu principal' },
  pt: { partners: 'Parceiros', donors: 'Doadores', skip: 'Ir para o conteúdo', imports: 'Importar', menu: 'Menu principal' },
})
const partnersLabel = () => nav('partners')
const donorsLabel = () => nav('donors')
import { SignOut } from './components/SignOut'

// each page loads its own code when first opened: the first download is the shell, sign-in and home
const page = <K extends string>(load: () => Promise<Record<K, () => JSX.Element>>, name: K) => lazy(() => load().then((m) => ({ default: m[name] })))
const Accept = page(() => import('./pages/Accept'), 'Accept')
const Audit = page(() => import('./pages/Audit'), 'Audit')
const Clients = page(() => import('./pages/Clients'), 'Clients')
const Countries = page(() => import('./pages/Countries'), 'Countries')
const Users = page(() => import('./pages/Users'), 'Users')
const Cadres = page(() => import('./pages/Cadres'), 'Cadres')
const OrgUnits = page(() => import('./pages/OrgUnits'), 'OrgUnits')
const Settings = page(() => import('./pages/Settings'), 'Settings')
const Workers = page(() => import('./pages/Workers'), 'Workers')
const Imports = page(() => import('./pages/Imports'), 'Imports')
const WorkerForm = lazy(() => import('./pages/WorkerForm').then((m) => ({ default: m.WorkerForm })))
const WorkerProfile = lazy(() => import('./pages/WorkerProfile').then((m) => ({ default: m.WorkerProfile })))
const WorkerMerge = lazy(() => import('./pages/WorkerMerge').then((m) => ({ default: m.WorkerMerge })))
const UnitPage = lazy(() => import('./pages/UnitPage').then((m) => ({ default: m.UnitPage })))
const Organisations = lazy(() => import('./pages/Organisations').then((m) => ({ default: m.Organisations })))
const Indicators = page(() => import('./pages/Indicators'), 'Indicators')
const Sharing = page(() => import('./pages/Sharing'), 'Sharing')
const Shared = lazy(() => import('./pages/Shared').then((m) => ({ default: m.Shared })))
const Populations = page(() => import('./pages/Populations'), 'Populations')

const languageNames: Record<Lang, string> = { en: 'English', fr: 'Français', pt: 'Português' }

function NavLink(props: { to: string; children: JSX.Element }) {
  return (
    <a href={props.to} aria-current={pathname() === props.to ? 'page' : undefined} onClick={(e) => (e.preventDefault(), navigate(props.to))}>
      {props.children}
    </a>
  )
}

const workerPath = () => /^\/workers\/(wrk_[0-9a-z]{26})(\/edit|\/merge)?$/.exec(pathname())
const unitPath = () => /^\/org-units\/((?:ou|fac)_[0-9a-z]{26})$/.exec(pathname())

export function App() {
  return (
    <>
      <header class="bar">
        <a class="skip" href="#main" onClick={(e) => (e.preventDefault(), document.getElementById('main')?.focus())}>{nav('skip')}</a>
        <strong class="brand">{t('appName')}</strong>
        <Show when={session()}>
          <nav aria-label={nav('menu')}>
            <NavLink to="/">{t('home')}</NavLink>
            <Show when={hasRole('ministry-admin', 'registrar', 'manager', 'viewer')}>
              <NavLink to="/workers">{t('workers')}</NavLink>
              <NavLink to="/org-units">{t('orgUnits')}</NavLink>
              <NavLink to="/cadres">{t('cadres')}</NavLink>
              <Show when={hasRole('ministry-admin', 'registrar')}>
                <NavLink to="/imports">{nav('imports')}</NavLink>
              </Show>
            </Show>
            <Show when={readsFigures()}>
              <NavLink to="/indicators">{figureNav('figures')}</NavLink>
            </Show>
            <Show when={readsShared()}>
              <NavLink to="/shared">{figureNav('shared')}</NavLink>
            </Show>
            <Show when={readsPeers()}>
              <NavLink to="/other-countries">{figureNav('others')}</NavLink>
            </Show>
            <Show when={hasRole('platform-admin', 'partner-admin')}>
              <NavLink to="/countries">{t('countries')}</NavLink>
            </Show>
            <Show when={hasRole('platform-admin')}>
              <NavLink to="/partners">{partnersLabel()}</NavLink>
              <NavLink to="/donors">{donorsLabel()}</NavLink>
            </Show>
            <Show when={hasRole('ministry-admin')}>
              <NavLink to="/users">{t('users')}</NavLink>
              <NavLink to="/audit">{t('audit')}</NavLink>
              <NavLink to="/clients">{t('systems')}</NavLink>
              <NavLink to="/settings">{t('settings')}</NavLink>
              <NavLink to="/sharing">{figureNav('sharing')}</NavLink>
            </Show>
          </nav>
        </Show>
        <span class="spacer" />
        <RoleSwitch />
        <Outbox />
        <label class="lang">
          <span class="sr-only">{t('language')}</span>
          <select aria-label={t('language')} value={lang()} onChange={(e) => setLang(e.currentTarget.value as Lang)}>
            <For each={Object.keys(dictionaries) as Lang[]}>{(l) => <option value={l}>{languageNames[l]}</option>}</For>
          </select>
        </label>
        <Show when={session()}>
          <SignOut />
        </Show>
      </header>
      <main class="page" id="main" tabIndex={-1}>
        {/* a page that fails says so in words, with a way to try again, instead of loading for ever */}
        <ErrorBoundary fallback={(err, reset) => <PageError error={err} reset={reset} />}>
        <Suspense fallback={<p role="status">{t('loading')}</p>}>
        <Switch fallback={<Login />}>
          <Match when={pathname() === '/accept'}>
            <Accept />
          </Match>
          <Match when={session() && pathname() === '/workers'}>
            <Workers />
          </Match>
          <Match when={session() && pathname() === '/workers/new'}>
            <WorkerForm />
          </Match>
          <Match when={session() && workerPath()} keyed>
            {(m) => (m[2] === '/edit' ? <WorkerForm id={m[1]} /> : m[2] === '/merge' ? <WorkerMerge id={m[1]!} /> : <WorkerProfile id={m[1]!} />)}
          </Match>
          <Match when={session() && pathname() === '/partners'}>
            <Organisations kind="partners" />
          </Match>
          <Match when={session() && pathname() === '/donors'}>
            <Organisations kind="donors" />
          </Match>
          <Match when={session() && unitPath()} keyed>
            {(m) => <UnitPage id={m[1]!} />}
          </Match>
          <Match when={session() && pathname() === '/org-units'}>
            <OrgUnits />
          </Match>
          <Match when={session() && pathname() === '/imports'}>
            <Imports />
          </Match>
          <Match when={session() && pathname() === '/cadres'}>
            <Cadres />
          </Match>
          <Match when={session() && pathname() === '/settings'}>
            <Settings />
          </Match>
          <Match when={session() && pathname() === '/populations'}>
            <Populations />
          </Match>
          <Match when={session() && pathname() === '/countries'}>
            <Countries />
          </Match>
          <Match when={session() && pathname() === '/users'}>
            <Users />
          </Match>
          <Match when={session() && pathname() === '/clients'}>
            <Clients />
          </Match>
          <Match when={session() && pathname() === '/audit'}>
            <Audit />
          </Match>
          <Match when={session() && pathname() === '/indicators'}>
            <Indicators />
          </Match>
          <Match when={session() && pathname() === '/sharing'}>
            <Sharing />
          </Match>
          <Match when={session() && pathname() === '/shared'}>
            <Shared />
          </Match>
          <Match when={session() && pathname() === '/other-countries'}>
            <Shared peer />
          </Match>
          <Match when={session()}>
            <Home />
          </Match>
        </Switch>
        </Suspense>
        </ErrorBoundary>
      </main>
      <footer class="muted">
        <a href="/api/docs">{t('apiDocs')}</a>
      </footer>
    </>
  )
}
