import { createHash } from 'node:crypto'
import { createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { Readable } from 'node:stream'
import { exportDir, removeLocalPage, type RemovedPage } from '../../jobs/files'
import { AppError } from '../error'

/**
 * Where an import's files live: the file as uploaded, its rows in parts of a few hundred (what one job step
 * reads), and the report beside them. The same store as exports (functions/jobs/files.ts): a folder locally
 * (`.data/exports` under npm start), the export bucket in AWS, where the browser sends the file itself
 * through a short-lived presigned PUT.
 */
export interface ImportFiles {
  /** the upload as it streams in, never held whole: at most `max` bytes, else 413 and nothing kept */
  receive(key: string, body: ReadableStream<Uint8Array>, max: number): Promise<{ bytes: number; sha256: string }>
  /** a link the browser sends the file to (S3 only; locally the API route receives it) */
  uploadUrl(key: string, bytes: number): Promise<{ url: string; headers: Record<string, string> } | undefined>
  size(key: string): Promise<number | undefined>
  read(key: string): AsyncIterable<Uint8Array>
  write(key: string, body: string): Promise<void>
  text(key: string): Promise<string | undefined>
  /** everything under a prefix (an import's folder) */
  removeAll(prefix: string): Promise<void>
  /** one page of removing a folder given with its `/` (a country's files at its offboarding); `more` until it is empty */
  removePage(prefix: string): Promise<RemovedPage>
}

const bucket = () => {
  const raw = process.env.SST_RESOURCE_ExportBucket
  return raw ? (JSON.parse(raw) as { name: string }).name : undefined
}

export async function importFiles(): Promise<ImportFiles> {
  const name = bucket()
  return name ? (await import('./files-s3')).s3ImportFiles(name) : localImportFiles(exportDir())
}

export const tooLargeFile = (max: number) => new AppError(413, 'import.file_too_large', `The file is larger than ${Math.round(max / 1024 / 1024)} MB`, { maxBytes: max })

export function localImportFiles(root: string): ImportFiles {
  const file = (key: string) => join(root, key)
  return {
    async receive(key, body, max) {
      mkdirSync(dirname(file(key)), { recursive: true })
      const temp = `${file(key)}.${process.pid}.upload`
      const out = createWriteStream(temp)
      const hash = createHash('sha256')
      let bytes = 0
      try {
        for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
          bytes += chunk.byteLength
          if (bytes > max) throw tooLargeFile(max)
          hash.update(chunk)
          if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()))
        }
        await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())))
      } catch (error) {
        out.destroy()
        rmSync(temp, { force: true })
        throw error
      }
      // whole or absent: a broken upload leaves the previous file (or none), never half of one
      renameSync(temp, file(key))
      return { bytes, sha256: hash.digest('hex') }
    },
    async uploadUrl() {
      return undefined
    },
    async size(key) {
      return existsSync(file(key)) ? statSync(file(key)).size : undefined
    },
    read(key) {
      return createReadStream(file(key), { highWaterMark: 256 * 1024 }) as Readable
    },
    async write(key, body) {
      mkdirSync(dirname(file(key)), { recursive: true })
      const temp = `${file(key)}.tmp`
      writeFileSync(temp, body)
      renameSync(temp, file(key))
    },
    async text(key) {
      return existsSync(file(key)) ? readFileSync(file(key), 'utf8') : undefined
    },
    async removeAll(prefix) {
      rmSync(file(prefix), { recursive: true, force: true })
    },
    async removePage(prefix) {
      return removeLocalPage(root, prefix)
    },
  }
}

/** An import's folder, and the files in it. */
export const importPaths = (tenantId: string, importId: string) => {
  const base = `imports/${tenantId}/${importId}`
  const part = (folder: string, n: number) => `${base}/${folder}/${String(n).padStart(6, '0')}.jsonl`
  return {
    base,
    source: `${base}/source`,
    analysis: `${base}/analysis.json`,
    rows: (n: number) => part('rows', n),
    report: (n: number) => part('report', n),
    result: (n: number) => part('result', n),
  }
}
