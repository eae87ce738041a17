/**
 * The ISCO-08 unit groups that WHO's National Health Workforce Accounts report on. Countries map their own
 * cadres to these codes, which is what makes indicators comparable across countries.
 */
export const nhwaGroups = ['medical', 'nursing', 'midwifery', 'dentistry', 'pharmacy', 'community', 'allied', 'support'] as const
export type NhwaGroup = (typeof nhwaGroups)[number]

export const occupations: { code: string; title: string; group: NhwaGroup }[] = [
  { code: '2211', title: 'Generalist medical practitioners', group: 'medical' },
  { code: '2212', title: 'Specialist medical practitioners', group: 'medical' },
  { code: '2221', title: 'Nursing professionals', group: 'nursing' },
  { code: '2222', title: 'Midwifery professionals', group: 'midwifery' },
  { code: '2230', title: 'Traditional and complementary medicine professionals', group: 'allied' },
  { code: '2240', title: 'Paramedical practitioners', group: 'allied' },
  { code: '2261', title: 'Dentists', group: 'dentistry' },
  { code: '2262', title: 'Pharmacists', group: 'pharmacy' },
  { code: '2263', title: 'Environmental and occupational health and hygiene professionals', group: 'allied' },
  { code: '2264', title: 'Physiotherapists', group: 'allied' },
  { code: '2265', title: 'Dieticians and nutritionists', group: 'allied' },
  { code: '2266', title: 'Audiologists and speech therapists', group: 'allied' },
  { code: '2267', title: 'Optometrists and ophthalmic opticians', group: 'allied' },
  { code: '2269', title: 'Health professionals not elsewhere classified', group: 'allied' },
  { code: '2634', title: 'Psychologists', group: 'allied' },
  { code: '3211', title: 'Medical imaging and therapeutic equipment technicians', group: 'allied' },
  { code: '3212', title: 'Medical and pathology laboratory technicians', group: 'allied' },
  { code: '3213', title: 'Pharmaceutical technicians and assistants', group: 'pharmacy' },
  { code: '3214', title: 'Medical and dental prosthetic technicians', group: 'allied' },
  { code: '3221', title: 'Nursing associate professionals', group: 'nursing' },
  { code: '3222', title: 'Midwifery associate professionals', group: 'midwifery' },
  { code: '3230', title: 'Traditional and complementary medicine associate professionals', group: 'allied' },
  { code: '3251', title: 'Dental assistants and therapists', group: 'dentistry' },
  { code: '3252', title: 'Medical records and health information technicians', group: 'support' },
  { code: '3253', title: 'Community health workers', group: 'community' },
  { code: '3254', title: 'Dispensing opticians', group: 'allied' },
  { code: '3255', title: 'Physiotherapy technicians and assistants', group: 'allied' },
  { code: '3256', title: 'Medical assistants', group: 'allied' },
  { code: '3257', title: 'Environmental and occupational health inspectors and associates', group: 'allied' },
  { code: '3258', title: 'Ambulance workers', group: 'allied' },
  { code: '3259', title: 'Health associate professionals not elsewhere classified', group: 'allied' },
  { code: '5321', title: 'Health care assistants', group: 'support' },
  { code: '5322', title: 'Home-based personal care workers', group: 'support' },
]

export const occupationCodes = occupations.map((o) => o.code) as [string, ...string[]]
export const occupationByCode = new Map(occupations.map((o) => [o.code, o]))
