import type { ColumnDef } from '@tanstack/solid-table'
import { DataTable, type Page } from '../components/DataTable'
import { pageUrl, api } from '../lib/api'
import { t } from '../lib/i18n'
import { when } from '../lib/labels'

type Event = { id: string; at: string; action: string; entityType: string; entityId: string; actor: { email?: string; id: string } }

export function Audit() {
  const columns: ColumnDef<Event, any>[] = [
    { accessorKey: 'at', header: t('when'), cell: (c) => when(c.getValue() as string) },
    { accessorKey: 'action', header: t('action') },
    { id: 'who', header: t('who'), accessorFn: (e) => e.actor.email ?? e.actor.id },
    { id: 'record', header: t('record'), accessorFn: (e) => `${e.entityType} ${e.entityId}` },
  ]
  return (
    <section>
      <h1>{t('audit')}</h1>
      <DataTable label={t('audit')} columns={columns} fetchPage={(cursor) => api<Page<Event>>('GET', pageUrl(`/api/v1/audit?limit=50`, cursor))} />
    </section>
  )
}
