import { db, login } from './context'
import { country, loadWorkers } from './data'
import { coldPhase } from './phase-cold'
import { printTable } from './stats'

/**
 * `npm run bench:cold`: the cold-start rows of the full run alone, for working on them: a small country (one
 * region, 200 workers) gives the signed-in worker read its token and worker. COLD_RUNS sets the runs (25).
 */
const c = await country('UGA', 1)
await loadWorkers(c, 200)
c.token = await login(c.email)
printTable(await coldPhase(c))
await db.stop()
