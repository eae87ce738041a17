import { BatchWriteItemCommand, PutItemCommand, type WriteRequest } from '@aws-sdk/client-dynamodb'
import { useTenant } from '../actor'
import { config } from '../config'
import { dynamo } from '../db/client'
import { keys, type Scope } from '../db/keys'
import { toAttr, type Item } from '../db/marshal'
import { batchGet, countItems, getItem, query, queryAll, type QueryInput } from '../db/read'
import { AppError } from '../error'
import { licenceNumberKey } from '../licence'

/**
 * A country's data, reached only through its own keys and indexes (never a Scan of the table, so one
 * country's export or offboarding costs no other country anything). Every item of a tenant lives in one of
 * these partitions, walked in order:
 *
 * 1. the tenant record `T#<ISO3>` / `TENANT`
 * 2. its members `T#<ISO3>#MEMBERS`, with each member's global items: the account `G#U#<id>` / `USER`, the
 *    email guard `G#EMAIL#<email>`, and the membership pointer `G#U#<id>` / `M#T#<ISO3>`, so a restored
 *    export lets its users sign in
 * 3. its invitations `T#<ISO3>#INV`
 * 4. its API clients `T#<ISO3>#CLI`, with each one's credential pointer `G#CLI#<id>` (the token endpoint's)
 * 5. its audit log `T#<ISO3>#AUDIT`
 * 6. the registry through the change feed (gsi5 `T#<ISO3>#UPD`): every org unit, facility, cadre, worker,
 *    licence, deployment, training record and exit carries it, with the uniqueness guards each implies
 *    (national id, registry number, licence number)
 * 7. what the registry's figures and exchanges keep beside it, a partition each (`extraPartitions`):
 *    aggregates and their contributions, which indexes are built (`#IDX`), populations, the sharing policy and its grants, reporting periods
 *    (with each year's frozen snapshot `#PER#<year>`), the DHIS2 mapping, imports, and the FHIR resources
 *    kept as received
 *
 * Not exported: jobs (work in progress, `T#<ISO3>#JOB`), idempotency records (`#IDEM#`, 24 h), request
 * counters (`#RATE`), which expire by TTL, and an import's row markers (`#IMPROW#<checksum>`, which only
 * keep a re-run from writing a row twice); offboarding deletes them all the same. A partition added to the table must be added here: the jobs
 * test compares an export with a filtered scan of the test table and fails on anything missing.
 *
 * The change feed is ordered by `updatedAt`: a record changed while the walk runs moves behind the cursor
 * and is read again, so an export may hold a key twice, the later line being the newer; restore writes lines
 * in order, so the last one wins.
 */
/** Partitions of a country outside the registry's change feed, each read whole (one query, paged). */
const extraPartitions = {
  aggregates: () => keys.aggregateCells(),
  contributions: () => keys.contributions(),
  aggregateStatus: () => keys.aggregateStatus().pk,
  indexMarkers: () => keys.indexMarkers(),
  populations: () => keys.populations(),
  sharing: () => keys.sharingPolicy().pk,
  periods: () => keys.periods(),
  dhis2: () => keys.dhis2Mapping().pk,
  imports: () => keys.imports().pk,
  fhirHealthcareService: () => keys.fhirResourcePartition('HealthcareService'),
  fhirEndpoint: () => keys.fhirResourcePartition('Endpoint'),
  fhirOrganizationAffiliation: () => keys.fhirResourcePartition('OrganizationAffiliation'),
} as const
type ExtraSource = keyof typeof extraPartitions

export const sources = ['tenant', 'members', 'invitations', 'clients', 'audit', 'registry', ...(Object.keys(extraPartitions) as ExtraSource[])] as const
export type Source = (typeof sources)[number]

export const PAGE = 100

const tenantScope = (): Scope => ({ kind: 'tenant', id: useTenant() })

/** The query behind each paged source (the tenant record is a single get). */
function sourceQuery(source: Exclude<Source, 'tenant'>): QueryInput {
  if (source === 'members') return { partition: keys.members(tenantScope()).pk }
  if (source === 'invitations') return { partition: keys.invitations(tenantScope()).pk }
  if (source === 'clients') return { partition: keys.clients().pk }
  if (source === 'audit') return { partition: keys.auditLog().pk }
  if (source === 'registry') return { index: 'gsi5', partition: keys.changeFeedPartition() }
  return { partition: extraPartitions[source]() }
}

/** A reporting year's frozen snapshot lives in a partition of its own, beside the year's record. */
const snapshotsOf = async (periods: Item[]) =>
  (await Promise.all(periods.filter((p) => String(p.sk).startsWith('Y#')).map((p) => queryAll<Item>({ partition: `${keys.periods()}#${String(p.sk).slice(2)}` }, 10_000)))).flat()

/** One page of one source, with the items it implies; `cursor` null when the source is exhausted. */
export async function readPage(source: Source, cursor: string | null): Promise<{ items: Item[]; cursor: string | null }> {
  if (source === 'tenant') {
    const record = await getItem(keys.tenantRecord(useTenant()))
    return { items: record ? [record] : [], cursor: null }
  }
  const page = await query<Item>({ ...sourceQuery(source), cursor, limit: PAGE })
  if (source === 'members') return { items: [...page.items, ...(await accountsOf(page.items))], cursor: page.cursor }
  if (source === 'clients') return { items: [...page.items, ...(await batchGet(page.items.map((c) => keys.clientCredential(String(c.id)))))], cursor: page.cursor }
  if (source === 'registry') return { items: [...(await batchGet(guardKeys(page.items))), ...page.items], cursor: page.cursor }
  if (source === 'periods') return { items: [...page.items, ...(await snapshotsOf(page.items))], cursor: page.cursor }
  return page
}

