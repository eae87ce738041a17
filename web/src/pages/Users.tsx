import type { ColumnDef } from '@tanstack/solid-table'
import { createSignal, Show } from 'solid-js'
import { DataTable, type Page } from '../components/DataTable'
import { Field, fieldErrors } from '../components/Field'
import { InvitationLink } from '../components/InvitationLink'
import { pageUrl, api, ApiError, newIdempotencyKey } from '../lib/api'
import { t } from '../lib/i18n'

type Member = { userId: string; name: string; email: string; role: string }

export function Users() {
  const [errors, setErrors] = createSignal<Record<string, string>>({})
  const [link, setLink] = createSignal('')
  const columns: ColumnDef<Member, any>[] = [
    { accessorKey: 'name', header: t('name') },
    { accessorKey: 'email', header: t('email') },
    { accessorKey: 'role', header: t('role') },
  ]
  const add = async (e: SubmitEvent) => {
    e.preventDefault()
    const formEl = e.currentTarget as HTMLFormElement
    const form = new FormData(formEl)
    setErrors({})
    try {
      const inv = await api<{ link: string }>('POST', '/api/v1/users', { body: { email: form.get('email'), role: form.get('role') }, idempotencyKey: newIdempotencyKey() })
      setLink(inv.link)
      formEl.reset()
    } catch (err) {
      if (err instanceof ApiError) setErrors({ ...fieldErrors(err.problem.errors), form: err.problem.detail })
    }
  }
  return (
    <section>
      <h1>{t('users')}</h1>
      <DataTable label={t('users')} columns={columns} fetchPage={(cursor) => api<Page<Member>>('GET', pageUrl(`/api/v1/users?limit=50`, cursor))} />
      <h2>{t('inviteUser')}</h2>
      <form class="inline" onSubmit={add}>
        <Field label={t('email')} name="email" type="email" required error={errors().email} />
        <div class="field">
          <label for="f-role">{t('role')}</label>
          <select id="f-role" name="role">
            <option value="registrar">registrar</option>
            <option value="manager">manager</option>
            <option value="viewer">viewer</option>
            <option value="ministry-admin">ministry-admin</option>
          </select>
        </div>
        <button type="submit">{t('invite')}</button>
      </form>
      <Show when={errors().form}>
        <p class="error" role="alert">{errors().form}</p>
      </Show>
      <Show when={link()}>
        <InvitationLink link={link()} />
      </Show>
    </section>
  )
}
