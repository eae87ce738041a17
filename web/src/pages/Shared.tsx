import { createMemo, createResource, createSignal, For, Show } from 'solid-js'
import { ChartFigure, Scroll } from '../components/ChartFigure'
import { FigureLegend, IndicatorNote } from '../components/IndicatorNote'
import { api } from '../lib/api'
import { breakdownLabel, categoryLabel, cellText, formatValue, occupationLabel, placeLabel, saveFile, textsOf, toCsv, type Definition, type FigureRow, type ReferenceLine } from '../lib/figures'
import { lang, t } from '../lib/i18n'
import { label, when } from '../lib/labels'
import { errorText } from '../lib/problems'
import { hasRole } from '../lib/session'
import { day, words } from '../lib/words'

const w = words({
  en: {
    title: 'Figures shared with you',
    intro: 'Countries choose what to share with your organisation and for which years. You see approved figures (and drafts only where a country shares them), never a person’s record.',
    countries: 'Countries',
    stage: 'Implementation stage',
    year: 'Reporting year',
    approval: 'Approval',
    approvedOn: 'approved on {date}',
    draft: 'frozen on {date}, not yet approved (draft)',
    noYear: 'no year to show yet',
    shared: 'Shared with you',
    nothingShared: 'Nothing shared yet',
    grant: '{indicator} — {breakdown}',
    grantedBy: 'since {date}, by {who}',
    drafts: 'drafts included',
    indicator: 'Indicator',
    figure: 'Figure',
    byCountry: '{indicator}, {year}',
    byCountryChart: '{indicator} by country (national)',
    byUnit: '{country}: by unit',
    unit: 'Unit',
    occupation: 'Occupation',
    category: 'Category',
    value: 'Value',
    csv: 'Download the table (CSV)',
    nothing: 'No country shares figures with you yet.',
    notShared: 'not shared',
    country: 'Country',
    peerTitle: 'Other countries',
    peerIntro: 'What the ministries of other countries share with ministries like yours: approved figures (and drafts only where a country shares them), never a person’s record. What your country shares with them is set under Sharing and periods.',
    peerNothing: 'No other country shares figures with ministries yet.',
  },
  fr: {
    title: 'Chiffres partagés avec vous',
    intro: 'Les pays choisissent ce qu’ils partagent avec votre organisation, et pour quelles années. Vous voyez les chiffres approuvés (et les brouillons seulement quand un pays les partage), jamais la fiche d’une personne.',
    countries: 'Pays',
    stage: 'Étape de mise en œuvre',
    year: 'Année de référence',
    approval: 'Approbation',
    approvedOn: 'approuvée le {date}',
    draft: 'figée le {date}, pas encore approuvée (brouillon)',
    noYear: 'aucune année à montrer pour l’instant',
    shared: 'Partagé avec vous',
    nothingShared: 'Rien de partagé pour l’instant',
    grant: '{indicator} — {breakdown}',
    grantedBy: 'depuis le {date}, par {who}',
    drafts: 'brouillons compris',
    indicator: 'Indicateur',
    figure: 'Chiffre',
    byCountry: '{indicator}, {year}',
    byCountryChart: '{indicator} par pays (national)',
    byUnit: '{country} : par unité',
    unit: 'Unité',
    occupation: 'Profession',
    category: 'Catégorie',
    value: 'Valeur',
    csv: 'Télécharger le tableau (CSV)',
    nothing: 'Aucun pays ne partage encore de chiffres avec vous.',
    notShared: 'non partagé',
    country: 'Pays',
    peerTitle: 'Autres pays',
    peerIntro: 'Ce que les ministères d’autres pays partagent avec des ministères comme le vôtre : chiffres approuvés (et brouillons seulement quand un pays les partage), jamais la fiche d’une personne. Ce que votre pays leur partage se règle dans Partage et périodes.',
    peerNothing: 'Aucun autre pays ne partage encore de chiffres avec les ministères.',
  },
  pt: {
    title: 'Números partilhados consigo',
    intro: 'Os países escolhem o que partilham com a sua organização e para que anos. Vê os números aprovados (e rascunhos apenas quando um país os partilha), nunca o registo de uma pessoa.',
    countries: 'Países',
    stage: 'Fase de implementação',
    year: 'Ano de referência',
    approval: 'Aprovação',
    approvedOn: 'aprovado em {date}',
    draft: 'congelado em {date}, ainda não aprovado (rascunho)',
    noYear: 'ainda sem ano para mostrar',
    shared: 'Partilhado consigo',
    nothingShared: 'Nada partilhado ainda',
    grant: '{indicator} — {breakdown}',
    grantedBy: 'desde {date}, por {who}',
    drafts: 'rascunhos incluídos',
    indicator: 'Indicador',
    figure: 'Número',
    byCountry: '{indicator}, {year}',
    byCountryChart: '{indicator} por país (nacional)',
    byUnit: '{country}: por unidade',
    unit: 'Unidade',
    occupation: 'Ocupação',
    category: 'Categoria',
    value: 'Valor',
    csv: 'Descarregar a tabela (CSV)',
    nothing: 'Nenhum país partilha ainda números consigo.',
    notShared: 'não partilhado',
    country: 'País',
    peerTitle: 'Outros países',
    peerIntro: 'O que os ministérios de outros países partilham com ministérios como o seu: números aprovados (e rascunhos apenas quando um país os partilha), nunca o registo de uma pessoa. O que o seu país lhes partilha define-se em Partilha e períodos.',
    peerNothing: 'Nenhum outro país partilha ainda números com os ministérios.',
  },
})

