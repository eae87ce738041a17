/**
 * The indicators a ministry reads and may share: WHO National Health Workforce Accounts (NHWA) modules 1
 * and 5, and SDG 3.c.1. Each carries its definition, numerator, denominator and source in English, French
 * and Portuguese. Free of AWS and Node imports: the console imports this file for its labels.
 */
export const languages = ['en', 'fr', 'pt'] as const
export type Lang = (typeof languages)[number]
type Texts = { name: string; definition: string; numerator: string; denominator: string; source: string }

export const indicatorIds = [
  'stock', 'status', 'density', 'activity', 'female-share', 'age', 'median-age', 'foreign-born', 'foreign-trained',
  'ownership', 'facility-type', 'geography', 'entries', 'entry-rate', 'exits', 'exit-rate', 'emigration', 'sdg-3c1',
] as const
export type IndicatorId = (typeof indicatorIds)[number]

/** how a figure reads: a count of people, a percentage, a rate per 10,000 population, or years */
export type Measure = 'count' | 'percent' | 'per-10000' | 'years'

export const breakdowns = ['national', 'national-occupation', 'level1', 'level1-occupation', 'level2', 'level2-occupation'] as const
export type Breakdown = (typeof breakdowns)[number]
export type GeoLevel = 'national' | 'level1' | 'level2'
export const geoOf = (b: Breakdown): GeoLevel => b.split('-')[0] as GeoLevel
export const byOccupation = (b: Breakdown) => b.endsWith('-occupation')
/** finer breakdowns include the coarser rows: level2 also gives level1 and national rows */
export const geoRank: Record<GeoLevel, number> = { national: 0, level1: 1, level2: 2 }

/** SDG 3.c.1 occupation groups, by ISCO-08 unit group (UN SDG metadata: 221; 222 and 322; 2261; 2262) */
export const sdgGroups = {
  doctors: ['2211', '2212'],
  'nurses-midwives': ['2221', '2222', '3221', '3222'],
  dentists: ['2261'],
  pharmacists: ['2262'],
  'doctors-nurses-midwives': ['2211', '2212', '2221', '2222', '3221', '3222'],
} as const
export type SdgGroup = keyof typeof sdgGroups

/** Reference lines drawn with SDG 3.c.1 (doctors, nurses and midwives per 10,000 population). */
export const referenceLines = [
  { value: 23, kind: 'threshold', texts: { en: 'WHO critical shortage threshold (2006)', fr: 'Seuil de pénurie critique de l’OMS (2006)', pt: 'Limiar de escassez crítica da OMS (2006)' } },
  { value: 44.5, kind: 'threshold', texts: { en: 'SDG index threshold (WHO, 2016)', fr: 'Seuil de l’indice des ODD (OMS, 2016)', pt: 'Limiar do índice dos ODS (OMS, 2016)' } },
  {
    value: 49,
    kind: 'median',
    texts: {
      en: 'Median of the countries on the 2023 WHO Health Workforce Support and Safeguards List — a median, not a target',
      fr: 'Médiane des pays de la Liste d’appui et de sauvegarde des personnels de santé de l’OMS 2023 — une médiane, pas une cible',
      pt: 'Mediana dos países da Lista de Apoio e Salvaguarda da Força de Trabalho em Saúde da OMS de 2023 — uma mediana, não uma meta',
    },
  },
] as const

const registry: Record<Lang, string> = {
  en: 'The country’s health workforce registry (this system), as recorded on the reference date.',
  fr: 'Le registre national des personnels de santé (ce système), tel qu’enregistré à la date de référence.',
  pt: 'O registo nacional da força de trabalho em saúde (este sistema), tal como registado na data de referência.',
}
const stockDen: Record<Lang, string> = {
  en: 'Health workers in the stock (status active, on leave or suspended) in the same unit and occupation.',
  fr: 'Personnels de santé du stock (statut actif, en congé ou suspendu) dans la même unité et la même profession.',
  pt: 'Profissionais de saúde do efetivo (estado ativo, de licença ou suspenso) na mesma unidade e ocupação.',
}
const none: Record<Lang, string> = { en: 'None: a count.', fr: 'Aucun : un effectif.', pt: 'Nenhum: uma contagem.' }
const population: Record<Lang, string> = {
  en: 'Population of the unit in the reference year (country settings), divided by 10,000.',
  fr: 'Population de l’unité pour l’année de référence (paramètres du pays), divisée par 10 000.',
  pt: 'População da unidade no ano de referência (definições do país), dividida por 10 000.',
}

