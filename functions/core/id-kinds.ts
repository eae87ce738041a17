/** What each id names, by its prefix. Shared with the console (no Node imports here). */
export const prefixes = {
  user: 'usr',
  partner: 'ptn',
  donor: 'dnr',
  invitation: 'inv',
  audit: 'aud',
  request: 'req',
  session: 'ses',
  orgUnit: 'ou',
  facility: 'fac',
  cadre: 'cad',
  worker: 'wrk',
  licence: 'lic',
  deployment: 'dep',
  training: 'trn',
  exit: 'ext',
  job: 'job',
  client: 'cli',
  import: 'imp',
} as const

export type IdKind = keyof typeof prefixes

export const idPattern = (kind: IdKind) => new RegExp(`^${prefixes[kind]}_[0-9a-z]{26}$`)
