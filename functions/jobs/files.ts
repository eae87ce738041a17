import { createReadStream, createWriteStream, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { Readable } from 'node:stream'
import { AppError } from '../core/error'

/**
 * Where export files go: S3 in AWS (infra/bucket.ts links the bucket), a folder locally (`.data/exports`
 * under `npm start`, a temporary folder otherwise). A file is written in numbered parts, one per job step,
 * so memory holds one part, never the registry; writing a part again replaces it, which makes a repeated
 * step harmless. `complete` joins the parts into the one file the owner downloads.
 */
export interface ExportFiles {
  /** starts a file; the returned upload id goes in the job's checkpoint */
  begin(key: string): Promise<string>
  writePart(key: string, upload: string, part: number, body: string): Promise<void>
  complete(key: string, upload: string, parts: number): Promise<{ bytes: number }>
  /** a local stream, or a short-lived link to the file in S3 */
  download(key: string): Promise<{ stream: ReadableStream; bytes: number } | { url: string }>
  /** drops a file and its parts (a cancelled export) */
  remove(key: string, upload?: string): Promise<void>
  /** one page of removing everything under a folder but `keep` (a country's files at its offboarding) */
  removePage(prefix: string, keep?: string): Promise<RemovedPage>
}

/** What one page of a folder's removal did; `more` until the folder holds nothing (but what was kept). */
export type RemovedPage = { removed: number; more: boolean }

/** Files removed from a store in one call: S3 deletes 1,000 objects a request (tests use fewer, to cross many steps). */
/** an export's file removed since (by hand, or by an expiry rule): said plainly, never a 500 */
export const fileGone = () => new AppError(410, 'job.file_gone', 'This file is no longer kept; export the country again')

export const removePageSize = () => Math.min(1000, Number(process.env.CADRE_FILE_REMOVE_PAGE ?? 1000))

/**
 * A folder's prefix ends with `/`: `imports/KEN/` and never `imports/KENYA…`. Refused otherwise, so a caller
 * that forgets the slash cannot reach another country's files.
 */
export function folderPrefix(prefix: string) {
  if (!prefix.endsWith('/') || prefix.length < 2 || prefix.split('/').some((part, i, all) => part === '..' || (part === '' && i < all.length - 1))) {
    throw new Error(`not a folder prefix: ${prefix}`)
  }
  return prefix
}

/**
 * One page of a local folder's removal: up to `removePageSize()` files under it (never `keep`, a key from the
 * store's root), then the folders left empty. Removing again after a crash finds what is left: idempotent.
 */
export function removeLocalPage(root: string, prefix: string, keep?: string): RemovedPage {
  const dir = join(root, folderPrefix(prefix))
  if (!existsSync(dir)) return { removed: 0, more: false }
  const entries = (readdirSync(dir, { recursive: true }) as string[]).map((name) => join(dir, name))
  const files = entries.filter((path) => !statSync(path).isDirectory() && path !== (keep && join(root, keep)))
  const page = files.slice(0, removePageSize())
  for (const path of page) rmSync(path, { force: true })
  // deepest first, so a parent is empty by the time it is tried; a folder still holding the kept file stays
  const folders = entries.filter((path) => existsSync(path) && statSync(path).isDirectory()).sort((a, b) => b.length - a.length)
  for (const folder of [...folders, dir]) if (readdirSync(folder).length === 0) rmSync(folder, { recursive: true, force: true })
  return { removed: page.length, more: files.length > page.length }
}

const bucket = () => {
  const raw = process.env.SST_RESOURCE_ExportBucket
  return raw ? (JSON.parse(raw) as { name: string }).name : undefined
}

export const exportDir = () => process.env.CADRE_EXPORT_DIR ?? join(tmpdir(), 'cadre-exports')

/** S3 needs parts of 5 MiB but the last; locally any size (tests use small parts to cross many steps). */
export const partBytes = () => Number(process.env.CADRE_EXPORT_PART_BYTES ?? (bucket() ? 6 * 1024 * 1024 : 1024 * 1024))

export async function exportFiles(): Promise<ExportFiles> {
  const name = bucket()
  // loaded only where a bucket is linked: the local server and the tests never load the S3 client
  return name ? (await import('./files-s3')).s3Files(name) : localFiles(exportDir())
}

export function localFiles(root: string): ExportFiles {
  const file = (key: string) => join(root, key)
  const partsDir = (key: string) => `${file(key)}.parts`
  const partFile = (key: string, part: number) => join(partsDir(key), String(part).padStart(6, '0'))
  return {
    async begin(key) {
      mkdirSync(partsDir(key), { recursive: true })
      return 'local'
    },
    async writePart(key, _upload, part, body) {
      mkdirSync(partsDir(key), { recursive: true })
      // written aside, then renamed: a part is whole or absent, never half written
      const temp = `${partFile(key, part)}.tmp`
      writeFileSync(temp, body)
      renameSync(temp, partFile(key, part))
    },
    async complete(key, _upload, parts) {
      if (!existsSync(partsDir(key)) && existsSync(file(key))) return { bytes: statSync(file(key)).size }
      mkdirSync(dirname(file(key)), { recursive: true })
      const temp = `${file(key)}.tmp`
      const out = createWriteStream(temp)
      for (let part = 1; part <= parts; part++) await pipeline(createReadStream(partFile(key, part)), out, { end: false })
      await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())))
      renameSync(temp, file(key))
      rmSync(partsDir(key), { recursive: true, force: true })
      return { bytes: statSync(file(key)).size }
    },
    async download(key) {
      const path = file(key)
      if (!existsSync(path)) throw fileGone()
      return { stream: Readable.toWeb(createReadStream(path)) as ReadableStream, bytes: statSync(path).size }
    },
    async remove(key) {
      rmSync(partsDir(key), { recursive: true, force: true })
      rmSync(file(key), { force: true })
    },
    async removePage(prefix, keep) {
      return removeLocalPage(root, prefix, keep)
    },
  }
}

/** Parts left over, for a test to check that nothing is left behind. */
export const leftoverParts = (key: string) => (existsSync(`${join(exportDir(), key)}.parts`) ? readdirSync(`${join(exportDir(), key)}.parts`) : [])
