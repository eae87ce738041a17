import { For, Show } from 'solid-js'
import { Dashboard } from '../components/Dashboard'
import { api } from '../lib/api'
import { t } from '../lib/i18n'
import { label } from '../lib/labels'
import { held } from '../lib/outbox'
import { scopeKey, session, setSession, type Membership, type Session } from '../lib/session'

export function Home() {
  const switchTo = async (m: Membership) => setSession(await api<Session>('POST', '/api/v1/auth/switch', { body: { scope: m.scope } }))
  // the writes queued in that scope wait for the switch back (lib/outbox.ts binds each to its scope)
  const waiting = (m: Membership) => held().filter((o) => o.owner.scope === scopeKey(m.scope)).length
  const others = () => session()?.memberships.filter((m) => JSON.stringify(m.scope) !== JSON.stringify(session()?.membership.scope)) ?? []
  return (
    <section>
      <h1>{t('welcome')}, {session()?.user.name}</h1>
      <p>
        {t('signedInAs')} <strong>{label('role', session()?.membership.role)}</strong> — {session()?.membership.scopeName}
      </p>
      <Dashboard />
      <Show when={others().length > 0}>
        <h2>{t('switchTo')}</h2>
        <ul>
          <For each={others()}>
            {(m) => (
              <li>
                <button class="link" onClick={() => switchTo(m)}>{m.scopeName} ({label('role', m.role)})</button>
                <Show when={waiting(m)}>
                  {' '}<span class="muted">— {t('pending')}: {waiting(m)}</span>
                </Show>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </section>
  )
}
