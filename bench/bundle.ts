import { build, type BuildOptions, type Metafile } from 'esbuild'
import { basename, extname, join, relative, resolve } from 'node:path'

const root = resolve(import.meta.dirname, '..')

/** The `nodejs` options of an `sst.aws.Function` that change the bundle (infra/api-bundle.ts). */
export type NodejsOptions = { minify?: boolean; format?: 'esm' | 'cjs'; splitting?: boolean }

/**
 * The esbuild options SST gives a Node function at deploy (sst pkg/runtime/node/build.go): ESM with a
 * `require` shim, names kept, `module` before `main` (the AWS SDK's ES build), `sharp` and `pg-native` left
 * out; minified unless told not to; with `splitting`, an output folder with the entry named after its file.
 */
export function sstBuildOptions(entry: string, outdir: string, nodejs: NodejsOptions): BuildOptions {
  const esm = nodejs.format !== 'cjs'
  const minify = nodejs.minify ?? true
  const name = basename(entry, extname(entry)).replaceAll('.', '-')
  const banner = [
    `import { createRequire as topLevelCreateRequire } from 'module';`,
    `const require = topLevelCreateRequire(import.meta.url);`,
    `import { fileURLToPath as topLevelFileUrlToPath, URL as topLevelURL } from "url"`,
    `const __filename = topLevelFileUrlToPath(import.meta.url)`,
    `const __dirname = topLevelFileUrlToPath(new topLevelURL(".", import.meta.url))`,
    '',
  ].join('\n')
  return {
    entryPoints: [entry],
    platform: 'node',
    external: ['sharp', 'pg-native'],
    keepNames: true,
    bundle: true,
    metafile: true,
    format: esm ? 'esm' : 'cjs',
    target: 'esnext',
    mainFields: esm ? ['module', 'main'] : ['main'],
    banner: { js: esm ? banner : '' },
    minifyWhitespace: minify,
    minifySyntax: minify,
    minifyIdentifiers: minify,
    logLevel: 'silent',
    ...(esm && nodejs.splitting ? { splitting: true, outdir, outExtension: { '.js': '.mjs' } } : { outfile: join(outdir, name + (esm ? '.mjs' : '.cjs')) }),
  }
}

export type Bundle = {
  /** the file the handler is in */
  entryFile: string
  /** the entry and every chunk it imports statically: what a cold start reads, parses and runs */
  coldBytes: number
  /** every file of the function's package */
  totalBytes: number
  files: number
  /** the source files (node_modules paths included) in the cold-start files */
  coldInputs: string[]
  /** the source files in any file of the package */
  inputs: string[]
}

/** Bundles `entry` (a path from the repository root) as SST deploys it, and says what a cold start loads. */
export async function bundleAsSst(entry: string, outdir: string, nodejs: NodejsOptions, write = true): Promise<Bundle> {
  const absolute = resolve(root, entry)
  const result = await build({ ...sstBuildOptions(absolute, outdir, nodejs), absWorkingDir: root, write })
  return coldPath(result.metafile!, relative(root, absolute))
}

function coldPath(meta: Metafile, entry: string): Bundle {
  const outputs = Object.entries(meta.outputs).filter(([file]) => !file.endsWith('.map'))
  const [entryOut] = outputs.find(([, out]) => out.entryPoint === entry) ?? []
  if (!entryOut) throw new Error(`no output for ${entry}`)
  // chunks reached by `import` statements load with the entry; those behind `import()` wait for their call
  const cold = new Set([entryOut])
  const queue = [entryOut]
  while (queue.length)
    for (const imported of meta.outputs[queue.pop()!]!.imports)
      if (imported.kind === 'import-statement' && meta.outputs[imported.path] && !cold.has(imported.path)) {
        cold.add(imported.path)
        queue.push(imported.path)
      }
  const bytes = (files: Iterable<string>) => [...files].reduce((sum, file) => sum + meta.outputs[file]!.bytes, 0)
  return {
    entryFile: resolve(root, entryOut),
    coldBytes: bytes(cold),
    totalBytes: bytes(outputs.map(([file]) => file)),
    files: outputs.length,
    coldInputs: [...new Set([...cold].flatMap((file) => Object.keys(meta.outputs[file]!.inputs)))],
    inputs: Object.keys(meta.inputs),
  }
}
