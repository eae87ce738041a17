import { createMemo, createResource, createSignal, For, Show } from 'solid-js'
import { ChartFigure } from '../components/ChartFigure'
import { FigureLegend, IndicatorNote } from '../components/IndicatorNote'
import { api } from '../lib/api'
import { cellText, formatValue, occupationLabel, placeLabel, textsOf, type FigureRow, type IndicatorTable } from '../lib/figures'
import { lang, t } from '../lib/i18n'
import { errorText } from '../lib/problems'
import { navigate } from '../lib/router'
import { words } from '../lib/words'

const w = words({
  en: {
    title: 'The workforce in figures',
    intro: 'Figures computed from the registry’s running counts; a frozen year shows its snapshot. Every chart has its table, a CSV and a PNG.',
    period: 'Year',
    live: 'This year, live figures',
    frozenYear: '{year} (frozen)',
    approvedYear: '{year} (approved)',
    byCadre: 'Health workers by occupation',
    byUnit: 'Health workers by first-level unit',
    pyramid: 'Health workers by sex and age',
    trend: 'Trend across frozen years',
    density: 'Doctors, nurses and midwives per 10,000 population',
    densityNote: 'Reference lines: 23 and 44.5 are WHO thresholds; 49 is a median of other countries, not a target.',
    occupation: 'Occupation',
    unit: 'Unit',
    count: 'Health workers',
    age: 'Age',
    female: 'Women',
    male: 'Men',
    year: 'Year',
    stock: 'Health workers',
    perTenThousand: 'Per 10,000',
    median: 'median',
    noTrend: 'No year has been frozen yet: freeze one on the sharing page to compare years.',
    noFigures: 'The figures have not been computed yet.',
    more: 'Age and sex, density against WHO thresholds, trends',
  },
  fr: {
    title: 'Le personnel en chiffres',
    intro: 'Chiffres calculés à partir des comptages tenus par le registre ; une année figée montre son instantané. Chaque graphique a son tableau, un CSV et un PNG.',
    period: 'Année',
    live: 'Cette année, chiffres en direct',
    frozenYear: '{year} (figée)',
    approvedYear: '{year} (approuvée)',
    byCadre: 'Personnels de santé par profession',
    byUnit: 'Personnels de santé par unité de premier niveau',
    pyramid: 'Personnels de santé par sexe et âge',
    trend: 'Évolution sur les années figées',
    density: 'Médecins, infirmiers et sages-femmes pour 10 000 habitants',
    densityNote: 'Lignes de référence : 23 et 44,5 sont des seuils de l’OMS ; 49 est une médiane d’autres pays, pas une cible.',
    occupation: 'Profession',
    unit: 'Unité',
    count: 'Personnels de santé',
    age: 'Âge',
    female: 'Femmes',
    male: 'Hommes',
    year: 'Année',
    stock: 'Personnels de santé',
    perTenThousand: 'Pour 10 000',
    median: 'médiane',
    noTrend: 'Aucune année n’a encore été figée : figez-en une sur la page de partage pour comparer les années.',
    noFigures: 'Les chiffres n’ont pas encore été calculés.',
    more: 'Âge et sexe, densité face aux seuils de l’OMS, évolution',
  },
  pt: {
    title: 'A força de trabalho em números',
    intro: 'Números calculados a partir das contagens mantidas pelo registo; um ano congelado mostra o seu instantâneo. Cada gráfico tem a sua tabela, um CSV e um PNG.',
    period: 'Ano',
    live: 'Este ano, números em direto',
    frozenYear: '{year} (congelado)',
    approvedYear: '{year} (aprovado)',
    byCadre: 'Profissionais de saúde por ocupação',
    byUnit: 'Profissionais de saúde por unidade de primeiro nível',
    pyramid: 'Profissionais de saúde por sexo e idade',
    trend: 'Evolução nos anos congelados',
    density: 'Médicos, enfermeiros e parteiras por 10 000 habitantes',
    densityNote: 'Linhas de referência: 23 e 44,5 são limiares da OMS; 49 é uma mediana de outros países, não uma meta.',
    occupation: 'Ocupação',
    unit: 'Unidade',
    count: 'Profissionais de saúde',
    age: 'Idade',
    female: 'Mulheres',
    male: 'Homens',
    year: 'Ano',
    stock: 'Profissionais de saúde',
    perTenThousand: 'Por 10 000',
    median: 'mediana',
    noTrend: 'Nenhum ano foi ainda congelado: congele um na página de partilha para comparar anos.',
    noFigures: 'Os números ainda não foram calculados.',
    more: 'Idade e sexo, densidade face aos limiares da OMS, evolução',
  },
})

type Period = { year: number; state: 'open' | 'frozen' | 'approved' }
const bands = ['<25', '25-34', '35-44', '45-54', '55-64', '65+']
const DNM = 'doctors-nurses-midwives'

const read = (indicator: string, breakdown: string, period: number | undefined) =>
  api<IndicatorTable>('GET', `/api/v1/indicators?indicator=${indicator}&breakdown=${breakdown}${period === undefined ? '' : `&period=${period}`}`)