type Given = Record<Lang, Omit<Texts, 'denominator' | 'source'> & { denominator?: string; source?: string }>
const def = (code: string, measure: Measure, texts: Given, denominator: Record<Lang, string> = none): { code: string; measure: Measure; texts: Record<Lang, Texts> } => ({
  code,
  measure,
  texts: Object.fromEntries(languages.map((l) => [l, { denominator: denominator[l], source: registry[l], ...texts[l] }])) as Record<Lang, Texts>,
})

export const indicators: Record<IndicatorId, { code: string; measure: Measure; texts: Record<Lang, Texts> }> = {
  stock: def('NHWA 1-01', 'count', {
    en: { name: 'Health worker stock', definition: 'Number of health workers registered and in the workforce (status active, on leave or suspended) on the reference date.', numerator: 'Health workers with status active, on leave or suspended.' },
    fr: { name: 'Stock de personnels de santé', definition: 'Nombre de personnels de santé enregistrés et dans la main-d’œuvre (statut actif, en congé ou suspendu) à la date de référence.', numerator: 'Personnels de santé au statut actif, en congé ou suspendu.' },
    pt: { name: 'Efetivo de profissionais de saúde', definition: 'Número de profissionais de saúde registados e na força de trabalho (estado ativo, de licença ou suspenso) na data de referência.', numerator: 'Profissionais de saúde com estado ativo, de licença ou suspenso.' },
  }),
  status: def('—', 'count', {
    en: { name: 'Stock by status', definition: 'Health workers in the stock by registry status: active, on leave, suspended.', numerator: 'Health workers with each status.' },
    fr: { name: 'Stock par statut', definition: 'Personnels de santé du stock par statut au registre : actif, en congé, suspendu.', numerator: 'Personnels de santé de chaque statut.' },
    pt: { name: 'Efetivo por estado', definition: 'Profissionais de saúde do efetivo por estado no registo: ativo, de licença, suspenso.', numerator: 'Profissionais de saúde em cada estado.' },
  }),
  density: def('NHWA 1-02, 1-03', 'per-10000', {
    en: { name: 'Health worker density', definition: 'Health workers per 10,000 population, nationally (1-02) and by subnational unit (1-03).', numerator: 'Health worker stock in the unit.' },
    fr: { name: 'Densité de personnels de santé', definition: 'Personnels de santé pour 10 000 habitants, au niveau national (1-02) et par unité infranationale (1-03).', numerator: 'Stock de personnels de santé de l’unité.' },
    pt: { name: 'Densidade de profissionais de saúde', definition: 'Profissionais de saúde por 10 000 habitantes, a nível nacional (1-02) e por unidade subnacional (1-03).', numerator: 'Efetivo de profissionais de saúde da unidade.' },
  }, population),
  activity: def('NHWA 1-04', 'count', {
    en: { name: 'Stock by activity level', definition: 'Registered health workers; of them, those licensed to practise (holding a valid licence) and those in service (with a current deployment).', numerator: 'Health workers at each activity level.' },
    fr: { name: 'Stock par niveau d’activité', definition: 'Personnels de santé enregistrés ; parmi eux, ceux autorisés à exercer (licence valide) et ceux en service (affectation en cours).', numerator: 'Personnels de santé à chaque niveau d’activité.' },
    pt: { name: 'Efetivo por nível de atividade', definition: 'Profissionais de saúde registados; destes, os autorizados a exercer (licença válida) e os em serviço (com colocação em curso).', numerator: 'Profissionais de saúde em cada nível de atividade.' },
  }),
  'female-share': def('NHWA 1-06', 'percent', {
    en: { name: 'Female health workers', definition: 'Percentage of the stock who are women.', numerator: 'Female health workers in the stock.' },
    fr: { name: 'Femmes parmi les personnels de santé', definition: 'Pourcentage de femmes dans le stock.', numerator: 'Femmes dans le stock.' },
    pt: { name: 'Mulheres na força de trabalho em saúde', definition: 'Percentagem de mulheres no efetivo.', numerator: 'Mulheres no efetivo.' },
  }, stockDen),
  age: def('NHWA 1-07', 'count', {
    en: { name: 'Age distribution', definition: 'Stock by sex and age band (<25, 25–34, 35–44, 45–54, 55–64, 65+). Age is the age reached in the reference year (on 31 December).', numerator: 'Health workers of each sex in each age band.' },
    fr: { name: 'Répartition par âge', definition: 'Stock par sexe et tranche d’âge (<25, 25–34, 35–44, 45–54, 55–64, 65+). L’âge est celui atteint dans l’année de référence (au 31 décembre).', numerator: 'Personnels de santé de chaque sexe dans chaque tranche d’âge.' },
    pt: { name: 'Distribuição etária', definition: 'Efetivo por sexo e grupo etário (<25, 25–34, 35–44, 45–54, 55–64, 65+). A idade é a atingida no ano de referência (a 31 de dezembro).', numerator: 'Profissionais de saúde de cada sexo em cada grupo etário.' },
  }),
  'median-age': def('NHWA 1-08', 'years', {
    en: { name: 'Median age', definition: 'Median of the ages reached in the reference year by the stock.', numerator: 'The middle age of the stock, in years.' },
    fr: { name: 'Âge médian', definition: 'Médiane des âges atteints dans l’année de référence par le stock.', numerator: 'L’âge du milieu du stock, en années.' },
    pt: { name: 'Idade mediana', definition: 'Mediana das idades atingidas no ano de referência pelo efetivo.', numerator: 'A idade do meio do efetivo, em anos.' },
  }),
  'foreign-born': def('NHWA 1-09', 'percent', {
    en: { name: 'Foreign nationals', definition: 'Percentage of the stock whose nationality is another country’s (the registry records nationality; place of birth is free text).', numerator: 'Health workers of foreign nationality.' },
    fr: { name: 'Ressortissants étrangers', definition: 'Pourcentage du stock de nationalité étrangère (le registre enregistre la nationalité ; le lieu de naissance est un texte libre).', numerator: 'Personnels de santé de nationalité étrangère.' },
    pt: { name: 'Cidadãos estrangeiros', definition: 'Percentagem do efetivo com nacionalidade de outro país (o registo guarda a nacionalidade; o local de nascimento é texto livre).', numerator: 'Profissionais de saúde de nacionalidade estrangeira.' },
  }, stockDen),
  'foreign-trained': def('NHWA 1-09', 'percent', {
    en: { name: 'Foreign-trained health workers', definition: 'Percentage of the stock who trained in another country.', numerator: 'Health workers whose country of training is another country.' },
    fr: { name: 'Personnels de santé formés à l’étranger', definition: 'Pourcentage du stock formé dans un autre pays.', numerator: 'Personnels de santé dont le pays de formation est un autre pays.' },
    pt: { name: 'Profissionais formados no estrangeiro', definition: 'Percentagem do efetivo formada noutro país.', numerator: 'Profissionais de saúde cujo país de formação é outro país.' },
  }, stockDen),
  ownership: def('NHWA 1-10', 'count', {
    en: { name: 'Stock by ownership', definition: 'Stock by the sector of their current workplace: public, private not-for-profit, private for-profit, or not deployed.', numerator: 'Health workers in each sector.' },
    fr: { name: 'Stock par secteur', definition: 'Stock selon le secteur du lieu de travail actuel : public, privé à but non lucratif, privé à but lucratif, ou non affecté.', numerator: 'Personnels de santé de chaque secteur.' },
    pt: { name: 'Efetivo por setor', definition: 'Efetivo segundo o setor do local de trabalho atual: público, privado sem fins lucrativos, privado com fins lucrativos, ou sem colocação.', numerator: 'Profissionais de saúde em cada setor.' },
  }),
  'facility-type': def('NHWA 1-11', 'count', {
    en: { name: 'Stock by facility type', definition: 'Stock by the type of facility they work at now (hospital, health centre, ...), or none.', numerator: 'Health workers at each type of facility.' },
    fr: { name: 'Stock par type d’établissement', definition: 'Stock selon le type d’établissement où ils travaillent (hôpital, centre de santé, ...), ou aucun.', numerator: 'Personnels de santé par type d’établissement.' },
    pt: { name: 'Efetivo por tipo de unidade', definition: 'Efetivo segundo o tipo de unidade onde trabalham (hospital, centro de saúde, ...), ou nenhuma.', numerator: 'Profissionais de saúde por tipo de unidade.' },
  }),
  geography: def('NHWA 1-12', 'percent', {
    en: { name: 'Geographical distribution', definition: 'Share of the national stock of each occupation found in each unit.', numerator: 'Stock in the unit.', denominator: 'National stock of the same occupation.' },
    fr: { name: 'Répartition géographique', definition: 'Part du stock national de chaque profession se trouvant dans chaque unité.', numerator: 'Stock de l’unité.', denominator: 'Stock national de la même profession.' },
    pt: { name: 'Distribuição geográfica', definition: 'Parte do efetivo nacional de cada ocupação em cada unidade.', numerator: 'Efetivo da unidade.', denominator: 'Efetivo nacional da mesma ocupação.' },
  }),
  entries: def('NHWA 5-01', 'count', {
    en: { name: 'Entries', definition: 'Health workers newly registered during the reference year, by place of training (domestic graduates, foreign trained, unknown).', numerator: 'New registrations in the year.' },
    fr: { name: 'Entrées', definition: 'Personnels de santé nouvellement enregistrés pendant l’année de référence, par lieu de formation (diplômés nationaux, formés à l’étranger, inconnu).', numerator: 'Nouveaux enregistrements de l’année.' },
    pt: { name: 'Entradas', definition: 'Profissionais de saúde registados pela primeira vez no ano de referência, por local de formação (formados no país, no estrangeiro, desconhecido).', numerator: 'Novos registos do ano.' },
  }),
  'entry-rate': def('NHWA 5-01', 'percent', {
    en: { name: 'Entry rate', definition: 'Entries during the year per 100 health workers in the stock.', numerator: 'New registrations in the year.' },
    fr: { name: 'Taux d’entrée', definition: 'Entrées de l’année pour 100 personnels de santé du stock.', numerator: 'Nouveaux enregistrements de l’année.' },
    pt: { name: 'Taxa de entrada', definition: 'Entradas do ano por 100 profissionais de saúde do efetivo.', numerator: 'Novos registos do ano.' },
  }, stockDen),
  exits: def('NHWA 5-02', 'count', {
    en: { name: 'Exits', definition: 'Exits recorded with a date in the reference year, by kind (voluntary, involuntary) and reason (retirement, death, emigration, ...).', numerator: 'Exits in the year.' },
    fr: { name: 'Sorties', definition: 'Sorties enregistrées avec une date dans l’année de référence, par nature (volontaire, involontaire) et motif (retraite, décès, émigration, ...).', numerator: 'Sorties de l’année.' },
    pt: { name: 'Saídas', definition: 'Saídas registadas com data no ano de referência, por tipo (voluntária, involuntária) e motivo (reforma, morte, emigração, ...).', numerator: 'Saídas do ano.' },
  }),
  'exit-rate': def('NHWA 5-02', 'percent', {
    en: { name: 'Exit rate', definition: 'Exits during the year per 100 health workers in the stock.', numerator: 'Exits in the year.' },
    fr: { name: 'Taux de sortie', definition: 'Sorties de l’année pour 100 personnels de santé du stock.', numerator: 'Sorties de l’année.' },
    pt: { name: 'Taxa de saída', definition: 'Saídas do ano por 100 profissionais de saúde do efetivo.', numerator: 'Saídas do ano.' },
  }, stockDen),
  emigration: def('NHWA 5-03', 'count', {
    en: { name: 'Emigration by destination', definition: 'Exits for emigration during the reference year, by country of destination.', numerator: 'Emigrants to each country.' },
    fr: { name: 'Émigration par destination', definition: 'Sorties pour émigration pendant l’année de référence, par pays de destination.', numerator: 'Émigrants vers chaque pays.' },
    pt: { name: 'Emigração por destino', definition: 'Saídas por emigração no ano de referência, por país de destino.', numerator: 'Emigrantes para cada país.' },
  }),
  'sdg-3c1': def('SDG 3.c.1', 'per-10000', {
    en: { name: 'Health worker density and distribution (SDG 3.c.1)', definition: 'Medical doctors (ISCO-08 221), nursing and midwifery personnel (222, 322), dentists (2261) and pharmacists (2262) per 10,000 population, with doctors, nurses and midwives together against the reference lines.', numerator: 'Stock of the occupation group.' },
    fr: { name: 'Densité et répartition des personnels de santé (ODD 3.c.1)', definition: 'Médecins (CITP-08 221), personnel infirmier et sage-femme (222, 322), dentistes (2261) et pharmaciens (2262) pour 10 000 habitants ; médecins, infirmiers et sages-femmes ensemble face aux lignes de référence.', numerator: 'Stock du groupe professionnel.' },
    pt: { name: 'Densidade e distribuição dos profissionais de saúde (ODS 3.c.1)', definition: 'Médicos (CITO-08 221), pessoal de enfermagem e obstetrícia (222, 322), dentistas (2261) e farmacêuticos (2262) por 10 000 habitantes; médicos, enfermeiros e parteiras juntos face às linhas de referência.', numerator: 'Efetivo do grupo ocupacional.' },
  }, population),
}

export const ageBands = ['<25', '25-34', '35-44', '45-54', '55-64', '65+'] as const
export function ageBand(age: number): (typeof ageBands)[number] {
  if (age < 25) return '<25'
  if (age < 35) return '25-34'
  if (age < 45) return '35-44'
  if (age < 55) return '45-54'
  if (age < 65) return '55-64'
  return '65+'
}
