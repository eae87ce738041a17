import { db, login } from './context'
import { country, loadWorkers } from './data'
import { coldPhase } from './phase-cold'
import { printTable } from './stats'

/**
 * `npm run bench:cold`: the cold-start rows of the full run alone, for working on them: a small country (two
 * regions, 200 workers) gives the signed-in worker read its token and worker. COLD_RUNS sets the runs (25);
 * COLD_ONE_FILE=1 bundles both handlers in one file each, as the api was deployed before it was split.
 */
const c = await country('UGA', 2)
await loadWorkers(c, 200)
c.token = await login(c.email)
printTable(await coldPhase(c, undefined, process.env.COLD_ONE_FILE === '1' ? { minify: true } : undefined))
await db.stop()