/**
 * The ministry's dashboard: the workforce by occupation and by unit, its age and sex, the trend across
 * frozen years, and density against the WHO thresholds. Each chart is also a table, a CSV and a PNG, and
 * carries its indicator's definition in the reader's language.
 */
export function IndicatorsPanel(props: { embedded?: boolean }) {
  const [periods] = createResource(() => api<{ items: Period[] }>('GET', '/api/v1/periods').then((r) => r.items.filter((p) => p.state !== 'open')))
  const [occupations] = createResource(() => api<{ items: { code: string; title: string }[] }>('GET', '/api/v1/occupations').then((r) => new Map(r.items.map((o) => [o.code, o.title]))).catch(() => new Map<string, string>()))
  const [chosen, setChosen] = createSignal<string>()
  // the latest frozen year by default: a stable, comparable picture (live figures on request)
  const period = () => {
    const c = chosen()
    if (c !== undefined) return c === 'live' ? undefined : Number(c)
    return periods()?.[0]?.year
  }
  const key = () => (periods.loading ? undefined : { p: period() })
  const [cadres] = createResource(key, ({ p }) => read('stock', 'national-occupation', p))
  const [units] = createResource(key, ({ p }) => read('stock', 'level1', p))
  // on Home: the bars by occupation and by unit only, the rest one click away
  const full = () => (props.embedded ? undefined : key())
  const [ages] = createResource(full, ({ p }) => read('age', 'national', p))
  const [density] = createResource(full, ({ p }) => read('sdg-3c1', 'level1', p))
  const [trend] = createResource(
    () => (periods() && !props.embedded ? [...periods()!].sort((a, b) => a.year - b.year) : undefined),
    (years) => Promise.all(years.map(async (y) => ({ year: y.year, stock: await read('stock', 'national', y.year), density: await read('sdg-3c1', 'national', y.year) }))),
  )
  const occ = (code: string) => occupationLabel(code, occupations())
  const n = (v: number) => formatValue(v, 'count')

  const cadreRows = () => (cadres()?.rows ?? []).filter((r) => r.level === 0 && r.occupation !== '*' && r.category === '*').sort((a, b) => (b.value ?? 0) - (a.value ?? 0))
  const unitRows = () => (units()?.rows ?? []).filter((r) => r.level === 1 && r.occupation === '*' && r.category === '*').sort((a, b) => (b.value ?? 0) - (a.value ?? 0))
  const ageCell = (sex: string, band: string) => ages()?.rows.find((r) => r.level === 0 && r.occupation === '*' && r.category === `${sex}:${band}`)
  const densityRows = () => (density()?.rows ?? []).filter((r) => r.occupation === DNM && r.level <= 1)
  const sdgNational = () => (density()?.rows ?? []).filter((r) => r.level === 0)
  const trendRow = (table: IndicatorTable, occupation: string) => table.rows.find((r) => r.level === 0 && r.occupation === occupation && r.category === '*')
  const lines = () => (density()?.referenceLines ?? []).map((l) => ({ value: l.value, short: l.kind === 'median' ? `${formatValue(l.value, 'per-10000')} (${w('median')})` : formatValue(l.value, 'per-10000'), dashed: l.kind === 'median' }))
  const periodLabel = (p: Period) => (p.state === 'approved' ? w('approvedYear', { year: String(p.year) }) : w('frozenYear', { year: String(p.year) }))
  const loaded = createMemo(() => !!cadres() && !!units() && (props.embedded || (!!ages() && !!density())))
  const failure = () => cadres.error ?? units.error ?? ages.error ?? density.error

  return (
    <section class="indicators">
      <Show when={props.embedded} fallback={<h1>{w('title')}</h1>}>
        <div class="heading">
          <h2>{w('title')}</h2>
          <a href="/indicators" onClick={(e) => (e.preventDefault(), navigate('/indicators'))}>{w('more')}</a>
        </div>
      </Show>
      <p class="muted">{w('intro')}</p>
      <Show when={!props.embedded} fallback={<p class="muted">{w('period')}: {periods()?.[0] ? periodLabel(periods()![0]!) : w('live')}</p>}>
        <div class="filters">
          <div class="field">
            <label for="ind-period">{w('period')}</label>
            <select id="ind-period" value={period() === undefined ? 'live' : String(period())} onChange={(e) => setChosen(e.currentTarget.value)}>
              <For each={periods() ?? []}>{(p) => <option value={String(p.year)}>{periodLabel(p)}</option>}</For>
              <option value="live">{w('live')}</option>
            </select>
          </div>
        </div>
      </Show>
      <Show when={!failure()} fallback={<p class="error" role="alert">{errorText(failure())}</p>}>
        <Show when={loaded()} fallback={<p role="status">{t('loading')}</p>}>
          <div class="chart-grid">
            <ChartFigure
              id="by-occupation"
              title={w('byCadre')}
              tall
              spec={() => ({ kind: 'hbar', labels: cadreRows().map((r) => occ(r.occupation)), series: [{ label: w('count'), values: cadreRows().map((r) => r.value) }], format: n })}
              table={() => ({ head: [w('occupation'), w('count')], rows: cadreRows().map((r) => [occ(r.occupation), cellText(r, 'count')]) })}
              csv={() => ({ header: ['year', 'occupation', 'occupation_name', 'count'], rows: cadreRows().map((r) => [cadres()!.period.year, r.occupation, occ(r.occupation), r.value]) })}
            >
              <IndicatorNote definition={cadres()!.indicator} />
            </ChartFigure>
            <ChartFigure
              id="by-unit"
              title={w('byUnit')}
              tall
              spec={() => ({ kind: 'hbar', labels: unitRows().map(placeLabel), series: [{ label: w('count'), values: unitRows().map((r) => r.value) }], format: n })}
              table={() => ({ head: [w('unit'), w('count')], rows: unitRows().map((r) => [placeLabel(r), cellText(r, 'count')]) })}
              csv={() => ({ header: ['year', 'unit_id', 'unit', 'count'], rows: unitRows().map((r) => [units()!.period.year, r.unitId, placeLabel(r), r.value]) })}
            >
              <IndicatorNote definition={units()!.indicator} />
            </ChartFigure>
            <Show when={!props.embedded}>
            <ChartFigure
              id="age-sex"
              title={w('pyramid')}
              spec={() => ({
                kind: 'pyramid',
                labels: [...bands].reverse(),
                series: [
                  { label: w('male'), values: [...bands].reverse().map((b) => ageCell('male', b)?.value ?? 0), color: '#0f5c7a' },
                  { label: w('female'), values: [...bands].reverse().map((b) => ageCell('female', b)?.value ?? 0), color: '#b54708' },
                ],
                format: n,
              })}
              table={() => ({ head: [w('age'), w('female'), w('male')], rows: bands.map((b) => [b, cellText(ageCell('female', b), 'count'), cellText(ageCell('male', b), 'count')]) })}
              csv={() => ({ header: ['year', 'age_band', 'female', 'male'], rows: bands.map((b) => [ages()!.period.year, b, ageCell('female', b)?.value, ageCell('male', b)?.value]) })}
            >
              <IndicatorNote definition={ages()!.indicator} />
            </ChartFigure>
            <ChartFigure
              id="density"
              title={w('density')}
              spec={() => ({ kind: 'hbar', labels: densityRows().map(placeLabel), series: [{ label: w('perTenThousand'), values: densityRows().map((r) => r.value) }], lines: lines(), format: (v) => formatValue(v, 'per-10000') })}
              table={() => ({
                head: [w('unit'), w('occupation'), w('perTenThousand')],
                rows: [...densityRows(), ...sdgNational().filter((r) => r.occupation !== DNM)].map((r: FigureRow) => [placeLabel(r), occ(r.occupation), cellText(r, 'per-10000')]),
              })}
              csv={() => ({
                header: ['year', 'unit_id', 'unit', 'group', 'per_10000', 'workers', 'population'],
                rows: [...densityRows(), ...sdgNational().filter((r) => r.occupation !== DNM)].map((r) => [density()!.period.year, r.unitId ?? '', placeLabel(r), r.occupation, r.value, r.numerator, r.denominator]),
              })}
            >
              <p class="hint">{w('densityNote')}</p>
              <ul class="plain hint reference-lines">
                <For each={density()!.referenceLines ?? []}>{(l) => <li>{formatValue(l.value, 'per-10000')} — {l.texts[lang()]}</li>}</For>
              </ul>
              <IndicatorNote definition={density()!.indicator} />
            </ChartFigure>
            <Show when={trend()?.length} fallback={<p class="empty">{w('noTrend')}</p>}>
              <ChartFigure
                id="trend"
                title={w('trend')}
                spec={() => ({
                  kind: 'line',
                  labels: trend()!.map((y) => String(y.year)),
                  series: [{ label: w('stock'), values: trend()!.map((y) => trendRow(y.stock, '*')?.value ?? null) }],
                  format: n,
                })}
                table={() => ({
                  head: [w('year'), w('stock'), `${textsOf(trend()![0]!.density.indicator).name} (${occ(DNM)})`],
                  rows: trend()!.map((y) => [String(y.year), cellText(trendRow(y.stock, '*'), 'count'), cellText(trendRow(y.density, DNM), 'per-10000')]),
                })}
                csv={() => ({ header: ['year', 'state', 'stock', 'doctors_nurses_midwives_per_10000'], rows: trend()!.map((y) => [y.year, y.stock.period.state, trendRow(y.stock, '*')?.value, trendRow(y.density, DNM)?.value]) })}
              />
            </Show>
            </Show>
          </div>
          <FigureLegend withheld={false} />
        </Show>
      </Show>
    </section>
  )
}

/** The page of its own, at /indicators. */
export const Indicators = () => <IndicatorsPanel />
