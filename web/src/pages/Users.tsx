import type { ColumnDef } from '@tanstack/solid-table'
import { createSignal, Show } from 'solid-js'
import { tenantRoles } from '../../../functions/core/auth/roles'
import { MemberInvite } from '../../../functions/core/user/schema'
import { DataTable, type Page } from '../components/DataTable'
import { Dialog } from '../components/Dialog'
import { Field, RequiredLegend, SelectField } from '../components/Field'
import { InvitationLink } from '../components/InvitationLink'
import { Invitations } from '../components/Invitations'
import { UnitSelect } from '../components/UnitSelect'
import { api, newIdempotencyKey, pageUrl } from '../lib/api'
import { t } from '../lib/i18n'
import { label } from '../lib/labels'
import { errorText, fieldIssues, problemFields } from '../lib/problems'
import { ApiError } from '../lib/api'
import { unitPath } from '../lib/reference'
import { session } from '../lib/session'
import { words } from '../lib/words'

type Member = { userId: string; name: string; email: string; role: string; orgUnitId?: string; version: number }
type Pending = { kind: 'role'; member: Member; role: string } | { kind: 'area'; member: Member; orgUnitId: string } | { kind: 'remove'; member: Member }

const w = words({
  en: {
    area: 'Area',
    everywhere: 'Whole country',
    areaHint: 'A district manager, or a registrar or viewer limited to part of the country, sees and changes only this unit and what lies below it.',
    adminEverywhere: 'A ministry admin always works on the whole country.',
    changeRole: 'Change the role of {name}?',
    changeRoleText: '{name} ({email}) will be {role} instead of {old}. It applies at their next sign-in or within 15 minutes.',
    changeArea: 'Change the area of {name}?',
    changeAreaText: '{name} will see and change: {area}.',
    confirmChange: 'Change',
    remove: 'Remove from the country',
    removeTitle: 'Remove {name}?',
    removeText: '{name} ({email}) loses access to this country at once. Their past changes stay in the audit log. To give access back, invite them again.',
    you: 'you',
    members: 'People with access',
    invite: 'Invite someone',
    changed: 'Changed.',
    removed: 'Removed.',
  },
  fr: {
    area: 'Zone',
    everywhere: 'Tout le pays',
    areaHint: 'Un gestionnaire de district, ou un agent ou lecteur limité à une partie du pays, ne voit et ne modifie que cette unité et ce qui en dépend.',
    adminEverywhere: 'Un administrateur du ministère travaille toujours sur tout le pays.',
    changeRole: 'Changer le rôle de {name} ?',
    changeRoleText: '{name} ({email}) sera {role} au lieu de {old}. Cela s’applique à sa prochaine connexion ou dans les 15 minutes.',
    changeArea: 'Changer la zone de {name} ?',
    changeAreaText: '{name} verra et modifiera : {area}.',
    confirmChange: 'Changer',
    remove: 'Retirer du pays',
    removeTitle: 'Retirer {name} ?',
    removeText: '{name} ({email}) perd immédiatement l’accès à ce pays. Ses modifications passées restent dans le journal d’audit. Pour lui rendre l’accès, invitez-le de nouveau.',
    you: 'vous',
    members: 'Personnes ayant accès',
    invite: 'Inviter quelqu’un',
    changed: 'Modifié.',
    removed: 'Retiré.',
  },
  pt: {
    area: 'Área',
    everywhere: 'Todo o país',
    areaHint: 'Um gestor distrital, ou um registador ou leitor limitado a parte do país, só vê e altera esta unidade e o que dela depende.',
    adminEverywhere: 'Um administrador do ministério trabalha sempre em todo o país.',
    changeRole: 'Mudar a função de {name}?',
    changeRoleText: '{name} ({email}) passa a ser {role} em vez de {old}. Aplica-se na próxima entrada ou dentro de 15 minutos.',
    changeArea: 'Mudar a área de {name}?',
    changeAreaText: '{name} verá e alterará: {area}.',
    confirmChange: 'Mudar',
    remove: 'Remover do país',
    removeTitle: 'Remover {name}?',
    removeText: '{name} ({email}) perde de imediato o acesso a este país. As alterações passadas ficam no registo de auditoria. Para devolver o acesso, convide-o de novo.',
    you: 'você',
    members: 'Pessoas com acesso',
    invite: 'Convidar alguém',
    changed: 'Alterado.',
    removed: 'Removido.',
  },
})

