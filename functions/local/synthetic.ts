/**
 * Synthetic but realistic registry data: names and places from several regions, a cadre mix like the one
 * NHWA reports for sub-Saharan Africa, licences with some expired and some about to expire, transfers and
 * exits with emigration. Deterministic (seeded), so the demo and the benchmarks are the same every time.
 */
export function rng(seed: number) {
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]!
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1))
  return { next, pick, int }
}
export type Rng = ReturnType<typeof rng>

export type CountryProfile = {
  id: string
  lang: 'en' | 'fr'
  regions: { name: string; districts: string[] }[]
  female: string[]
  male: string[]
  family: string[]
  councils: Record<'nursing' | 'medical' | 'pharmacy' | 'lab' | 'clinical', string>
  emigration: string[]
  foreignTraining: string[]
}

/** Each country's own telephone code, so a demo number reads as that country's. */
const dialingCode: Record<string, number> = { KEN: 254, SEN: 221, MWI: 265 }
// the random code is still drawn, so every later draw (names, dates) stays as it was
const countryCode = (id: string, drawn: number) => dialingCode[id] ?? drawn

export const profiles: Record<string, CountryProfile> = {
  KEN: {
    id: 'KEN',
    lang: 'en',
    regions: [
      { name: 'Nairobi', districts: ['Westlands', 'Embakasi', 'Kibra'] },
      { name: 'Kisumu', districts: ['Kisumu Central', 'Nyando'] },
      { name: 'Mombasa', districts: ['Mvita', 'Likoni'] },
      { name: 'Kitui', districts: ['Kitui Central', 'Mwingi North'] },
      { name: 'Nakuru', districts: ['Naivasha', 'Molo'] },
    ],
    female: ['Wanjiru', 'Akinyi', 'Njeri', 'Atieno', 'Mwende', 'Chebet', 'Wairimu', 'Nafula', 'Auma', 'Zawadi', 'Nyambura', 'Jepkosgei'],
    male: ['Kamau', 'Otieno', 'Mwangi', 'Kiprono', 'Omondi', 'Mutua', 'Wafula', 'Njoroge', 'Ochieng', 'Baraka', 'Kipchoge', 'Mwenda'],
    family: ['Kamau', 'Otieno', 'Mwangi', 'Odhiambo', 'Wanyama', 'Kiptoo', 'Mutiso', 'Njoroge', 'Achieng', 'Korir', 'Wekesa', 'Muthoni', 'Onyango', 'Cheruiyot', 'Kilonzo', 'Barasa'],
    councils: { nursing: 'Nursing Council of Kenya', medical: 'Kenya Medical Practitioners and Dentists Council', pharmacy: 'Pharmacy and Poisons Board', lab: 'Kenya Medical Laboratory Technicians and Technologists Board', clinical: 'Clinical Officers Council' },
    emigration: ['GBR', 'USA', 'CAN', 'AUS', 'SAU', 'IRL'],
    foreignTraining: ['UGA', 'TZA', 'IND', 'CUB', 'CHN', 'RUS'],
  },
  SEN: {
    id: 'SEN',
    lang: 'fr',
    regions: [
      { name: 'Dakar', districts: ['Dakar Centre', 'Pikine', 'Rufisque'] },
      { name: 'Thiès', districts: ['Thiès', 'Mbour'] },
      { name: 'Saint-Louis', districts: ['Saint-Louis', 'Podor'] },
      { name: 'Ziguinchor', districts: ['Ziguinchor', 'Bignona'] },
      { name: 'Kaolack', districts: ['Kaolack', 'Nioro du Rip'] },
    ],
    female: ['Awa', 'Fatou', 'Ndèye', 'Aminata', 'Mariama', 'Khady', 'Coumba', 'Aïssatou', 'Sokhna', 'Bineta', 'Adja', 'Rokhaya'],
    male: ['Mamadou', 'Ousmane', 'Cheikh', 'Ibrahima', 'Moussa', 'Abdoulaye', 'Modou', 'Pape', 'Serigne', 'Babacar', 'Alioune', 'Lamine'],
    family: ['Diop', 'Ndiaye', 'Fall', 'Sow', 'Ba', 'Guèye', 'Faye', 'Diallo', 'Sarr', 'Mbaye', 'Cissé', 'Diouf', 'Thiam', 'Sy', 'Kane', 'Camara'],
    councils: { nursing: 'Ordre national des infirmiers et infirmières', medical: 'Ordre des médecins du Sénégal', pharmacy: 'Ordre des pharmaciens du Sénégal', lab: 'Direction des laboratoires', clinical: 'Ordre des médecins du Sénégal' },
    emigration: ['FRA', 'BEL', 'CAN', 'ESP', 'ITA', 'USA'],
    foreignTraining: ['FRA', 'MAR', 'TUN', 'MLI', 'CIV', 'MRT'],
  },
  MWI: {
    id: 'MWI',
    lang: 'en',
    regions: [
      { name: 'Northern Region', districts: ['Mzimba North', 'Karonga', 'Rumphi'] },
      { name: 'Central Region', districts: ['Lilongwe', 'Dedza', 'Kasungu'] },
      { name: 'Southern Region', districts: ['Blantyre', 'Zomba', 'Mangochi'] },
    ],
    female: ['Chikondi', 'Thokozani', 'Mphatso', 'Chisomo', 'Tiwonge', 'Grace', 'Esther', 'Memory', 'Alinafe', 'Takondwa', 'Lusungu', 'Towera'],
    male: ['Kondwani', 'Chimwemwe', 'Limbani', 'Yamikani', 'Blessings', 'Mavuto', 'Gift', 'Madalitso', 'Dalitso', 'Innocent', 'Tamanda', 'Wongani'],
    family: ['Banda', 'Phiri', 'Mwale', 'Chirwa', 'Kumwenda', 'Nyirenda', 'Gondwe', 'Mbewe', 'Tembo', 'Zulu', 'Msiska', 'Kachingwe', 'Mkandawire', 'Chisale', 'Kalua', 'Ngwira'],
    councils: { nursing: 'Nurses and Midwives Council of Malawi', medical: 'Medical Council of Malawi', pharmacy: 'Pharmacy and Medicines Regulatory Authority', lab: 'Medical Council of Malawi', clinical: 'Medical Council of Malawi' },
    emigration: ['GBR', 'ZAF', 'ZMB', 'AUS', 'USA', 'NZL'],
    foreignTraining: ['ZMB', 'ZAF', 'TZA', 'ZWE', 'CUB', 'IND'],
  },
}

