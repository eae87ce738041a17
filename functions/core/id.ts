import { monotonicFactory } from 'ulid'

const ulid = monotonicFactory()

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
} as const

export type IdKind = keyof typeof prefixes

/** Prefixed ULIDs: sortable by creation time, and the prefix says what an id names. */
export const newId = (kind: IdKind) => `${prefixes[kind]}_${ulid().toLowerCase()}`

export const idPattern = (kind: IdKind) => new RegExp(`^${prefixes[kind]}_[0-9a-z]{26}$`)