type Period = { year: number; state: string; frozenAt?: string; approvedAt?: string }
type Grant = { indicator: string; breakdown: string; drafts: boolean; grantedAt: string; grantedBy: string }
type SharedTable = { indicator: string; breakdown: string; grantedAt: string; grantedBy: string; rows: FigureRow[] }
type Country = { tenantId: string; name: string; stage: string; shared: Grant[]; periods: Period[]; period?: Period | null; tables?: SharedTable[] }
type Summary = { indicator: Definition | null; referenceLines?: ReferenceLine[]; countries: Country[] }

const approvalText = (p: Period | null | undefined) =>
  !p ? w('noYear') : p.state === 'approved' ? w('approvedOn', { date: day(p.approvedAt) }) : w('draft', { date: day(p.frozenAt) })

/** each country's finest table of the indicator (finer breakdowns carry the coarser rows too) */
const finest = (c: Country) => [...(c.tables ?? [])].sort((a, b) => b.rows.length - a.rows.length)[0]
const rowKey = (r: FigureRow) => `${r.occupation}|${r.category}`

/**
 * The cross-country view of a donor, a partner or (`peer`) another country's ministry: the countries as columns (stage, year, approval, what
 * each shares), then one indicator at a time, national figures side by side with a chart, each country's
 * units below, and a CSV of every cell. Withheld cells read "<5", never blank.
 */
