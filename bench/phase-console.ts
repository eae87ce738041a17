import { bundleSizes, firstRegistryPage } from './console'
import { PASSWORD } from './context'
import type { Country } from './data'
import type { Row } from './stats'

/** The console's first download and the time to the first registry row, in headless Chromium. */
export async function consolePhase(c: Country) {
  const page = await firstRegistryPage(c.email, PASSWORD)
  const sizes = bundleSizes(page.dist)
  return [
    // every chunk, not the first download (pages load their own code): for the trend, no target
    { section: 'console', benchmark: 'console JS (gzip, all chunks together)', value: sizes.jsGzip / 1024, unit: 'KiB' },
    { section: 'console', benchmark: 'console CSS (gzip)', value: sizes.cssGzip / 1024, unit: 'KiB' },
    { section: 'console', benchmark: 'console: first registry page rendered (1,000-worker country)', value: page.p50, unit: 'ms p50', note: `p95 ${page.p95.toFixed(0)} ms` },
  ] satisfies Row[]
}
