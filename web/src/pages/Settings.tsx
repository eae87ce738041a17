import { createResource, createSignal, Show } from 'solid-js'
import { Field } from '../components/Field'
import { api, ApiError } from '../lib/api'
import { t } from '../lib/i18n'
import { session } from '../lib/session'

type Tenant = { id: string; name: string; languages: string[]; population: { year: number; value: number }[]; stage: string; version: number }

/** The country's own settings, edited by its ministry admin (If-Match: a concurrent change is not overwritten). */
export function Settings() {
  const id = () => session()?.membership.scope.id ?? ''
  const [tick, setTick] = createSignal(0)
  const [tenant] = createResource(tick, () => api<Tenant>('GET', `/api/v1/tenants/${id()}`))
  const [message, setMessage] = createSignal('')
  const save = async (e: SubmitEvent) => {
    e.preventDefault()
    const form = new FormData(e.currentTarget as HTMLFormElement)
    const year = Number(form.get('year'))
    const value = Number(form.get('population'))
    const population = [...(tenant()?.population ?? []).filter((p) => p.year !== year), ...(year && value ? [{ year, value }] : [])]
    try {
      await api('PATCH', `/api/v1/tenants/${id()}`, {
        ifMatch: tenant()!.version,
        body: { name: form.get('name'), languages: String(form.get('languages')).split(',').map((s) => s.trim()).filter(Boolean), population },
      })
      setMessage(t('saved'))
      setTick(tick() + 1)
    } catch (err) {
      setMessage(err instanceof ApiError ? err.problem.detail : String(err))
    }
  }
  const latest = () => [...(tenant()?.population ?? [])].sort((a, b) => b.year - a.year)[0]
  return (
    <section>
      <h1>{t('settings')}</h1>
      <Show when={tenant()}>
        {(tn) => (
          <form class="grid" onSubmit={save}>
            <Field label={t('countryName')} name="name" value={tn().name} />
            <Field label={t('languages')} name="languages" value={tn().languages.join(', ')} />
            <Field label={t('year')} name="year" type="number" value={String(latest()?.year ?? new Date().getFullYear())} />
            <Field label={t('population')} name="population" type="number" value={String(latest()?.value ?? '')} />
            <div class="actions">
              <button type="submit">{t('save')}</button>
            </div>
          </form>
        )}
      </Show>
      <Show when={message()}>
        <p class="notice" role="status">{message()}</p>
      </Show>
    </section>
  )
}