/** Cadres with the share of the workforce each has, their ISCO-08 code and the council that licenses them. */
export const cadreMix = [
  { en: 'Registered Nurse', fr: 'Infirmier d’État', isco: '2221', share: 24, council: 'nursing', position: 'Nursing officer' },
  { en: 'Enrolled Nurse', fr: 'Infirmier breveté', isco: '3221', share: 16, council: 'nursing', position: 'Enrolled nurse' },
  { en: 'Registered Midwife', fr: 'Sage-femme d’État', isco: '2222', share: 8, council: 'nursing', position: 'Midwife' },
  { en: 'Community Midwife', fr: 'Matrone', isco: '3222', share: 4, council: 'nursing', position: 'Community midwife' },
  { en: 'Medical Officer', fr: 'Médecin généraliste', isco: '2211', share: 6, council: 'medical', position: 'Medical officer' },
  { en: 'Specialist Physician', fr: 'Médecin spécialiste', isco: '2212', share: 2, council: 'medical', position: 'Consultant' },
  { en: 'Clinical Officer', fr: 'Technicien supérieur de santé', isco: '2240', share: 8, council: 'clinical', position: 'Clinical officer' },
  { en: 'Community Health Worker', fr: 'Agent de santé communautaire', isco: '3253', share: 15, council: null, position: 'Community health worker' },
  { en: 'Pharmacist', fr: 'Pharmacien', isco: '2262', share: 2, council: 'pharmacy', position: 'Pharmacist' },
  { en: 'Pharmaceutical Technologist', fr: 'Préparateur en pharmacie', isco: '3213', share: 3, council: 'pharmacy', position: 'Pharmacy technologist' },
  { en: 'Laboratory Technologist', fr: 'Technicien de laboratoire', isco: '3212', share: 5, council: 'lab', position: 'Laboratory technologist' },
  { en: 'Dentist', fr: 'Chirurgien-dentiste', isco: '2261', share: 1, council: 'medical', position: 'Dental officer' },
  { en: 'Health Records Officer', fr: 'Agent des dossiers médicaux', isco: '3252', share: 3, council: null, position: 'Health records officer' },
  { en: 'Nutritionist', fr: 'Nutritionniste', isco: '2265', share: 3, council: null, position: 'Nutritionist' },
] as const

