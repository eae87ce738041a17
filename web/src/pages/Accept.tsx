import { createResource, createSignal, Show } from 'solid-js'
import { api, ApiError } from '../lib/api'
import { t } from '../lib/i18n'
import { label } from '../lib/labels'
import { navigate, searchParam } from '../lib/router'
import { setSession, type Session } from '../lib/session'
import { Field, fieldErrors } from '../components/Field'

type Preview = { email: string; role: string; scopeName: string; existingUser: boolean }

export function Accept() {
  const token = searchParam('token') ?? ''
  const [preview] = createResource(() => api<Preview>('POST', '/api/v1/auth/invitations/preview', { auth: false, body: { token } }))
  const [errors, setErrors] = createSignal<Record<string, string>>({})
  const [error, setError] = createSignal('')
  const submit = async (e: SubmitEvent) => {
    e.preventDefault()
    const form = new FormData(e.currentTarget as HTMLFormElement)
    try {
      const s = await api<Session>('POST', '/api/v1/auth/invitations/accept', {
        auth: false,
        body: { token, name: form.get('name'), password: form.get('password') },
      })
      setSession(s)
      navigate('/')
    } catch (err) {
      if (!(err instanceof ApiError)) return setError('The service cannot be reached')
      setErrors(fieldErrors(err.problem.errors))
      setError(err.problem.detail)
    }
  }
  return (
    <main class="narrow">
      <h1>{t('acceptTitle')}</h1>
      <Show when={preview.error}>
        <p class="error" role="alert">{(preview.error as Error).message}</p>
      </Show>
      <Show when={preview()}>
        {(p) => (
          <form onSubmit={submit}>
            <p>
              <strong>{p().email}</strong> — {label('role', p().role)}, {p().scopeName}
            </p>
            <Field label={t('name')} name="name" required error={errors().name} />
            <Field label={t('password')} name="password" type="password" autocomplete="new-password" required minLength={p().existingUser ? 1 : 10} error={errors().password} />
            <Show when={error()}>
              <p class="error" role="alert">{error()}</p>
            </Show>
            <button type="submit">{t('accept')}</button>
          </form>
        )}
      </Show>
    </main>
  )
}
