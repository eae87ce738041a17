import { createReadStream, createWriteStream, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { Readable } from 'node:stream'

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
      if (!existsSync(path)) throw new Error(`no export file ${key}`)
      return { stream: Readable.toWeb(createReadStream(path)) as ReadableStream, bytes: statSync(path).size }
    },
    async remove(key) {
      rmSync(partsDir(key), { recursive: true, force: true })
      rmSync(file(key), { force: true })
    },
  }
}

/** Parts left over, for a test to check that nothing is left behind. */
export const leftoverParts = (key: string) => (existsSync(`${join(exportDir(), key)}.parts`) ? readdirSync(`${join(exportDir(), key)}.parts`) : [])
