import { createSignal, Show } from 'solid-js'
import { api } from '../lib/api'
import { errorText } from '../lib/problems'
import { t } from '../lib/i18n'
import { navigate } from '../lib/router'
import { setSession, type Session } from '../lib/session'
import { Field } from '../components/Field'

export function Login() {
  const [error, setError] = createSignal('')
  const [busy, setBusy] = createSignal(false)
  const submit = async (e: SubmitEvent) => {
    e.preventDefault()
    const form = new FormData(e.currentTarget as HTMLFormElement)
    setBusy(true)
    setError('')
    try {
      const s = await api<Session>('POST', '/api/v1/auth/login', { auth: false, body: { email: form.get('email'), password: form.get('password') } })
      setSession(s)
      navigate('/')
    } catch (err) {
      // the API's words are English; the reader's come from the problem's code (wrong password, too many tries)
      setError(errorText(err))
    } finally {
      setBusy(false)
    }
  }
  return (
    <main class="narrow">
      <h1>{t('appName')}</h1>
      <p class="muted">{t('tagline')}</p>
      <form onSubmit={submit} aria-label={t('signIn')}>
        <Field label={t('email')} name="email" type="email" autocomplete="username" required />
        <Field label={t('password')} name="password" type="password" autocomplete="current-password" required />
        <Show when={error()}>
          <p class="error" role="alert">{error()}</p>
        </Show>
        <button type="submit" disabled={busy()}>{t('signIn')}</button>
      </form>
    </main>
  )
}
