import type { ColumnDef } from '@tanstack/solid-table'
import { createSignal, Show } from 'solid-js'
import { DataTable, type Page } from '../components/DataTable'
import { Field, fieldErrors } from '../components/Field'
import { InvitationLink } from '../components/InvitationLink'
import { pageUrl, api, ApiError, newIdempotencyKey } from '../lib/api'
import { t } from '../lib/i18n'
import { label } from '../lib/labels'
import { hasRole } from '../lib/session'

type Tenant = { id: string; name: string; stage: string; status: string; languages: string[] }

export function Countries() {
  const [reload, setReload] = createSignal(0)
  const [errors, setErrors] = createSignal<Record<string, string>>({})
  const [message, setMessage] = createSignal('')
  const [link, setLink] = createSignal('')
  const invite = async (tenantId: string) => {
    const email = prompt(t('email'))
    if (!email) return
    try {
      const inv = await api<{ link: string }>('POST', `/api/v1/tenants/${tenantId}/invitations`, { body: { email, role: 'ministry-admin' }, idempotencyKey: newIdempotencyKey() })
      setLink(inv.link)
    } catch (err) {
      setMessage(err instanceof ApiError ? err.problem.detail : String(err))
    }
  }
  const columns: ColumnDef<Tenant, any>[] = [
    { accessorKey: 'id', header: 'ISO' },
    { accessorKey: 'name', header: t('countryName') },
    { accessorKey: 'stage', header: t('stage'), cell: (c) => label('stage', c.getValue() as string) },
    { accessorKey: 'status', header: t('status') },
    {
      id: 'actions',
      header: '',
      cell: (ctx) => (
        <Show when={hasRole('partner-admin', 'platform-admin')}>
          <button class="link" onClick={() => invite(ctx.row.original.id)}>{t('inviteAdmin')}</button>
        </Show>
      ),
    },
  ]
  const provision = async (e: SubmitEvent) => {
    e.preventDefault()
    const formEl = e.currentTarget as HTMLFormElement
    const form = new FormData(formEl)
    setErrors({})
    try {
      await api('POST', '/api/v1/tenants', { body: { id: String(form.get('id')).toUpperCase(), name: form.get('name') }, idempotencyKey: newIdempotencyKey() })
      formEl.reset()
      setReload(reload() + 1)
    } catch (err) {
      if (err instanceof ApiError) {
        setErrors(fieldErrors(err.problem.errors))
        setMessage(err.problem.detail)
      }
    }
  }
  return (
    <section>
      <h1>{t('countries')}</h1>
      <Show when={link()}>
        <InvitationLink link={link()} />
      </Show>
      <Show when={message()}>
        <p class="error" role="alert">{message()}</p>
      </Show>
      <DataTable label={t('countries')} columns={columns} reloadKey={reload} fetchPage={(cursor) => api<Page<Tenant>>('GET', pageUrl(`/api/v1/tenants?limit=50`, cursor))} />
      <Show when={hasRole('partner-admin')}>
        <h2>{t('provision')}</h2>
        <form class="inline" onSubmit={provision}>
          <Field label={t('countryCode')} name="id" maxLength={3} required error={errors().id} />
          <Field label={t('countryName')} name="name" required error={errors().name} />
          <button type="submit">{t('create')}</button>
        </form>
      </Show>
    </section>
  )
}
