import { countryLabel } from '../components/CountrySelect'
import { lang } from './i18n'
import { iscoTitles } from './isco-titles'
import { label, type Group } from './labels'
import { words } from './words'

/** What the indicator pages share: the API's shapes, the words for its codes, number formats and files. */
export type Texts = { name: string; definition: string; numerator: string; denominator: string; source: string }
export type Measure = 'count' | 'percent' | 'per-10000' | 'years'
export type Definition = { id: string; code: string; measure: Measure; texts: Record<'en' | 'fr' | 'pt', Texts> }
export type FigureRow = {
  unitId: string | null
  unitName: string | null
  level: number
  occupation: string
  category: string
  value: number | null
  numerator?: number
  denominator?: number
  suppressed?: boolean
  /** no figure because the unit's population was not entered for the year */
  missing?: 'population'
}
export type ReferenceLine = { value: number; kind: string; texts: Record<'en' | 'fr' | 'pt', string> }
export type IndicatorTable = { indicator: Definition; breakdown: string; period: { year: number; state: string }; referenceLines?: ReferenceLine[]; rows: FigureRow[] }

export const w = words({
  en: {
    all: 'All',
    allOccupations: 'All occupations',
    national: 'National',
    doctors: 'Doctors',
    'nurses-midwives': 'Nurses and midwives',
    dentists: 'Dentists',
    pharmacists: 'Pharmacists',
    'doctors-nurses-midwives': 'Doctors, nurses and midwives',
    active: 'active',
    'on-leave': 'on leave',
    suspended: 'suspended',
    registered: 'registered',
    licensed: 'licensed to practise',
    'in-service': 'in service',
    female: 'female',
    foreign: 'foreign',
    domestic: 'domestic',
    unknown: 'unknown',
    none: 'no facility',
    emigrationTo: 'emigration to {country}',
    withheld: '<5',
    withheldLegend: '<5: withheld to protect small counts — fewer than the country’s threshold (5 or more), or a figure that would reveal one.',
    noFigure: '—',
    noFigureLegend: '—: no figure (for example, no population recorded for that year).',
    noPopulation: 'population not entered',
    definition: 'Definition',
    numerator: 'Numerator',
    denominator: 'Denominator',
    source: 'Source',
    aboutIndicator: 'What this figure means',
    bd_national: 'national',
    'bd_national-occupation': 'national, by occupation',
    bd_level1: 'by first-level unit',
    'bd_level1-occupation': 'by first-level unit and occupation',
    bd_level2: 'by second-level unit',
    'bd_level2-occupation': 'by second-level unit and occupation',
  },
  fr: {
    all: 'Tous',
    allOccupations: 'Toutes professions',
    national: 'National',
    doctors: 'Médecins',
    'nurses-midwives': 'Infirmiers et sages-femmes',
    dentists: 'Dentistes',
    pharmacists: 'Pharmaciens',
    'doctors-nurses-midwives': 'Médecins, infirmiers et sages-femmes',
    active: 'actifs',
    'on-leave': 'en congé',
    suspended: 'suspendus',
    registered: 'enregistrés',
    licensed: 'autorisés à exercer',
    'in-service': 'en poste',
    female: 'femmes',
    foreign: 'étrangers',
    domestic: 'nationaux',
    unknown: 'inconnu',
    none: 'sans établissement',
    emigrationTo: 'émigration vers {country}',
    withheld: '<5',
    withheldLegend: '<5 : masqué pour protéger les petits effectifs — moins que le seuil du pays (5 ou plus), ou un chiffre qui en révélerait un.',
    noFigure: '—',
    noFigureLegend: '— : pas de chiffre (par exemple, pas de population enregistrée pour l’année).',
    noPopulation: 'population non saisie',
    definition: 'Définition',
    numerator: 'Numérateur',
    denominator: 'Dénominateur',
    source: 'Source',
    aboutIndicator: 'Ce que signifie ce chiffre',
    bd_national: 'national',
    'bd_national-occupation': 'national, par profession',
    bd_level1: 'par unité de premier niveau',
    'bd_level1-occupation': 'par unité de premier niveau et profession',
    bd_level2: 'par unité de deuxième niveau',
    'bd_level2-occupation': 'par unité de deuxième niveau et profession',
  },
  pt: {
    all: 'Todos',
    allOccupations: 'Todas as ocupações',
    national: 'Nacional',
    doctors: 'Médicos',
    'nurses-midwives': 'Enfermeiros e parteiras',
    dentists: 'Dentistas',
    pharmacists: 'Farmacêuticos',
    'doctors-nurses-midwives': 'Médicos, enfermeiros e parteiras',
    active: 'ativos',
    'on-leave': 'de licença',
    suspended: 'suspensos',
    registered: 'registados',
    licensed: 'com licença para exercer',
    'in-service': 'em serviço',
    female: 'mulheres',
    foreign: 'estrangeiros',
    domestic: 'nacionais',
    unknown: 'desconhecido',
    none: 'sem estabelecimento',
    emigrationTo: 'emigração para {country}',
    withheld: '<5',
    withheldLegend: '<5: ocultado para proteger contagens pequenas — abaixo do limiar do país (5 ou mais), ou um número que revelaria uma.',
    noFigure: '—',
    noFigureLegend: '—: sem número (por exemplo, sem população registada para o ano).',
    noPopulation: 'população não introduzida',
    definition: 'Definição',
    numerator: 'Numerador',
    denominator: 'Denominador',
    source: 'Fonte',
    aboutIndicator: 'O que este número significa',
    bd_national: 'nacional',
    'bd_national-occupation': 'nacional, por ocupação',
    bd_level1: 'por unidade de primeiro nível',
    'bd_level1-occupation': 'por unidade de primeiro nível e ocupação',
    bd_level2: 'por unidade de segundo nível',
    'bd_level2-occupation': 'por unidade de segundo nível e ocupação',
  },
})
const word = w as (key: string, vars?: Record<string, string>) => string | undefined

