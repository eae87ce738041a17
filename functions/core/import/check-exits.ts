import { keys } from '../db/keys'
import { strip } from '../db/marshal'
import { getItem } from '../db/read'
import type { DeploymentInfo } from '../deployment/schema'
import { exitWrites } from '../exit'
import { ExitCreate, exitKinds, exitReasons, type ExitInfo } from '../exit/schema'
import { newId } from '../id'
import { created } from '../util/entity'
import { listChildren } from '../worker/children'
import type { WorkerInfo } from '../worker/schema'
import type { CheckContext } from './check'
import { ending, issue, noteRepeat, schemaIssues, type Checked, type RowInput } from './row'
import type { Issue } from './schema'
import { chooser, parseCountry } from './values'
import { dateOf, hasIdentifier, holders } from './worker-row'

type Reason = (typeof exitReasons)[number]
const parseReason = chooser<Reason>({
  resignation: ['resigned', 'resign', 'quit', 'demission', 'demissionnaire', 'abandon de poste', 'demissao', 'pedido de demissao', 'abandono'],
  retirement: ['retired', 'retire', 'pension', 'retraite', 'depart a la retraite', 'reforma', 'reformado', 'aposentadoria', 'aposentacao'],
  death: ['deceased', 'died', 'dead', 'deces', 'decede', 'mort', 'obito', 'falecimento', 'falecido', 'morte'],
  dismissal: ['dismissed', 'fired', 'terminated', 'sacked', 'licenciement', 'licencie', 'revocation', 'revoque', 'despedimento', 'despedido', 'demitido', 'expulsao'],
  emigration: ['emigrated', 'migration', 'moved abroad', 'left the country', 'emigre', 'emigre a l etranger', 'emigracao', 'emigrou'],
  'end-of-contract': ['end of contract', 'contract ended', 'contract expired', 'fin de contrat', 'contrat termine', 'fim de contrato', 'fim do contrato'],
  'dual-practice': ['dual practice', 'private practice', 'double pratique', 'pratique privee', 'dupla pratica', 'pratica privada'],
  other: ['autre', 'outro', 'outra'],
})
const parseKind = chooser<(typeof exitKinds)[number]>({
  voluntary: ['volontaire', 'voluntaria', 'voluntario', 'yes', 'y', 'oui', 'sim'],
  involuntary: ['involontaire', 'non volontaire', 'involuntaria', 'involuntario', 'no', 'n', 'non', 'nao'],
})
/** When the file does not say: leaving of one's own accord or not, as the reason implies. */
const kindOf = (reason: Reason) => (['resignation', 'retirement', 'emigration', 'dual-practice'].includes(reason) ? 'voluntary' : 'involuntary')

const exitField = (path: PropertyKey[]) => ({ date: 'exitDate', kind: 'exitKind' })[String(path[0]) as 'date'] ?? String(path[0])

/**
 * A row of a list of leavers: the worker found by an identifier (never a name), the exit written as one
 * recorded in the console would be (open deployments ended on its date, the status exited or deceased),
 * with the worker's version check and an `exit.create` event. An exit already recorded on that date for
 * that reason is "already there", so the same list again writes nothing.
 */
export async function checkExit(row: RowInput, ctx: CheckContext): Promise<Checked> {
  const issues: Issue[] = []
  let label: string | undefined
  let match: { id: string; label: string } | undefined
  const done = ending(row, issues, () => ({ label, ...(match ? { match } : {}) }))
  if (noteRepeat(row, ctx.analysis, issues)) return done('duplicate')
  if (!hasIdentifier(row)) {
    issues.push(issue(row, 'import.no_identifier'))
    return done('error')
  }
  const found = new Set(Object.values(await holders(row, ctx.held)).filter(Boolean))
  if (found.size > 1) issues.push(issue(row, 'import.identifiers_conflict'))
  const item = found.size === 1 ? await getItem(keys.worker([...found][0]!), false) : undefined
  if (!found.size || (found.size === 1 && !item)) issues.push(issue(row, 'import.worker_not_found'))
  // the columns are checked even when nobody is found: a row with several faults says them all
  const parsed = exitOf(row, ctx, issues)
  if (!item) return done('error')
  const worker = strip<WorkerInfo>(item)
  if (ctx.dir.scope && !worker.path.startsWith(ctx.dir.scope)) {
    issues.push(issue(row, 'import.outside_area'))
    return done('error')
  }
  label = `${worker.givenName} ${worker.familyName}`
  match = { id: worker.id, label }
  if (worker.status === 'merged') issues.push(issue(row, 'import.merged', { value: worker.mergedInto }))

  if (issues.some((i) => !i.warning) || !parsed.success) return done('error')
  const data = parsed.data

  if (worker.status === 'exited' || worker.status === 'deceased') {
    const recorded = (await listChildren<ExitInfo>(worker.id, 'EXT')).some((e) => e.date === data.date && e.reason === data.reason)
    issues.push(recorded ? issue(row, 'import.exists', { warning: true }) : issue(row, 'import.already_exited'))
    return done(recorded ? 'exists' : 'error')
  }
  return done('valid', {}, async () => {
    const exit: ExitInfo = { id: newId('exit'), workerId: worker.id, ...data, ...created() }
    // the worker's item is written on the version read here: an edit made since refuses the row
    const writes = exitWrites(worker, exit, await listChildren<DeploymentInfo>(worker.id, 'DEP'))
    return { outcome: 'created', entityId: worker.id, writes, audit: [{ action: 'exit.create', entityType: 'worker', entityId: worker.id, before: worker, after: exit }] }
  })
}

/** The exit the row describes, each of its columns checked (whoever the worker turns out to be, every reason is said). */
function exitOf(row: RowInput, ctx: CheckContext, issues: Issue[]) {
  const date = dateOf(row, 'exitDate', issues)
  const reasonRaw = row.get('reason')
  const reason = reasonRaw ? parseReason(reasonRaw) : undefined
  if (reasonRaw && !reason) issues.push(issue(row, 'import.invalid_choice', { field: 'reason', value: reasonRaw, params: { allowed: exitReasons.join(', ') } }))
  const kindRaw = row.get('exitKind')
  const kind = kindRaw ? parseKind(kindRaw) : reason && kindOf(reason)
  if (kindRaw && !kind) issues.push(issue(row, 'import.invalid_choice', { field: 'exitKind', value: kindRaw, params: { allowed: exitKinds.join(', ') } }))
  const countryRaw = row.get('destinationCountry')
  const destinationCountry = countryRaw ? parseCountry(countryRaw) : undefined
  if (countryRaw && !destinationCountry) issues.push(issue(row, 'import.invalid_country', { field: 'destinationCountry', value: countryRaw }))
  if (date && date > ctx.today) issues.push(issue(row, 'import.invalid', { field: 'exitDate', value: date, params: { detail: 'an exit date in the future' } }))
  const parsed = ExitCreate.safeParse({ kind, reason, date: date ?? (row.get('exitDate') ? '1900-01-01' : undefined), destinationCountry, note: row.get('note') })
  // a kind the file does not give comes from the reason: a missing or unknown reason is said once, on its column
  if (!parsed.success) issues.push(...schemaIssues(row, parsed.error, exitField).filter((i) => !issues.some((j) => j.field && j.field === i.field) && !(i.field === 'exitKind' && !kindRaw)))
  return parsed
}
