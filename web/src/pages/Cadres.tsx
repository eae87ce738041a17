import type { ColumnDef } from '@tanstack/solid-table'
import { createResource, createSignal } from 'solid-js'
import { CadreCreate } from '../../../functions/core/cadre/schema'
import { DataTable, type Page } from '../components/DataTable'
import { SubForm } from '../components/SubForm'
import { api } from '../lib/api'
import { lang, t } from '../lib/i18n'
import { iscoTitles } from '../lib/isco-titles'
import type { Cadre } from '../lib/reference'
import { hasRole } from '../lib/session'
import { words } from '../lib/words'

type Occupation = { code: string; title: string }

const w = words({ en: { occupation: 'Occupation (ISCO-08)' }, fr: { occupation: 'Profession (CITP-08)' }, pt: { occupation: 'Profissão (CITP-08)' } })

export function Cadres() {
  const [tick, setTick] = createSignal(0)
  const [occupations] = createResource(() => api<{ items: Occupation[] }>('GET', '/api/v1/occupations').then((r) => r.items))
  // the API's titles are English; French and Portuguese ones are the console's
  const title = (code: string) => (lang() === 'en' ? undefined : iscoTitles[lang() as 'fr' | 'pt'][code]) ?? occupations()?.find((o) => o.code === code)?.title ?? ''
  const columns: ColumnDef<Cadre, any>[] = [
    { accessorKey: 'name', header: t('name') },
    { accessorKey: 'iscoCode', header: t('iscoCode') },
    { id: 'isco', header: w('occupation'), cell: (c) => title(c.row.original.iscoCode) },
  ]
  return (
    <section>
      <h1>{t('cadres')}</h1>
      <DataTable label={t('cadres')} columns={columns} reloadKey={tick} fetchPage={() => api<Page<Cadre>>('GET', '/api/v1/cadres')} />
      {hasRole('ministry-admin', 'registrar') && (
        <SubForm id="cadre-new" title={t('add')} path="/api/v1/cadres" schema={CadreCreate} onDone={() => setTick(tick() + 1)}
          fields={[{ name: 'name', label: t('name') }, { name: 'iscoCode', label: t('iscoCode'), options: (occupations() ?? []).map((o) => ({ value: o.code, label: `${o.code} ${title(o.code)}` })) }]} />
      )}
    </section>
  )
}