export function Users() {
  const tenantId = () => session()?.membership.scope.id ?? ''
  const [errors, setErrors] = createSignal<Record<string, string>>({})
  const [link, setLink] = createSignal('')
  const [reload, setReload] = createSignal(0)
  const [message, setMessage] = createSignal('')
  const [pending, setPending] = createSignal<Pending | null>(null)
  const [invite, setInvite] = createSignal<Record<string, string>>({ role: 'registrar' })
  const self = (m: Member) => m.userId === session()?.user.id
  const area = (id: string | undefined) => (id ? unitPath(id) || id : w('everywhere'))

  const apply = async () => {
    const p = pending()!
    setPending(null)
    try {
      if (p.kind === 'remove') await api('DELETE', `/api/v1/users/${p.member.userId}`)
      else await api('PATCH', `/api/v1/users/${p.member.userId}`, { body: p.kind === 'role' ? { role: p.role, ...(p.role === 'ministry-admin' ? { orgUnitId: null } : {}) } : { orgUnitId: p.orgUnitId || null }, ifMatch: p.member.version })
      setMessage(p.kind === 'remove' ? w('removed') : w('changed'))
    } catch (err) {
      setMessage(errorText(err))
    }
    setReload(reload() + 1)
  }
  const columns: ColumnDef<Member, any>[] = [
    { accessorKey: 'name', header: t('name'), cell: (c) => <>{c.row.original.name}{self(c.row.original) ? <span class="muted"> ({w('you')})</span> : ''}</> },
    { accessorKey: 'email', header: t('email') },
    {
      accessorKey: 'role',
      header: t('role'),
      cell: (c) => (
        <select aria-label={`${t('role')}: ${c.row.original.email}`} disabled={self(c.row.original)} onChange={(e) => {
          const role = e.currentTarget.value
          e.currentTarget.value = c.row.original.role // nothing changes until confirmed
          setPending({ kind: 'role', member: c.row.original, role })
        }}>
          {tenantRoles.map((r) => <option value={r} selected={r === c.row.original.role}>{label('role', r)}</option>)}
        </select>
      ),
    },
    {
      id: 'area',
      header: w('area'),
      cell: (c) => (
        <Show when={c.row.original.role !== 'ministry-admin'} fallback={<span class="muted">{w('everywhere')}</span>}>
          <details class="area">
            <summary>{area(c.row.original.orgUnitId)}</summary>
            <UnitSelect id={`area-${c.row.original.userId}`} label={`${w('area')}: ${c.row.original.email}`} pick="unit" value={c.row.original.orgUnitId ?? ''} placeholder={w('everywhere')} onChange={(v) => setPending({ kind: 'area', member: c.row.original, orgUnitId: v })} />
          </details>
        </Show>
      ),
    },
    { id: 'actions', header: '', cell: (c) => <Show when={!self(c.row.original)}><button type="button" class="link" aria-label={`${w('remove')}: ${c.row.original.email}`} onClick={() => setPending({ kind: 'remove', member: c.row.original })}>{w('remove')}</button></Show> },
  ]
  const add = async (e: SubmitEvent) => {
    e.preventDefault()
    const body: Record<string, unknown> = { email: (invite().email ?? '').trim(), role: invite().role }
    if (invite().orgUnitId && invite().role !== 'ministry-admin') body.orgUnitId = invite().orgUnitId
    const check = MemberInvite.safeParse(body)
    if (!check.success) return setErrors(fieldIssues(check.error.issues, body))
    setErrors({})
    try {
      const inv = await api<{ link: string }>('POST', '/api/v1/users', { body, idempotencyKey: newIdempotencyKey() })
      setLink(inv.link)
      setInvite({ role: invite().role ?? 'registrar' })
      setReload(reload() + 1)
    } catch (err) {
      if (err instanceof ApiError) setErrors({ ...problemFields(err.problem, body), form: errorText(err) })
      else setErrors({ form: errorText(err) })
    }
  }
  const confirmTitle = () => {
    const p = pending()
    if (!p) return ''
    return p.kind === 'role' ? w('changeRole', { name: p.member.name }) : p.kind === 'area' ? w('changeArea', { name: p.member.name }) : w('removeTitle', { name: p.member.name })
  }
  const confirmText = () => {
    const p = pending()
    if (!p) return ''
    if (p.kind === 'role') return w('changeRoleText', { name: p.member.name, email: p.member.email, role: label('role', p.role), old: label('role', p.member.role) })
    if (p.kind === 'area') return w('changeAreaText', { name: p.member.name, area: area(p.orgUnitId) })
    return w('removeText', { name: p.member.name, email: p.member.email })
  }
  return (
    <section>
      <h1>{t('users')}</h1>
      <Show when={message()}>
        <p class="notice" role="status">{message()}</p>
      </Show>
      <section class="card">
        <h2>{w('members')}</h2>
        <DataTable label={t('users')} columns={columns} reloadKey={reload} fetchPage={(cursor) => api<Page<Member>>('GET', pageUrl('/api/v1/users?limit=50', cursor))} />
      </section>
      <section class="card">
        <h2>{w('invite')}</h2>
        <form class="inline" onSubmit={add} novalidate aria-label={w('invite')}>
          <RequiredLegend />
          <Field id="f-email" label={t('email')} name="email" type="email" required value={invite().email ?? ''} onInput={(e) => setInvite({ ...invite(), email: e.currentTarget.value })} error={errors().email} />
          <SelectField id="f-role" label={t('role')} required noEmpty value={invite().role ?? 'registrar'} options={[...tenantRoles.slice(1), tenantRoles[0]].map((r) => ({ value: r, label: label('role', r) }))} onChange={(v) => setInvite({ ...invite(), role: v })} error={errors().role} />
          <Show when={invite().role !== 'ministry-admin'} fallback={<p class="muted">{w('adminEverywhere')}</p>}>
            <UnitSelect id="f-area" label={w('area')} pick="unit" value={invite().orgUnitId ?? ''} placeholder={w('everywhere')} hint={w('areaHint')} onChange={(v) => setInvite({ ...invite(), orgUnitId: v })} error={errors().orgUnitId} />
          </Show>
          <div class="actions">
            <button type="submit">{t('invite')}</button>
          </div>
        </form>
        <Show when={errors().form}>
          <p class="error" role="alert">{errors().form}</p>
        </Show>
        <Show when={link()}>
          <InvitationLink link={link()} />
        </Show>
      </section>
      <Invitations list={`/api/v1/tenants/${tenantId()}/invitations`} actions={`/api/v1/tenants/${tenantId()}/invitations`} reloadKey={reload} />
      <Dialog open={!!pending()} title={confirmTitle()} onClose={() => setPending(null)}>
        <div class="dialog-form">
          <p>{confirmText()}</p>
          <div class="dialog-actions">
            <button type="button" classList={{ warn: pending()?.kind === 'remove' }} onClick={apply}>{pending()?.kind === 'remove' ? w('remove') : w('confirmChange')}</button>
            <button type="button" class="secondary" onClick={() => setPending(null)}>{t('cancel')}</button>
          </div>
        </div>
      </Dialog>
    </section>
  )
}