export function Shared(props: { embedded?: boolean; peer?: boolean }) {
  const [overview] = createResource(() => api<Summary>('GET', '/api/v1/summaries'))
  const [definitions] = createResource(() => api<{ items: Definition[] }>('GET', '/api/v1/indicators/definitions').then((r) => new Map(r.items.map((d) => [d.id, d]))))
  const [occupations] = createResource(() => api<{ items: { code: string; title: string }[] }>('GET', '/api/v1/occupations').then((r) => new Map(r.items.map((o) => [o.code, o.title]))).catch(() => new Map<string, string>()))
  // a partner also sees the countries it supports that share nothing yet; an offboarded one has left for good
  const [supported] = createResource(() => hasRole('partner-admin') || undefined, () => api<{ items: { id: string; name: string; stage: string; status: string }[] }>('GET', '/api/v1/tenants?limit=200').then((r) => r.items.filter((t) => t.status !== 'offboarded')).catch(() => []))
  const columns = createMemo((): Country[] => {
    const sharing = overview()?.countries ?? []
    const quiet = (supported() ?? []).filter((x) => !sharing.some((c) => c.tenantId === x.id)).map((x) => ({ tenantId: x.id, name: x.name, stage: x.stage, shared: [], periods: [] }))
    return [...sharing, ...quiet]
  })
  const sharedIndicators = createMemo(() => [...new Set((overview()?.countries ?? []).flatMap((c) => c.shared.map((g) => g.indicator)))])
  const [chosen, setChosen] = createSignal<string>()
  const indicator = () => chosen() ?? (sharedIndicators().includes('stock') ? 'stock' : sharedIndicators()[0])
  const [figures] = createResource(indicator, (id) => api<Summary>('GET', `/api/v1/summaries?indicator=${encodeURIComponent(id)}`))
  const definition = () => figures()?.indicator ?? definitions()?.get(indicator() ?? '')
  const measure = () => definition()?.measure ?? 'count'
  const indicatorName = (id: string) => (definitions()?.get(id) ? textsOf(definitions()!.get(id)!).name : id)
  const withFigures = () => (figures()?.countries ?? []).filter((c) => finest(c))
  const national = (c: Country) => new Map((finest(c)?.rows ?? []).filter((r) => r.level === 0).map((r) => [rowKey(r), r]))
  const nationalKeys = createMemo(() => {
    const seen = new Map<string, FigureRow>()
    for (const c of withFigures()) for (const r of finest(c)!.rows) if (r.level === 0 && !seen.has(rowKey(r))) seen.set(rowKey(r), r)
    return [...seen.entries()]
  })
  const figureLabel = (r: Pick<FigureRow, 'occupation' | 'category'>) =>
    r.category === '*' ? occupationLabel(r.occupation, occupations()) : `${occupationLabel(r.occupation, occupations())}, ${categoryLabel(r.category)}`
  // the chart: each country's headline figure (all occupations; SDG 3.c.1: doctors, nurses and midwives)
  const headline = (c: Country) => {
    const occ = indicator() === 'sdg-3c1' ? 'doctors-nurses-midwives' : '*'
    return national(c).get(`${occ}|*`) ?? [...national(c).values()].find((r) => r.occupation === occ)
  }
  const csv = () => {
    const header = ['country', 'country_name', 'stage', 'year', 'approval', 'indicator', 'breakdown', 'unit', 'level', 'occupation', 'occupation_name', 'category', 'category_name', 'value', 'note']
    const rows = withFigures().flatMap((c) => {
      const table = finest(c)!
      return table.rows.map((r) => [
        c.tenantId, c.name, c.stage, c.period?.year, c.period?.state, table.indicator, table.breakdown, placeLabel(r), r.level, r.occupation, occupationLabel(r.occupation, occupations()), r.category, categoryLabel(r.category),
        r.suppressed ? '' : r.value, r.suppressed ? '<5 withheld' : r.missing === 'population' ? 'population not entered' : r.value === null ? 'no figure' : '',
      ])
    })
    return { header, rows }
  }
  return (
    <section class="shared">
      {/* on a donor's Home the page has its own first heading (the welcome) */}
      {props.embedded ? <h2>{w('title')}</h2> : <h1>{props.peer ? w('peerTitle') : w('title')}</h1>}
      <Show when={!props.embedded}>
        <p class="muted">{props.peer ? w('peerIntro') : w('intro')}</p>
      </Show>
      <Show when={!overview.loading} fallback={<p role="status">{t('loading')}</p>}>
        <Show when={!overview.error} fallback={<p class="error" role="alert">{errorText(overview.error)}</p>}>
          <Show when={columns().length} fallback={<p class="empty">{props.peer ? w('peerNothing') : w('nothing')}</p>}>
            <h2>{w('countries')}</h2>
            <Scroll label={w('countries')}>
              <table class="cross-country" aria-label={w('countries')}>
                <thead>
                  <tr>
                    <td />
                    <For each={columns()}>{(c) => <th scope="col">{c.name}</th>}</For>
                  </tr>
                </thead>
                <tbody>
                  <tr>
                    <th scope="row">{w('stage')}</th>
                    <For each={columns()}>{(c) => <td>{label('stage', c.stage)}</td>}</For>
                  </tr>
                  <tr>
                    <th scope="row">{w('year')}</th>
                    <For each={columns()}>{(c) => <td>{c.periods[0]?.year ?? '—'}</td>}</For>
                  </tr>
                  <tr>
                    <th scope="row">{w('approval')}</th>
                    <For each={columns()}>{(c) => <td>{approvalText(c.periods[0])}</td>}</For>
                  </tr>
                  <tr>
                    <th scope="row">{w('shared')}</th>
                    <For each={columns()}>
                      {(c) => (
                        <td>
                          <Show when={c.shared.length} fallback={<span class="muted">{w('nothingShared')}</span>}>
                            <ul class="plain grants">
                              <For each={c.shared}>
                                {(g) => (
                                  <li>
                                    {w('grant', { indicator: indicatorName(g.indicator), breakdown: breakdownLabel(g.breakdown) })}
                                    <Show when={g.drafts}> ({w('drafts')})</Show>
                                    <br />
                                    <span class="muted">{w('grantedBy', { date: when(g.grantedAt), who: g.grantedBy })}</span>
                                  </li>
                                )}
                              </For>
                            </ul>
                          </Show>
                        </td>
                      )}
                    </For>
                  </tr>
                </tbody>
              </table>
            </Scroll>

            <Show when={sharedIndicators().length}>
              <div class="filters">
                <div class="field">
                  <label for="sh-indicator">{w('indicator')}</label>
                  <select id="sh-indicator" value={indicator()} onChange={(e) => setChosen(e.currentTarget.value)}>
                    <For each={sharedIndicators()}>{(id) => <option value={id}>{indicatorName(id)}</option>}</For>
                  </select>
                </div>
                <div class="actions">
                  <button type="button" class="secondary" disabled={!withFigures().length} onClick={() => saveFile(`shared-${indicator()}-${new Date().toISOString().slice(0, 10)}.csv`, toCsv(csv().header, csv().rows))}>
                    {w('csv')}
                  </button>
                </div>
              </div>
              <IndicatorNote definition={definition()} />
              <Show when={!figures.loading} fallback={<p role="status">{t('loading')}</p>}>
                <Show when={!figures.error} fallback={<p class="error" role="alert">{errorText(figures.error)}</p>}>
                  <Scroll label={indicatorName(indicator() ?? '')}>
                    <table class="cross-country figures" aria-label={w('byCountry', { indicator: indicatorName(indicator() ?? ''), year: '' })}>
                      <caption>{indicatorName(indicator() ?? '')}</caption>
                      <thead>
                        <tr>
                          <th scope="col">{w('figure')}</th>
                          <For each={figures()?.countries ?? []}>
                            {(c) => (
                              <th scope="col">
                                {c.name}
                                <br />
                                <span class="muted">{c.period ? `${c.period.year} — ${approvalText(c.period)}` : w('notShared')}</span>
                              </th>
                            )}
                          </For>
                        </tr>
                      </thead>
                      <tbody>
                        <For each={nationalKeys()}>
                          {([key, r]) => (
                            <tr data-key={key}>
                              <th scope="row">{figureLabel(r)}</th>
                              <For each={figures()?.countries ?? []}>
                                {(c) => (
                                  <td classList={{ withheld: !!national(c).get(key)?.suppressed }} data-country={c.tenantId}>
                                    {/* a row another country shares at a finer breakdown: not shared by this one, which is not "no figure" */}
                                    {!finest(c) || !national(c).has(key) ? <span class="muted">{w('notShared')}</span> : cellText(national(c).get(key), measure())}
                                  </td>
                                )}
                              </For>
                            </tr>
                          )}
                        </For>
                      </tbody>
                    </table>
                  </Scroll>
                  <FigureLegend />
                  <Show when={withFigures().length}>
                    <ChartFigure
                      id={`shared-${indicator()}`}
                      title={w('byCountryChart', { indicator: indicatorName(indicator() ?? '') })}
                      spec={() => ({
                        kind: 'bar',
                        labels: withFigures().map((c) => c.name),
                        series: [{ label: indicatorName(indicator() ?? ''), values: withFigures().map((c) => (headline(c)?.suppressed ? null : (headline(c)?.value ?? null))) }],
                        lines: (figures()?.referenceLines ?? []).map((l) => ({ value: l.value, short: formatValue(l.value, 'per-10000'), dashed: l.kind === 'median' })),
                        format: (n) => formatValue(n, measure()),
                      })}
                      table={() => ({ head: [w('country'), w('value')], rows: withFigures().map((c) => [c.name, cellText(headline(c), measure())]) })}
                      csv={() => ({ header: ['country', 'year', 'value', 'note'], rows: withFigures().map((c) => [c.tenantId, c.period?.year, headline(c)?.suppressed ? '' : headline(c)?.value, headline(c)?.suppressed ? '<5 withheld' : '']) })}
                    >
                      <Show when={figures()?.referenceLines?.length}>
                        <ul class="plain hint">
                          <For each={figures()!.referenceLines}>{(l) => <li>{formatValue(l.value, 'per-10000')} — {l.texts[lang()]}</li>}</For>
                        </ul>
                      </Show>
                    </ChartFigure>
                  </Show>
                  <For each={withFigures().filter((c) => finest(c)!.rows.some((r) => r.level > 0))}>
                    {(c) => (
                      <details class="card">
                        <summary>{w('byUnit', { country: c.name })}</summary>
                        <Scroll label={w('byUnit', { country: c.name })}>
                          <table>
                            <thead>
                              <tr>
                                <th scope="col">{w('unit')}</th>
                                <th scope="col">{w('figure')}</th>
                                <th scope="col">{w('value')}</th>
                              </tr>
                            </thead>
                            <tbody>
                              <For each={finest(c)!.rows.filter((r) => r.level > 0)}>
                                {(r) => (
                                  <tr>
                                    <th scope="row">{placeLabel(r)}</th>
                                    <td>{figureLabel(r)}</td>
                                    <td classList={{ withheld: !!r.suppressed }}>{cellText(r, measure())}</td>
                                  </tr>
                                )}
                              </For>
                            </tbody>
                          </table>
                        </Scroll>
                      </details>
                    )}
                  </For>
                </Show>
              </Show>
            </Show>
          </Show>
        </Show>
      </Show>
    </section>
  )
}