/** A breakdown (national, level1-occupation, ...) in words. */
export const breakdownLabel = (b: string) => word(`bd_${b}`) ?? b

/** The indicator's texts in the reader's language. */
export const textsOf = (d: Definition) => d.texts[lang()] ?? d.texts.en

/** An ISCO-08 code or SDG group in words (the ISCO titles come from /api/v1/occupations). */
export function occupationLabel(code: string, titles?: Map<string, string>) {
  if (code === '*') return w('allOccupations')
  const group = word(code)
  if (group && !/^\d+$/.test(code)) return group
  const l = lang()
  const title = (l === 'en' ? undefined : iscoTitles[l][code]) ?? titles?.get(code)
  return title ? `${title} (${code})` : code
}

const coded = (group: Group, code: string) => {
  const text = label(group, code)
  return text === code ? undefined : text
}

/** A row's category in words: `*`, a status, `female:25-34`, `kind:voluntary`, `dest:FR`, an ownership, ... */
export function categoryLabel(category: string): string {
  if (category === '*') return w('all')
  const [head, rest] = category.split(':') as [string, string | undefined]
  if (rest !== undefined) {
    if (head === 'kind') return coded('exitKind', rest) ?? rest
    if (head === 'reason') return coded('exitReason', rest) ?? rest
    if (head === 'dest') return w('emigrationTo', { country: countryLabel(rest) })
    return `${coded('sex', head) ?? head}, ${rest}`
  }
  return word(category) ?? coded('ownership', category) ?? coded('facilityType', category) ?? category
}

/** A figure in the reader's language, as its measure reads: 1 234 · 12,5 % · 8,21 per 10 000 · 41,5 years. */
export function formatValue(value: number, measure: Measure, locale: string = lang()) {
  if (measure === 'percent') return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(value / 100)
  return new Intl.NumberFormat(locale, { maximumFractionDigits: measure === 'count' ? 0 : measure === 'years' ? 1 : 2 }).format(value)
}

/** A cell as shown: the figure, "<5" when withheld, "—" when there is none. */
export const cellText = (row: Pick<FigureRow, 'value' | 'suppressed' | 'missing'> | undefined, measure: Measure) =>
  row?.suppressed ? w('withheld') : row?.missing === 'population' ? w('noPopulation') : row?.value === null || row?.value === undefined ? w('noFigure') : formatValue(row.value, measure)

/** The place a row is about: the unit's name, or the nation. */
export const placeLabel = (row: FigureRow) => row.unitName ?? w('national')

// quotes around every cell; a leading = + - @ is defused so a spreadsheet never runs it as a formula
const csvCell = (v: unknown) => {
  const s = v === undefined || v === null ? '' : String(v)
  return `"${(/^[=+\-@]/.test(s) ? `'${s}` : s).replaceAll('"', '""')}"`
}
export const toCsv = (header: string[], rows: unknown[][]) => `\ufeff${[header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`

/** Saves a file the page made (CSV, JSON) or a picture's data URL. */
export function saveFile(name: string, content: string | Blob, type = 'text/csv;charset=utf-8') {
  const a = document.createElement('a')
  const isUrl = typeof content === 'string' && content.startsWith('data:')
  a.href = isUrl ? content : URL.createObjectURL(typeof content === 'string' ? new Blob([content], { type }) : content)
  a.download = name
  document.body.append(a)
  a.click()
  a.remove()
  if (!isUrl) setTimeout(() => URL.revokeObjectURL(a.href), 10_000)
}
