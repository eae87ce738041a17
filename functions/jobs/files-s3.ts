import {
  AbortMultipartUploadCommand, CompleteMultipartUploadCommand, CreateMultipartUploadCommand, DeleteObjectCommand, GetObjectCommand,
  HeadObjectCommand, ListPartsCommand, S3Client, UploadPartCommand,
} from '@aws-sdk/client-s3'
import { getSignedUrl } from '@aws-sdk/s3-request-presigner'
import type { ExportFiles } from './files'

let client: S3Client | undefined
const s3 = () => (client ??= new S3Client({}))

/**
 * Export files in S3 as multipart uploads: each job step uploads one part (re-uploading a part number
 * replaces it), completion lists the parts S3 holds, so no part list is kept in the job. Uploads left
 * unfinished by a cancelled job are aborted, and the bucket's lifecycle rule clears any that slip through.
 */
export function s3Files(Bucket: string): ExportFiles {
  return {
    async begin(Key) {
      const out = await s3().send(new CreateMultipartUploadCommand({ Bucket, Key, ContentType: 'application/x-ndjson', ServerSideEncryption: 'AES256' }))
      return out.UploadId!
    },
    async writePart(Key, UploadId, PartNumber, body) {
      await s3().send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber, Body: body }))
    },
    async complete(Key, UploadId, parts) {
      const done = await s3().send(new HeadObjectCommand({ Bucket, Key })).catch(() => undefined)
      if (done) return { bytes: done.ContentLength ?? 0 }
      const listed = await s3().send(new ListPartsCommand({ Bucket, Key, UploadId, MaxParts: 10_000 }))
      const held = (listed.Parts ?? []).filter((p) => (p.PartNumber ?? 0) <= parts).map((p) => ({ PartNumber: p.PartNumber, ETag: p.ETag }))
      await s3().send(new CompleteMultipartUploadCommand({ Bucket, Key, UploadId, MultipartUpload: { Parts: held } }))
      const head = await s3().send(new HeadObjectCommand({ Bucket, Key }))
      return { bytes: head.ContentLength ?? 0 }
    },
    async download(Key) {
      return { url: await getSignedUrl(s3(), new GetObjectCommand({ Bucket, Key }), { expiresIn: 900 }) }
    },
    async remove(Key, UploadId) {
      if (UploadId) await s3().send(new AbortMultipartUploadCommand({ Bucket, Key, UploadId })).catch(() => undefined)
      await s3().send(new DeleteObjectCommand({ Bucket, Key }))
    },
  }
}
