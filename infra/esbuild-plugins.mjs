// esbuild plugins for the api function (SST's `nodejs.plugins`, and the cold-start benchmark).
import { dirname, resolve } from 'node:path'

/**
 * zod re-exports all of its ~50 locales as one namespace (`z.locales`), which no bundler can tree-shake:
 * ~350 KB of the api bundle. The API speaks English problem details (the console translates), so only
 * `en` is kept; zod itself loads `en` by default.
 */
export const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(build) {
    build.onResolve({ filter: /locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]/.test(args.importer) ? { path: resolve(dirname(args.importer), args.path), namespace: 'zod-locales' } : undefined,
    )
    build.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
      contents: 'export { default as en } from "./en.js"',
      resolveDir: args.path.replace(/[\\/]index\.js$/, ''),
    }))
  },
}

export default [zodEnglishOnly]
