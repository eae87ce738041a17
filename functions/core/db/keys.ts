import { useActor, useTenant } from '../actor'

/**
 * Every key of the table is built here and nowhere else. Tenant data starts with `T#<tenantId>#`, taken from
 * the actor in context; partner data with `P#`, global data with `G#`. Ids never contain `#` (ids are
 * validated by pattern at the boundary), so one entity's keys can never reach into another's.
 */
const tenant = () => `T#${useTenant()}`

/** A membership scope: where a role applies. */
export type Scope = { kind: 'global' } | { kind: 'partner'; id: string } | { kind: 'tenant'; id: string } | { kind: 'donor'; id: string }

export const scopePrefix = (scope: Scope) =>
  scope.kind === 'global' ? 'G' : scope.kind === 'partner' ? `P#${scope.id}` : scope.kind === 'tenant' ? `T#${scope.id}` : `G#D#${scope.id}`

export const keys = {
  // global: people and sessions exist across tenants (a user may hold roles in several)
  user: (userId: string) => ({ pk: `G#U#${userId}`, sk: 'USER' }),
  userMemberships: (userId: string) => ({ pk: `G#U#${userId}`, skPrefix: 'M#' }),
  userMembership: (userId: string, scope: Scope) => ({ pk: `G#U#${userId}`, sk: `M#${scopePrefix(scope)}` }),
  email: (email: string) => ({ pk: `G#EMAIL#${email}`, sk: 'EMAIL' }),
  /** password attempts of one client on one account, the account's failures, the clients it signed in from */
  loginClient: (email: string, client: string) => ({ pk: `G#LOGIN#${email}`, sk: `C#${client}` }),
  loginAccount: (email: string) => ({ pk: `G#LOGIN#${email}`, sk: 'ACCOUNT' }),
  loginKnownClient: (email: string, client: string) => ({ pk: `G#LOGIN#${email}`, sk: `KNOWN#${client}` }),
  session: (userId: string, sessionId: string) => ({ pk: `G#U#${userId}`, sk: `SES#${sessionId}` }),

  seedMarker: () => ({ pk: 'G#SEED', sk: 'DEMO' }),

  partner: (partnerId: string) => ({ pk: `P#${partnerId}`, sk: 'PARTNER' }),
  partnersList: () => ({ gsi1pk: 'G#PARTNERS' }),
  donor: (donorId: string) => ({ pk: `G#D#${donorId}`, sk: 'DONOR' }),
  donorsList: () => ({ gsi1pk: 'G#DONORS' }),

  /** The tenant record itself: read by platform and partner code that has checked its right to it. */
  tenantRecord: (tenantId: string) => ({ pk: `T#${tenantId}`, sk: 'TENANT' }),
  tenantsList: () => ({ gsi1pk: 'G#TENANTS' }),
  partnerTenantsList: (partnerId: string) => ({ gsi2pk: `P#${partnerId}#TENANTS` }),

  /** Canonical membership, in the scope's own partition, so a tenant lists its users with one query. */
  member: (scope: Scope, userId: string) => ({ pk: `${scopePrefix(scope)}#MEMBERS`, sk: `U#${userId}` }),
  members: (scope: Scope) => ({ pk: `${scopePrefix(scope)}#MEMBERS` }),

  // tenant-scoped: the tenant comes from the actor
  /** invitations of any scope (a tenant, a partner, a donor): the token names the scope, so no lookup is needed */
  invitation: (scope: Scope, invitationId: string) => ({ pk: `${scopePrefix(scope)}#INV`, sk: `INV#${invitationId}` }),
  invitations: (scope: Scope) => ({ pk: `${scopePrefix(scope)}#INV` }),
  idempotency: (userId: string, key: string) => ({ pk: `${auditScope()}#IDEM#${userId}`, sk: key }),

  /** `tenantId` files an event of a partner or the platform in the log of the country it acted on */
  // the registry (tenant-scoped)
  orgUnit: (id: string) => ({ pk: `${tenant()}#OU`, sk: id }),
  orgUnitPath: (path: string) => ({ gsi2pk: `${tenant()}#OUP`, gsi2sk: path }),
  orgUnitChild: (parentId: string | undefined, name: string, id: string) => ({ gsi3pk: `${tenant()}#OUC#${parentId ?? 'ROOT'}`, gsi3sk: `${name}#${id}` }),
  cadre: (id: string) => ({ pk: `${tenant()}#CAD`, sk: id }),
  cadres: () => ({ pk: `${tenant()}#CAD` }),

  worker: (id: string) => ({ pk: `${tenant()}#W#${id}`, sk: 'W' }),
  workerPartition: (id: string) => ({ pk: `${tenant()}#W#${id}` }),
  workerChild: (workerId: string, kind: 'LIC' | 'DEP' | 'TRN' | 'EXT', id: string) => ({ pk: `${tenant()}#W#${workerId}`, sk: `${kind}#${id}` }),
  workerNameIndex: (normalized: string, id: string) => ({ gsi1pk: `${tenant()}#WN`, gsi1sk: `${normalized}#${id}` }),
  workerNamePartition: () => `${tenant()}#WN`,
  /** given name first, on its own index, so a list in family-name order never shows a worker twice */
  workerGivenNameIndex: (normalized: string, id: string) => ({ gsi6pk: `${tenant()}#WNG`, gsi6sk: `${normalized}#${id}` }),
  workerGivenNamePartition: () => `${tenant()}#WNG`,
  workerPathIndex: (path: string, id: string) => ({ gsi2pk: `${tenant()}#WP`, gsi2sk: `${path}${id}` }),
  workerPathPartition: () => `${tenant()}#WP`,
  workerCadreIndex: (cadreId: string, path: string, id: string) => ({ gsi3pk: `${tenant()}#WC#${cadreId}`, gsi3sk: `${path}${id}` }),
  workerCadrePartition: (cadreId: string) => `${tenant()}#WC#${cadreId}`,
  /** workers whose status is not `active`, by status then name (gsi7, sparse): a rare status reads only its own */
  workerStatusIndex: (status: string, normalized: string, id: string) => ({ gsi7pk: `${tenant()}#WS#${status}`, gsi7sk: `${normalized}#${id}` }),
  workerStatusPartition: (status: string) => `${tenant()}#WS#${status}`,
  /** written once every worker of the country carries its status-index keys (a new country, or the backfill's end) */
  statusIndexBuilt: (tenantId = useTenant()) => ({ pk: `T#${tenantId}#IDX`, sk: 'WS' }),
  indexMarkers: () => `${tenant()}#IDX`,
  /** every change of registry data, by time: FHIR _history and sync feeds */
  changeFeed: (updatedAt: string, id: string) => ({ gsi5pk: `${tenant()}#UPD`, gsi5sk: `${updatedAt}#${id}` }),
  changeFeedPartition: () => `${tenant()}#UPD`,
  /** a FHIR resource the Directory keeps as received (HealthcareService, Endpoint, OrganizationAffiliation): a partition per type */
  fhirResource: (type: string, id: string) => ({ pk: `${tenant()}#FHIR#${type}`, sk: id }),
  fhirResourcePartition: (type: string) => `${tenant()}#FHIR#${type}`,
  nationalId: (value: string) => ({ pk: `${tenant()}#NID#${value}`, sk: 'NID' }),
  registryNumber: (value: string) => ({ pk: `${tenant()}#REG#${value}`, sk: 'REG' }),
  /** workers born the same day with the same sex: the candidates of a probable duplicate (gsi4) */
  birthCohort: (birthDate: string, sex: string, workerId: string) => ({ gsi4pk: `${tenant()}#DOB#${birthDate}#${sex}`, gsi4sk: workerId }),
  birthCohortPartition: (birthDate: string, sex: string) => `${tenant()}#DOB#${birthDate}#${sex}`,
  licenceNumber: (council: string, number: string) => ({ pk: `${tenant()}#LICNO#${council}#${number}`, sk: 'LICNO' }),
  licenceExpiry: (expiresAt: string, id: string) => ({ gsi1pk: `${tenant()}#LEXP`, gsi1sk: `${expiresAt}#${id}` }),
  licenceExpiryPartition: () => `${tenant()}#LEXP`,

  // aggregates for indicators, kept by the stream consumer (functions/streams), and what a country shares
  /** one cell of a marginal table: `family|cadre|unit1|unit2|values` (functions/core/aggregate/cells.ts) */
  aggregateCell: (cell: string) => ({ pk: `${tenant()}#AGG`, sk: cell }),
  aggregateCells: () => `${tenant()}#AGG`,
  /** the cells one worker counts in now: moving them is what keeps the aggregates idempotent */
  contribution: (workerId: string) => ({ pk: `${tenant()}#AGGW`, sk: workerId }),
  contributions: () => `${tenant()}#AGGW`,
  /** contributions that time alone will change (a licence expires): re-evaluated on that day (gsi1) */
  contributionDue: (date: string, workerId: string) => ({ gsi1pk: `${tenant()}#AGGDUE`, gsi1sk: `${date}#${workerId}` }),
  contributionDuePartition: () => `${tenant()}#AGGDUE`,
  aggregateStatus: () => ({ pk: `${tenant()}#AGGS`, sk: 'STATUS' }),
  population: (unitId: string) => ({ pk: `${tenant()}#POP`, sk: unitId }),
  populations: () => `${tenant()}#POP`,
  sharingPolicy: () => ({ pk: `${tenant()}#SHARE`, sk: 'POLICY' }),
  /** one item per recipient a country shares with, indexed by recipient: a donor finds its countries in one query (gsi1) */
  sharedWith: (recipient: string) => ({ pk: `${tenant()}#SHARE`, sk: `R#${recipient}`, gsi1pk: `G#SHARED#${recipient}`, gsi1sk: useTenant() }),
  sharedWithPartition: (recipient: string) => `G#SHARED#${recipient}`,
  period: (year: number) => ({ pk: `${tenant()}#PER`, sk: `Y#${year}` }),
  periods: () => `${tenant()}#PER`,
  /** a frozen period's cells, in parts of a few hundred KB; a revision per freeze, so a reopened year keeps its past */
  periodSnapshot: (year: number, revision: number, part: number) => ({ pk: `${tenant()}#PER#${year}`, sk: `SNAP#${revision}#${String(part).padStart(3, '0')}` }),
  periodSnapshotParts: (year: number, revision: number) => ({ pk: `${tenant()}#PER#${year}`, prefix: `SNAP#${revision}#` }),
  /** what one set of grants discloses of a frozen period (derived, kept beside its snapshot: exported and deleted with it) */
  periodDisclosure: (year: number, revision: number, basis: string) => ({ pk: `${tenant()}#PER#${year}`, sk: `DISC#${revision}#${basis}` }),
  dhis2Mapping: () => ({ pk: `${tenant()}#DHIS2`, sk: 'MAP' }),

  /**
   * Background jobs (functions/jobs), in the partition of whoever started them: their country, or the
   * platform's `G`. `owner` is that prefix, kept on the job so the runner (which has no caller) can find it.
   */
  jobOwner: () => auditScope(),
  job: (owner: string, jobId: string) => ({ pk: `${owner}#JOB`, sk: jobId }),
  jobs: (owner: string) => ({ pk: `${owner}#JOB` }),
  /** one running job of a kind per country (a move, an offboarding): a guard item beside the tenant's jobs */
  jobLock: (tenantId: string, kind: string) => ({ pk: `T#${tenantId}#JOB`, sk: `LOCK#${kind}` }),
  /** queued and running jobs, by when they are next due (sparse): the local loop and the sweeper read it */
  jobsDue: (dueAt: string, jobId: string) => ({ gsi1pk: 'G#JOBS', gsi1sk: `${dueAt}#${jobId}` }),
  jobsDuePartition: () => 'G#JOBS',

  /** bulk imports of a country (functions/core/import): the import records and, beside them, a mapping of headers per kind */
  importRecord: (importId: string) => ({ pk: `${tenant()}#IMP`, sk: importId }),
  imports: () => ({ pk: `${tenant()}#IMP` }),
  importMapping: (kind: string) => ({ pk: `${tenant()}#IMP`, sk: `MAP#${kind}` }),
  /** one row of a file, by the file's checksum: written with the row's change, so a row is applied once, whatever re-runs */
  importRow: (checksum: string, row: number) => ({ pk: `${tenant()}#IMPROW#${checksum}`, sk: String(row).padStart(7, '0') }),
  importRows: (checksum: string) => ({ pk: `${tenant()}#IMPROW#${checksum}` }),

  /** API clients of a country (systems: payroll, licensing boards, mCSD consumers), listed by the country */
  client: (clientId: string) => ({ pk: `${tenant()}#CLI`, sk: clientId }),
  clients: () => ({ pk: `${tenant()}#CLI` }),
  /** the token endpoint knows only the client id: this pointer names its country and holds the secret's hash */
  clientCredential: (clientId: string) => ({ pk: `G#CLI#${clientId}`, sk: 'CREDENTIAL' }),

  audit: (auditId: string, tenantId?: string) => ({ pk: `${auditScope(tenantId)}#AUDIT`, sk: auditId }),
  auditLog: () => ({ pk: `${auditScope()}#AUDIT` }),
  /** one entity's history, newest last (gsi1): its changes sort under `aud_`, the reads of it (who looked) apart under `r#aud_` */
  entityHistory: (entityId: string, tenantId?: string) => ({ gsi1pk: `${auditScope(tenantId)}#HIST#${entityId}` }),
  historyChange: (auditId: string) => ({ gsi1sk: auditId }),
  historyRead: (auditId: string) => ({ gsi1sk: `r#${auditId}` }),
  /** the sort-key prefixes of an entity's changes and of the reads of it: each kind is one key range */
  historyChanges: () => 'aud_',
  historyReads: () => 'r#aud_',

  /** the platform's security events (probes refused), one partition a month (`2026-11`), newest last */
  securityEvent: (month: string, id: string) => ({ pk: `G#SEC#${month}`, sk: id }),
  securityEvents: (month: string) => `G#SEC#${month}`,
  /** one user's probes in a ten-minute window, counted by kind (TTL) */
  securityCounter: (userId: string, window: string) => ({ pk: `G#SEC#U#${userId}`, sk: window }),
}

/** Audit and idempotency live in the actor's tenant, else its partner, else the global partition. */
function auditScope(tenantId?: string) {
  if (tenantId) return `T#${tenantId}`
  const actor = useActor()
  if (actor.kind !== 'public' && actor.tenantId) return `T#${actor.tenantId}`
  if (actor.kind === 'user' && actor.partnerId) return `P#${actor.partnerId}`
  if (actor.kind === 'user' && actor.donorId) return `G#D#${actor.donorId}`
  return 'G'
}
