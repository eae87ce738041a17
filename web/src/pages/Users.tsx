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
import { day, words } from '../lib/words'

type Member = {
  userId: string
  name: string
  email: string
  role: string
  orgUnitId?: string
  version: number
  status?: 'active' | 'deactivated'
  deactivatedAt?: string
  deactivatedBy?: { userId: string; email: string }
}
type Pending =
  | { kind: 'role'; member: Member; role: string }
  | { kind: 'area'; member: Member; orgUnitId: string }
  | { kind: 'remove'; member: Member }
  | { kind: 'deactivate'; member: Member }
  | { kind: 'reactivate'; member: Member }

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
    status: 'Status',
    active: 'Active',
    deactivated: 'Deactivated',
    deactivatedBy: 'on {date} by {who}',
    deactivate: 'Deactivate',
    deactivateTitle: 'Deactivate {name}?',
    deactivateText: '{name} ({email}) can no longer sign in to this country, and is signed out of it at once. Their role, area and past changes are kept: reactivating gives the same access back.',
    reactivate: 'Reactivate',
    reactivateTitle: 'Reactivate {name}?',
    reactivateText: '{name} ({email}) can sign in again, as {role} ({area}).',
    deactivatedDone: '{name} is deactivated.',
    reactivatedDone: '{name} is active again.',
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
    status: 'Statut',
    active: 'Actif',
    deactivated: 'Désactivé',
    deactivatedBy: 'le {date} par {who}',
    deactivate: 'Désactiver',
    deactivateTitle: 'Désactiver {name} ?',
    deactivateText: '{name} ({email}) ne peut plus se connecter à ce pays et en est déconnecté immédiatement. Son rôle, sa zone et ses modifications passées sont conservés : le réactiver lui rend le même accès.',
    reactivate: 'Réactiver',
    reactivateTitle: 'Réactiver {name} ?',
    reactivateText: '{name} ({email}) pourra de nouveau se connecter, comme {role} ({area}).',
    deactivatedDone: '{name} est désactivé.',
    reactivatedDone: '{name} est de nouveau actif.',
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
    status: 'Estado',
    active: 'Ativo',
    deactivated: 'Desativado',
    deactivatedBy: 'em {date} por {who}',
    deactivate: 'Desativar',
    deactivateTitle: 'Desativar {name}?',
    deactivateText: '{name} ({email}) deixa de poder entrar neste país e a sua sessão nele termina de imediato. A função, a área e as alterações passadas ficam guardadas: reativar devolve o mesmo acesso.',
    reactivate: 'Reativar',
    reactivateTitle: 'Reativar {name}?',
    reactivateText: '{name} ({email}) poderá entrar de novo, como {role} ({area}).',
    deactivatedDone: '{name} está desativado.',
    reactivatedDone: '{name} está de novo ativo.',
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
      else if (p.kind === 'deactivate' || p.kind === 'reactivate') await api('POST', `/api/v1/users/${p.member.userId}/${p.kind}`, { ifMatch: p.member.version })
      else await api('PATCH', `/api/v1/users/${p.member.userId}`, { body: p.kind === 'role' ? { role: p.role, ...(p.role === 'ministry-admin' ? { orgUnitId: null } : {}) } : { orgUnitId: p.orgUnitId || null }, ifMatch: p.member.version })
      setMessage(done(p))
    } catch (err) {
      setMessage(errorText(err))
    }
    setReload(reload() + 1)
  }
  const done = (p: Pending) =>
    p.kind === 'remove' ? w('removed') : p.kind === 'deactivate' ? w('deactivatedDone', { name: p.member.name }) : p.kind === 'reactivate' ? w('reactivatedDone', { name: p.member.name }) : w('changed')
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
    { id: 'status', header: w('status'), cell: (c) => <MemberStatus member={c.row.original} /> },
    {
      id: 'actions',
      header: '',
      cell: (c) => (
        <Show when={!self(c.row.original)}>
          <div class="row-actions">
            <Show
              when={deactivated(c.row.original)}
              fallback={<button type="button" class="link" aria-label={`${w('deactivate')}: ${c.row.original.email}`} onClick={() => setPending({ kind: 'deactivate', member: c.row.original })}>{w('deactivate')}</button>}
            >
              <button type="button" class="link" aria-label={`${w('reactivate')}: ${c.row.original.email}`} onClick={() => setPending({ kind: 'reactivate', member: c.row.original })}>{w('reactivate')}</button>
            </Show>
            <button type="button" class="link" aria-label={`${w('remove')}: ${c.row.original.email}`} onClick={() => setPending({ kind: 'remove', member: c.row.original })}>{w('remove')}</button>
          </div>
        </Show>
      ),
    },
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
    const titles = { role: 'changeRole', area: 'changeArea', remove: 'removeTitle', deactivate: 'deactivateTitle', reactivate: 'reactivateTitle' } as const
    return w(titles[p.kind], { name: p.member.name })
  }
  const confirmText = () => {
    const p = pending()
    if (!p) return ''
    if (p.kind === 'role') return w('changeRoleText', { name: p.member.name, email: p.member.email, role: label('role', p.role), old: label('role', p.member.role) })
    if (p.kind === 'area') return w('changeAreaText', { name: p.member.name, area: area(p.orgUnitId) })
    if (p.kind === 'deactivate') return w('deactivateText', { name: p.member.name, email: p.member.email })
    if (p.kind === 'reactivate') return w('reactivateText', { name: p.member.name, email: p.member.email, role: label('role', p.member.role), area: area(p.member.orgUnitId) })
    return w('removeText', { name: p.member.name, email: p.member.email })
  }
  const confirmLabel = () => {
    const kind = pending()?.kind
    return kind === 'remove' ? w('remove') : kind === 'deactivate' ? w('deactivate') : kind === 'reactivate' ? w('reactivate') : w('confirmChange')
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
            <button type="button" classList={{ warn: pending()?.kind === 'remove' || pending()?.kind === 'deactivate' }} onClick={apply}>{confirmLabel()}</button>
            <button type="button" class="secondary" onClick={() => setPending(null)}>{t('cancel')}</button>
          </div>
        </div>
      </Dialog>
    </section>
  )
}

const deactivated = (m: Member) => m.status === 'deactivated'

/** Active, or deactivated with when and by whom (the admin's email: they may have left the country since). */
function MemberStatus(props: { member: Member }) {
  return (
    <Show when={deactivated(props.member)} fallback={<span class="badge active">{w('active')}</span>}>
      <span class="badge deactivated">{w('deactivated')}</span>{' '}
      <span class="muted">{w('deactivatedBy', { date: day(props.member.deactivatedAt), who: props.member.deactivatedBy?.email ?? '—' })}</span>
    </Show>
  )
}
