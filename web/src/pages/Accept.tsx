import { createResource, createSignal, Show } from 'solid-js'
import { api, ApiError } from '../lib/api'
import { t } from '../lib/i18n'
import { label } from '../lib/labels'
import { errorText, problemText } from '../lib/problems'
import { navigate, searchParam } from '../lib/router'
import { session, setSession, type Session } from '../lib/session'
import { Field, fieldErrors } from '../components/Field'

type Preview = { email: string; role: string; scopeName: string }

/**
 * An invitation link. The API does not say whether the email has an account (the inviter holds the link
 * too), so the page offers both: a new account (created, then signed in with the invitation), or signing in
 * to an existing one with the invitation. Signed in already as the invited email: the role is added.
 */
export function Accept() {
  const token = searchParam('token') ?? ''
  const [preview] = createResource(() => api<Preview>('POST', '/api/v1/auth/invitations/preview', { auth: false, body: { token } }))
  const [existing, setExisting] = createSignal(false)
  const [errors, setErrors] = createSignal<Record<string, string>>({})
  const [error, setError] = createSignal('')
  const [busy, setBusy] = createSignal(false)
  const signedInAsInvitee = () => session()?.user.email === preview()?.email

  const run = async (work: () => Promise<Session>, wrongPassword: string) => {
    setBusy(true)
    setError('')
    try {
      setSession(await work())
      navigate('/')
    } catch (err) {
      if (!(err instanceof ApiError)) return setError(t('unreachable'))
      setErrors(fieldErrors(err.problem.errors))
      setError(err.problem.code === 'auth.invalid_credentials' ? wrongPassword : problemText(err.problem))
    } finally {
      setBusy(false)
    }
  }
  const signIn = (email: string, password: FormDataEntryValue | null) =>
    api<Session>('POST', '/api/v1/auth/login', { auth: false, body: { email, password, invitation: token } })

  const submit = (e: SubmitEvent) => {
    e.preventDefault()
    const form = new FormData(e.currentTarget as HTMLFormElement)
    const email = preview()!.email
    const password = form.get('password')
    if (existing()) return run(() => signIn(email, password), t('acceptWrongPassword'))
    return run(async () => {
      await api('POST', '/api/v1/auth/invitations/accept', { auth: false, body: { token, name: form.get('name'), password } })
      return signIn(email, password)
    }, t('acceptHadAccount'))
  }
  const join = () => run(() => api<Session>('POST', '/api/v1/auth/invitations/join', { body: { token } }), t('acceptWrongPassword'))

  return (
    <main class="narrow">
      <h1>{t('acceptTitle')}</h1>
      <Show when={preview.error}>
        <p class="error" role="alert">{errorText(preview.error)}</p>
      </Show>
      <Show when={preview()}>
        {(p) => (
          <>
            <p>
              <strong>{p().email}</strong> — {label('role', p().role)}, {p().scopeName}
            </p>
            <Show
              when={!signedInAsInvitee()}
              fallback={
                <button type="button" disabled={busy()} onClick={join}>
                  {t('acceptAddRole')}
                </button>
              }
            >
              <form onSubmit={submit}>
                <Show when={!existing()}>
                  <Field label={t('name')} name="name" required error={errors().name} />
                </Show>
                <Field
                  label={t('password')}
                  name="password"
                  type="password"
                  autocomplete={existing() ? 'current-password' : 'new-password'}
                  required
                  minLength={existing() ? 1 : 10}
                  error={errors().password}
                />
                <Show when={error()}>
                  <p class="error" role="alert">{error()}</p>
                </Show>
                <button type="submit" disabled={busy()}>{existing() ? t('acceptSignIn') : t('accept')}</button>
                <button type="button" class="link" onClick={() => (setExisting(!existing()), setError(''))}>
                  {existing() ? t('acceptNewAccount') : t('acceptHaveAccount')}
                </button>
              </form>
            </Show>
          </>
        )}
      </Show>
    </main>
  )
}
