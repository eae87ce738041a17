import { For, Match, Show, Switch, type JSX } from 'solid-js'
import { api } from './lib/api'
import { dictionaries, lang, setLang, t, type Lang } from './lib/i18n'
import { navigate, pathname } from './lib/router'
import { hasRole, session, setSession } from './lib/session'
import { Accept } from './pages/Accept'
import { Audit } from './pages/Audit'
import { Countries } from './pages/Countries'
import { Home } from './pages/Home'
import { Login } from './pages/Login'
import { Users } from './pages/Users'

const languageNames: Record<Lang, string> = { en: 'English', fr: 'Français', pt: 'Português' }

function NavLink(props: { to: string; children: JSX.Element }) {
  return (
    <a href={props.to} aria-current={pathname() === props.to ? 'page' : undefined} onClick={(e) => (e.preventDefault(), navigate(props.to))}>
      {props.children}
    </a>
  )
}

export function App() {
  const logout = async () => {
    await api('POST', '/api/v1/auth/logout').catch(() => undefined)
    setSession(null)
    navigate('/')
  }
  return (
    <>
      <header class="bar">
        <strong class="brand">{t('appName')}</strong>
        <Show when={session()}>
          <nav aria-label="main">
            <NavLink to="/">{t('home')}</NavLink>
            <Show when={hasRole('platform-admin', 'partner-admin', 'ministry-admin')}>
              <NavLink to="/countries">{t('countries')}</NavLink>
            </Show>
            <Show when={hasRole('ministry-admin')}>
              <NavLink to="/users">{t('users')}</NavLink>
              <NavLink to="/audit">{t('audit')}</NavLink>
            </Show>
          </nav>
        </Show>
        <span class="spacer" />
        <label class="lang">
          <span class="sr-only">{t('language')}</span>
          <select aria-label={t('language')} value={lang()} onChange={(e) => setLang(e.currentTarget.value as Lang)}>
            <For each={Object.keys(dictionaries) as Lang[]}>{(l) => <option value={l}>{languageNames[l]}</option>}</For>
          </select>
        </label>
        <Show when={session()}>
          <button class="link" onClick={logout}>{t('signOut')}</button>
        </Show>
      </header>
      <div class="page">
        <Switch fallback={<Login />}>
          <Match when={pathname() === '/accept'}>
            <Accept />
          </Match>
          <Match when={session() && pathname() === '/countries'}>
            <Countries />
          </Match>
          <Match when={session() && pathname() === '/users'}>
            <Users />
          </Match>
          <Match when={session() && pathname() === '/audit'}>
            <Audit />
          </Match>
          <Match when={session()}>
            <Home />
          </Match>
        </Switch>
      </div>
      <footer class="muted">
        <a href="/api/docs">{t('apiDocs')}</a>
      </footer>
    </>
  )
}