export function pickCadre(r: Rng) {
  let roll = r.int(1, cadreMix.reduce((s, c) => s + c.share, 0))
  for (const c of cadreMix) if ((roll -= c.share) <= 0) return c
  return cadreMix[0]
}

const iso = (d: Date) => d.toISOString().slice(0, 10)
export const daysFromNow = (days: number) => iso(new Date(Date.now() + days * 86400_000))

/** One synthetic person: identity, and what happened to them (licence, deployment, training, exit). */
export function syntheticWorker(r: Rng, p: CountryProfile, n: number) {
  const sex = r.next() < 0.62 ? 'female' : 'male'
  const cadre = pickCadre(r)
  const foreign = r.next() < 0.1
  const year = r.int(1965, 2001)
  return {
    identity: {
      givenName: r.pick(sex === 'female' ? p.female : p.male),
      familyName: r.pick(p.family),
      otherNames: r.next() < 0.3 ? r.pick(sex === 'female' ? p.female : p.male) : undefined,
      sex,
      birthDate: `${year}-${String(r.int(1, 12)).padStart(2, '0')}-${String(r.int(1, 28)).padStart(2, '0')}`,
      nationalId: `${p.id}${String(10_000_000 + n * 7919).slice(-8)}`,
      nationality: foreign && r.next() < 0.5 ? r.pick(p.foreignTraining) : p.id,
      trainingCountry: foreign ? r.pick(p.foreignTraining) : p.id,
      contacts: { phone: `+${countryCode(p.id, r.int(200, 299))} ${r.int(700, 799)} ${r.int(100000, 999999)}` },
    } as const,
    cadre,
    licence: cadre.council ? { council: p.councils[cadre.council], number: `${cadre.council.slice(0, 2).toUpperCase()}-${100000 + n}`, issuedAt: daysFromNow(-r.int(400, 3000)), expiresAt: daysFromNow(r.int(-365, 1100)) } : undefined,
    startDate: daysFromNow(-r.int(60, 4000)),
    transfer: r.next() < 0.15,
    cpd: r.next() < 0.5,
    exit: r.next() < 0.08 ? { reason: r.pick(['emigration', 'emigration', 'resignation', 'retirement', 'death', 'end-of-contract'] as const), destination: r.pick(p.emigration) } : undefined,
  }
}

/**
 * Larger name pools for the benchmarks' big registries, drawn with a Zipf law (a few names are very common,
 * most are rare), as family names are in a real population: with 16 equally likely names a prefix search
 * would match 6% of the registry; here (s = 0.5) the commonest family name is about 5%, the rarest 0.5%.
 */
