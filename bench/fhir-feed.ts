/**
 * The ITI-130 row alone, without the whole bench: a country of 2,000 workers, then the FHIR phase (its
 * searches against itself, then the 1,000-practitioner bundle through the job against raw BatchWriteItem).
 * `npx tsx bench/fhir-feed.ts`
 */
import { db, log } from './context'
import { country, loadWorkers } from './data'
import { fhirPhase } from './phase-fhir'
import { printTable } from './stats'

const c = await country('KEN', 2)
await loadWorkers(c, 2_000, 7)
log('country ready; the FHIR phase')
const t = Date.now()
const rows = await fhirPhase(c, c, 3)
log(`done in ${((Date.now() - t) / 1000).toFixed(0)} s`)
printTable(rows)
await db.stop()
process.exit(0)
