import { createResource, createSignal, For, Show } from 'solid-js'
import { TenantUpdate } from '../../../functions/core/tenant/schema'
import { CountryExport, countryExportTitle } from '../components/CountryExport'
import { Field, Label } from '../components/Field'
import { api, ApiError } from '../lib/api'
import { t } from '../lib/i18n'
import { label } from '../lib/labels'
import { navigate } from '../lib/router'
import { errorText, fieldIssues, problemFields } from '../lib/problems'
import { session } from '../lib/session'
import { words } from '../lib/words'

type Tenant = { id: string; name: string; languages: string[]; population: { year: number; value: number }[]; stage: string; councils?: string[]; version: number }

const languageNames: Record<string, string> = { en: 'English', fr: 'Français', pt: 'Português', es: 'Español', ar: 'العربية', sw: 'Kiswahili' }

const w = words({
  en: {
    councils: 'Licensing councils',
    councilsHint: 'One per line, spelled as each council spells its name. Licences then name one of these, so the same number cannot be registered twice under two spellings.',
    languages: 'Languages of the console',
    languagesHint: 'The console opens in the first one for this country’s users, unless they choose another.',
    stage: 'Implementation stage',
    populations: 'Population by region and district',
    populationsHint: 'The national population is below; the population of each region and district, for densities by unit, is on its own page.',
  },
  fr: {
    councils: 'Ordres et conseils de régulation',
    councilsHint: 'Un par ligne, écrit comme chaque ordre écrit son nom. Les licences nomment alors l’un d’eux : un même numéro ne peut pas être enregistré deux fois sous deux orthographes.',
    languages: 'Langues de la console',
    languagesHint: 'La console s’ouvre dans la première pour les utilisateurs de ce pays, sauf s’ils en choisissent une autre.',
    stage: 'Étape de mise en œuvre',
    populations: 'Population par région et district',
    populationsHint: 'La population nationale est ci-dessous ; celle de chaque région et district, pour les densités par unité, a sa propre page.',
  },
  pt: {
    councils: 'Ordens e conselhos reguladores',
    councilsHint: 'Um por linha, escrito como cada ordem escreve o seu nome. As licenças passam a indicar uma delas: o mesmo número não pode ser registado duas vezes com duas grafias.',
    languages: 'Idiomas da consola',
    languagesHint: 'A consola abre no primeiro para os utilizadores deste país, salvo se escolherem outro.',
    stage: 'Fase de implementação',
    populations: 'População por região e distrito',
    populationsHint: 'A população nacional está abaixo; a de cada região e distrito, para as densidades por unidade, tem a sua própria página.',
  },
})

/** The country's own settings, edited by its ministry admin (If-Match: a concurrent change is not overwritten). */
export function Settings() {
  const id = () => session()?.membership.scope.id ?? ''
  const [tick, setTick] = createSignal(0)
  const [tenant] = createResource(tick, () => api<Tenant>('GET', `/api/v1/tenants/${id()}`))
  const [message, setMessage] = createSignal('')
  const [errors, setErrors] = createSignal<Record<string, string>>({})
  const save = async (e: SubmitEvent) => {
    e.preventDefault()
    const form = new FormData(e.currentTarget as HTMLFormElement)
    const year = Number(form.get('year'))
    const value = Number(form.get('population'))
    const population = [...(tenant()?.population ?? []).filter((p) => p.year !== year), ...(year && value ? [{ year, value }] : [])]
    const body = {
      name: String(form.get('name') ?? '').trim(),
      languages: form.getAll('languages').map(String),
      population,
      councils: String(form.get('councils') ?? '').split('\n').map((s) => s.trim()).filter(Boolean),
    }
    const check = TenantUpdate.safeParse(body)
    if (!check.success) return setErrors(fieldIssues(check.error.issues, body))
    setErrors({})
    try {
      await api('PATCH', `/api/v1/tenants/${id()}`, { ifMatch: tenant()!.version, body })
      setMessage(t('saved'))
      setTick(tick() + 1)
    } catch (err) {
      if (err instanceof ApiError) setErrors(problemFields(err.problem, body))
      setMessage(errorText(err))
    }
  }
  const latest = () => [...(tenant()?.population ?? [])].sort((a, b) => b.year - a.year)[0]
  return (
    <section>
      <h1>{t('settings')}</h1>
      <p class="muted">
        {w('populationsHint')}{' '}
        <a href="/populations" onClick={(e) => (e.preventDefault(), navigate('/populations'))}>{w('populations')}</a>
      </p>
      <Show when={message()}>
        <p class="notice" role="status">{message()}</p>
      </Show>
      <Show when={tenant()}>
        {(tn) => (
          <form class="grid" onSubmit={save} novalidate aria-label={t('settings')}>
            <Field id="s-name" label={t('countryName')} name="name" value={tn().name} error={errors().name} />
            <div class="field">
              <span class="label">{w('stage')}</span>
              <span>{label('stage', tn().stage)}</span>
            </div>
            <fieldset class="field languages">
              <legend>{w('languages')}</legend>
              {/* the country's languages first, in its order: the first is the one the console opens in */}
              <For each={[...tn().languages, ...Object.keys(languageNames).filter((l) => !tn().languages.includes(l))]}>
                {(l) => (
                  <label>
                    <input type="checkbox" name="languages" value={l} checked={tn().languages.includes(l)} /> {languageNames[l]}
                  </label>
                )}
              </For>
              <span class="muted hint">{w('languagesHint')}</span>
              <Show when={errors().languages}>
                <span class="field-error">{errors().languages}</span>
              </Show>
            </fieldset>
            <Field id="s-year" label={t('year')} name="year" type="number" value={String(latest()?.year ?? new Date().getFullYear())} />
            <Field id="s-population" label={t('population')} name="population" type="number" value={String(latest()?.value ?? '')} error={errors().population} />
            <div class="field wide">
              <Label for="s-councils" text={w('councils')} />
              <textarea id="s-councils" name="councils" rows={4} aria-describedby="s-councils-hint" aria-invalid={!!errors().councils}>{(tn().councils ?? []).join('\n')}</textarea>
              <span id="s-councils-hint" class="muted hint">{w('councilsHint')}</span>
              <Show when={errors().councils}>
                <span class="field-error">{errors().councils}</span>
              </Show>
            </div>
            <div class="actions">
              <button type="submit">{t('save')}</button>
            </div>
          </form>
        )}
      </Show>
      <Show when={tenant()}>
        {(tn) => (
          <section class="card" aria-labelledby="export-title">
            <h2 id="export-title">{countryExportTitle()}</h2>
            <CountryExport tenantId={tn().id} name={tn().name} by="ministry" />
          </section>
        )}
      </Show>
    </section>
  )
}
