import {
  AbortMultipartUploadCommand, CompleteMultipartUploadCommand, CreateMultipartUploadCommand, DeleteObjectCommand, DeleteObjectsCommand, GetObjectCommand,
  HeadObjectCommand, ListMultipartUploadsCommand, ListObjectsV2Command, ListPartsCommand, S3Client, UploadPartCommand,
} from '@aws-sdk/client-s3'
import { getSignedUrl } from '@aws-sdk/s3-request-presigner'
import { fileGone, folderPrefix, removePageSize, type ExportFiles, type RemovedPage } from './files'

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
      // a signed link to a missing object would show the person S3's own error page
      await s3().send(new HeadObjectCommand({ Bucket, Key })).catch((e: { name?: string }) => {
        throw e.name === 'NotFound' || e.name === 'NoSuchKey' ? fileGone() : e
      })
      // saved as a file when the browser opens the link, never shown as a page of text
      const ResponseContentDisposition = `attachment; filename="${Key.split('/').pop()}"`
      return { url: await getSignedUrl(s3(), new GetObjectCommand({ Bucket, Key, ResponseContentDisposition, ResponseContentType: 'application/x-ndjson' }), { expiresIn: 900 }) }
    },
    async remove(Key, UploadId) {
      if (UploadId) await s3().send(new AbortMultipartUploadCommand({ Bucket, Key, UploadId })).catch(() => undefined)
      await s3().send(new DeleteObjectCommand({ Bucket, Key }))
    },
    removePage: (prefix, keep) => removeS3Page(s3(), Bucket, prefix, keep),
  }
}

/**
 * One page of removing a folder in S3: the first 1,000 keys under it (ListObjectsV2), deleted in one
 * DeleteObjects, and the unfinished multipart uploads under it aborted (their parts are stored data too).
 * Listing from the start each time is what makes it resumable: what was deleted is no longer listed.
 */
export async function removeS3Page(client: S3Client, Bucket: string, prefix: string, keep?: string): Promise<RemovedPage> {
  const Prefix = folderPrefix(prefix)
  const listed = await client.send(new ListObjectsV2Command({ Bucket, Prefix, MaxKeys: removePageSize() }))
  const objects = (listed.Contents ?? []).filter((o) => o.Key !== keep).map((o) => ({ Key: o.Key! }))
  if (objects.length) {
    const out = await client.send(new DeleteObjectsCommand({ Bucket, Delete: { Objects: objects, Quiet: true } }))
    // DeleteObjects answers 200 with per-key errors: a key not deleted must not pass as removed
    if (out.Errors?.length) throw new Error(`S3 kept ${out.Errors.length} objects under ${Prefix}: ${out.Errors[0]!.Code}`)
  }
  const uploads = await client.send(new ListMultipartUploadsCommand({ Bucket, Prefix, MaxUploads: removePageSize() }))
  for (const u of uploads.Uploads ?? []) if (u.Key !== keep) await client.send(new AbortMultipartUploadCommand({ Bucket, Key: u.Key, UploadId: u.UploadId }))
  return { removed: objects.length, more: Boolean(listed.IsTruncated || uploads.IsTruncated) }
}