export const kenyanNames = {
  family: [
    'Mwangi', 'Otieno', 'Kamau', 'Ochieng', 'Wanjiku', 'Kariuki', 'Njoroge', 'Odhiambo', 'Mutua', 'Kimani', 'Onyango', 'Wambui', 'Macharia', 'Omondi', 'Kiptoo', 'Cheruiyot',
    'Wafula', 'Owino', 'Nyambura', 'Kibet', 'Wekesa', 'Mutiso', 'Njeri', 'Korir', 'Barasa', 'Achieng', 'Kilonzo', 'Muthoni', 'Rotich', 'Juma', 'Ndungu', 'Langat',
    'Simiyu', 'Musyoka', 'Gitau', 'Kiprono', 'Maina', 'Oduor', 'Wanyama', 'Chebet', 'Kirui', 'Nyaga', 'Okoth', 'Atieno', 'Ngugi', 'Mbugua', 'Koech', 'Waweru',
    'Mwaura', 'Ouma', 'Ruto', 'Kemboi', 'Wairimu', 'Mugo', 'Kinyua', 'Opiyo', 'Masika', 'Nduta', 'Ngetich', 'Kosgei', 'Munyao', 'Wambua', 'Gathoni', 'Nyongesa',
    'Mbithi', 'Kiprotich', 'Makau', 'Njuguna', 'Auma', 'Sang', 'Karanja', 'Obiero', 'Mumbua', 'Were', 'Mwende', 'Kiplagat', 'Muriuki', 'Okello', 'Nekesa', 'Keter',
    'Gachanja', 'Abdi', 'Hassan', 'Mohamed', 'Ali', 'Omar', 'Said', 'Mutai', 'Bett', 'Tanui', 'Chege', 'Kahindi', 'Katana', 'Baya', 'Charo', 'Mwakio',
    'Kazungu', 'Ndirangu', 'Wachira', 'Kagwe', 'Ogola', 'Odera', 'Akinyi', 'Adhiambo', 'Nyakundi', 'Mogaka', 'Onsongo', 'Ombati', 'Moraa', 'Kerubo', 'Nyaboke', 'Bosibori',
  ],
  female: ['Grace', 'Mary', 'Faith', 'Mercy', 'Esther', 'Jane', 'Ann', 'Joyce', 'Lucy', 'Caroline', 'Wanjiru', 'Akinyi', 'Njeri', 'Atieno', 'Mwende', 'Chebet', 'Nancy', 'Beatrice', 'Purity', 'Winnie', 'Margaret', 'Eunice', 'Rose', 'Lilian', 'Diana', 'Sharon', 'Agnes', 'Janet', 'Susan', 'Irene', 'Zawadi', 'Nyambura', 'Halima', 'Fatuma', 'Amina', 'Naomi', 'Ruth', 'Priscilla', 'Catherine', 'Elizabeth'],
  male: ['John', 'Joseph', 'Peter', 'David', 'James', 'Daniel', 'Samuel', 'Stephen', 'Paul', 'Michael', 'Kamau', 'Otieno', 'Kiprono', 'Omondi', 'Brian', 'Kevin', 'Dennis', 'Collins', 'Victor', 'Geoffrey', 'Patrick', 'Francis', 'George', 'Charles', 'Joshua', 'Emmanuel', 'Moses', 'Isaac', 'Ibrahim', 'Abdullahi', 'Baraka', 'Kipchoge', 'Evans', 'Felix', 'Martin', 'Edwin', 'Simon', 'Anthony', 'Philip', 'Wycliffe'],
}

/** A Zipf(s) picker over a list ordered from commonest to rarest. */
export function zipf<T>(xs: readonly T[], s = 0.5) {
  const cumulative: number[] = []
  let total = 0
  for (let i = 0; i < xs.length; i++) cumulative.push((total += 1 / (i + 1) ** s))
  return (r: Rng) => {
    const roll = r.next() * total
    let lo = 0
    let hi = xs.length - 1
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (cumulative[mid]! < roll) lo = mid + 1
      else hi = mid
    }
    return xs[lo]!
  }
}