/** How many items each paged source holds (COUNT queries: no data leaves the table), for the progress bar. */
export async function countSources() {
  let total = 1
  for (const source of sources.filter((x): x is Exclude<Source, 'tenant'> => x !== 'tenant')) total += await countItems(sourceQuery(source))
  return total
}

/** A member's account, email guard and membership pointer: global items a restore needs to sign them in. */
async function accountsOf(members: Item[]) {
  const ids = members.map((m) => String(m.userId))
  const users = await batchGet(ids.map((id) => keys.user(id)))
  const scope = tenantScope()
  return [...users, ...(await batchGet([...users.map((u) => keys.email(String(u.email))), ...ids.map((id) => keys.userMembership(id, scope))]))]
}

function guardKeys(items: Item[]) {
  const out: { pk: string; sk: string }[] = []
  for (const item of items) {
    if (item.sk === 'W') {
      if (item.nationalId) out.push(keys.nationalId(String(item.nationalId)))
      if (item.registryNumber) out.push(keys.registryNumber(String(item.registryNumber)))
    } else if (String(item.sk).startsWith('LIC#')) out.push(licenceNumberKey(String(item.council), String(item.number)))
  }
  return out
}


/**
 * Offboarding: deletes the first page of a source and what it implies, and says how many items went.
 * Always the *first* page: what was deleted is gone, so a step repeated after a crash deletes only what
 * is left. The tenant record stays (the tombstone); the audit log goes with the data.
 */
export async function deletePage(source: Exclude<Source, 'tenant'> | 'jobs'): Promise<{ deleted: number; more: boolean }> {
  const page =
    source === 'jobs'
      ? await query<Item>({ partition: keys.jobs(`T#${useTenant()}`).pk, prefix: 'job_', limit: PAGE })
      : await query<Item>({ ...sourceQuery(source), limit: PAGE })
  const doomed: { pk: string; sk: string }[] = []
  if (source === 'imports') {
    // an import's row markers (a partition per file, up to a file's rows) go a page at a time before it
    const file = page.items.find((i) => typeof i.checksum === 'string')
    const rows = file ? await query<Item>({ partition: keys.importRows(String(file.checksum)).pk, limit: PAGE }) : undefined
    if (rows?.items.length) {
      await batchDelete(rows.items.map(keyOf))
      return { deleted: rows.items.length, more: true }
    }
  }
  for (const item of page.items) {
    // what an item implies goes first: a crash after it leaves the item, which leads back to the rest
    if (source === 'members') {
      const userId = String(item.userId)
      const idem = await queryAll<Item>({ partition: keys.idempotency(userId, '').pk }, 10_000)
      doomed.push(...idem.map(keyOf), keys.userMembership(userId, tenantScope()))
    }
    if (source === 'registry') doomed.push(...guardKeys([item]))
    if (source === 'clients') doomed.push(keys.clientCredential(String(item.id)))
    if (source === 'periods') doomed.push(...(await snapshotsOf([item])).map(keyOf))
    doomed.push(keyOf(item))
  }
  await batchDelete(doomed)
  return { deleted: doomed.length, more: page.items.length > 0 }
}

const keyOf = (item: Item) => ({ pk: String(item.pk), sk: String(item.sk) })

async function batchDelete(doomed: { pk: string; sk: string }[]) {
  const unique = [...new Map(doomed.map((k) => [`${k.pk}|${k.sk}`, k])).values()]
  for (let i = 0; i < unique.length; i += 25) await batchWrite(unique.slice(i, i + 25).map((k) => ({ DeleteRequest: { Key: toAttr(k) } })))
}

/**
 * Writes an export back into a table (restore, or a move to a dedicated regional stage), in file order, so
 * the last line of a key wins. An account or email guard that already exists is left alone: it is shared
 * with the person's other countries, and the live one is newer than any export.
 */
export async function importItems(items: Item[]) {
  const shared = (i: Item) => String(i.pk).startsWith('G#') && (i.sk === 'USER' || i.sk === 'EMAIL')
  for (const item of items.filter(shared)) {
    await dynamo()
      .send(new PutItemCommand({ TableName: config.table, Item: toAttr(item), ConditionExpression: 'attribute_not_exists(pk)' }))
      .catch((e: Error) => {
        if (e.name !== 'ConditionalCheckFailedException') throw e
      })
  }
  const rest = items.filter((i) => !shared(i))
  for (let i = 0; i < rest.length; i += 25) {
    // a batch may not name one key twice: the later line of a key is the newer
    const batch = [...new Map(rest.slice(i, i + 25).map((item) => [`${item.pk}|${item.sk}`, item])).values()]
    await batchWrite(batch.map((item) => ({ PutRequest: { Item: toAttr(item) } })))
  }
}

async function batchWrite(requests: WriteRequest[]) {
  let pending = requests
  for (let attempt = 0; pending.length > 0; attempt++) {
    if (attempt > 8) throw busy()
    if (attempt > 0) await pause(attempt)
    const out = await dynamo().send(new BatchWriteItemCommand({ RequestItems: { [config.table]: pending } }))
    pending = out.UnprocessedItems?.[config.table] ?? []
  }
}

const busy = () => new AppError(503, 'service.unavailable', 'The database is busy; try again', {}, { 'Retry-After': '2' })
const pause = (attempt: number) => new Promise((r) => setTimeout(r, 50 * 2 ** attempt))
