import type { ColumnDef } from '@tanstack/solid-table'
import { createSignal, For, Show } from 'solid-js'
import { tenantRoles } from '../../../functions/core/auth/roles'
import { DataTable, type Page } from '../components/DataTable'
import { Field, fieldErrors } from '../components/Field'
import { InvitationLink } from '../components/InvitationLink'
import { api, ApiError, newIdempotencyKey, pageUrl } from '../lib/api'
import { t } from '../lib/i18n'
import { label } from '../lib/labels'
import { session } from '../lib/session'

type Member = { userId: string; name: string; email: string; role: string; version: number }

export function Users() {
  const [errors, setErrors] = createSignal<Record<string, string>>({})
  const [link, setLink] = createSignal('')
  const [reload, setReload] = createSignal(0)
  const [message, setMessage] = createSignal('')
  const run = async (work: () => Promise<unknown>) => {
    try {
      await work()
      setMessage(t('saved'))
    } catch (err) {
      setMessage(err instanceof ApiError ? err.problem.detail : String(err))
    }
    setReload(reload() + 1)
  }
  const changeRole = (m: Member, role: string) => run(() => api('PATCH', `/api/v1/users/${m.userId}`, { body: { role }, ifMatch: m.version }))
  const remove = (m: Member) => confirm(`${t('remove')}: ${m.email}?`) && run(() => api('DELETE', `/api/v1/users/${m.userId}`))
  const self = (m: Member) => m.userId === session()?.user.id
  const columns: ColumnDef<Member, any>[] = [
    { accessorKey: 'name', header: t('name') },
    { accessorKey: 'email', header: t('email') },
    {
      accessorKey: 'role',
      header: t('role'),
      cell: (c) => (
        <select aria-label={`${t('role')}: ${c.row.original.email}`} disabled={self(c.row.original)} onChange={(e) => changeRole(c.row.original, e.currentTarget.value)}>
          <For each={tenantRoles}>{(r) => <option value={r} selected={r === c.row.original.role}>{label('role', r)}</option>}</For>
        </select>
      ),
    },
    { id: 'actions', header: '', cell: (c) => <Show when={!self(c.row.original)}><button class="link" onClick={() => remove(c.row.original)}>{t('remove')}</button></Show> },
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
      <Show when={message()}>
        <p class="notice" role="status">{message()}</p>
      </Show>
      <DataTable label={t('users')} columns={columns} reloadKey={reload} fetchPage={(cursor) => api<Page<Member>>('GET', pageUrl('/api/v1/users?limit=50', cursor))} />
      <h2>{t('inviteUser')}</h2>
      <form class="inline" onSubmit={add}>
        <Field label={t('email')} name="email" type="email" required error={errors().email} />
        <div class="field">
          <label for="f-role">{t('role')}</label>
          <select id="f-role" name="role">
            <For each={tenantRoles.slice(1).concat(tenantRoles[0])}>{(r) => <option value={r}>{label('role', r)}</option>}</For>
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
