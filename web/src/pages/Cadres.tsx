import type { ColumnDef } from '@tanstack/solid-table'
import { createResource, createSignal } from 'solid-js'
import { CadreCreate } from '../../../functions/core/cadre/schema'
import { DataTable, type Page } from '../components/DataTable'
import { SubForm } from '../components/SubForm'
import { api } from '../lib/api'
import { t } from '../lib/i18n'
import type { Cadre } from '../lib/reference'
import { hasRole } from '../lib/session'

type Occupation = { code: string; title: string }

export function Cadres() {
  const [tick, setTick] = createSignal(0)
  const [occupations] = createResource(() => api<{ items: Occupation[] }>('GET', '/api/v1/occupations').then((r) => r.items))
  const title = (code: string) => occupations()?.find((o) => o.code === code)?.title ?? ''
  const columns: ColumnDef<Cadre, any>[] = [
    { accessorKey: 'name', header: t('name') },
    { accessorKey: 'iscoCode', header: t('iscoCode') },
    { id: 'isco', header: 'ISCO-08', accessorFn: (c) => title(c.iscoCode) },
  ]
  return (
    <section>
      <h1>{t('cadres')}</h1>
      <DataTable label={t('cadres')} columns={columns} reloadKey={tick} fetchPage={() => api<Page<Cadre>>('GET', '/api/v1/cadres')} />
      {hasRole('ministry-admin', 'registrar') && (
        <SubForm id="cadre-new" title={t('add')} path="/api/v1/cadres" schema={CadreCreate} onDone={() => setTick(tick() + 1)}
          fields={[{ name: 'name', label: t('name') }, { name: 'iscoCode', label: t('iscoCode'), options: (occupations() ?? []).map((o) => ({ value: o.code, label: `${o.code} ${o.title}` })) }]} />
      )}
    </section>
  )
}
