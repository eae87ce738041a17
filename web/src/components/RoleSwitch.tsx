import { createEffect, createSignal, For, on, Show } from 'solid-js'
import { api } from '../lib/api'
import { dictionaries, langChosen, setLang, type Lang } from '../lib/i18n'
import { label } from '../lib/labels'
import { errorText } from '../lib/problems'
import { navigate } from '../lib/router'
import { session, setSession, type Membership, type Session } from '../lib/session'

const scopeKey = (scope: Membership['scope']) => `${scope.kind}:${scope.id ?? ''}`
import { words } from '../lib/words'

const w = words({
  en: { working: 'Working as', switched: 'Now working as {role} — {where}' },
  fr: { working: 'Vous travaillez comme', switched: 'Vous travaillez maintenant comme {role} — {where}' },
  pt: { working: 'A trabalhar como', switched: 'Agora a trabalhar como {role} — {where}' },
})

/**
 * The roles a person holds (a country, a partner, the platform), switchable from every page. A country's
 * console opens in the country's first language, unless the person chose a language themselves.
 */
export function RoleSwitch() {
  const [error, setError] = createSignal('')
  const memberships = () => session()?.memberships ?? []
  const current = () => (session() ? scopeKey(session()!.membership.scope) : '')
  const switchTo = async (key: string) => {
    const m = memberships().find((x) => scopeKey(x.scope) === key)
    if (!m) return
    setError('')
    try {
      setSession(await api<Session>('POST', '/api/v1/auth/switch', { body: { scope: m.scope } }))
      navigate('/')
    } catch (err) {
      setError(errorText(err))
    }
  }
  createEffect(
    on(current, async (key) => {
      const m = session()?.membership
      if (!key || !m || m.scope.kind !== 'tenant' || langChosen()) return
      const tenant = await api<{ languages: string[] }>('GET', `/api/v1/tenants/${m.scope.id}`).catch(() => undefined)
      const first = tenant?.languages.find((l) => l in dictionaries) as Lang | undefined
      if (first) setLang(first, false)
    }),
  )
  return (
    <Show when={memberships().length > 1}>
      <label class="role-switch">
        <span class="sr-only">{w('working')}</span>
        <select aria-label={w('working')} onChange={(e) => void switchTo(e.currentTarget.value)}>
          <For each={memberships()}>{(m: Membership) => <option value={scopeKey(m.scope)} selected={scopeKey(m.scope) === current()}>{label('role', m.role)} — {m.scopeName}</option>}</For>
        </select>
      </label>
      <Show when={error()}>
        <span class="error" role="alert">{error()}</span>
      </Show>
    </Show>
  )
}
