import { DeleteObjectsCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { getSignedUrl } from '@aws-sdk/s3-request-presigner'
import type { Readable } from 'node:stream'
import { removeS3Page } from '../../jobs/files-s3'
import type { ImportFiles } from './files'

let client: S3Client | undefined
const s3 = () => (client ??= new S3Client({}))

/**
 * Import files in S3. The browser PUTs the file straight to the bucket with a presigned link (API Gateway
 * takes 10 MB at most, and a 50 MB file should cross the network once); the job reads it back as a stream.
 */
export function s3ImportFiles(Bucket: string): ImportFiles {
  return {
    async receive() {
      throw new Error('in AWS the file goes to S3 through its upload link')
    },
    async uploadUrl(Key, bytes) {
      const command = new PutObjectCommand({ Bucket, Key, ContentLength: bytes, ServerSideEncryption: 'AES256' })
      const url = await getSignedUrl(s3(), command, { expiresIn: 900, signableHeaders: new Set(['content-length']) })
      return { url, headers: { 'x-amz-server-side-encryption': 'AES256' } }
    },
    async size(Key) {
      const head = await s3().send(new HeadObjectCommand({ Bucket, Key })).catch(() => undefined)
      return head?.ContentLength
    },
    read(Key) {
      return {
        async *[Symbol.asyncIterator]() {
          const out = await s3().send(new GetObjectCommand({ Bucket, Key }))
          yield* out.Body as Readable
        },
      }
    },
    async write(Key, body) {
      await s3().send(new PutObjectCommand({ Bucket, Key, Body: body, ServerSideEncryption: 'AES256' }))
    },
    async text(Key) {
      const out = await s3().send(new GetObjectCommand({ Bucket, Key })).catch((e: Error) => {
        if (e.name === 'NoSuchKey') return undefined
        throw e
      })
      return out ? await out.Body!.transformToString('utf8') : undefined
    },
    async removeAll(Prefix) {
      for (let token: string | undefined; ; ) {
        const page = await s3().send(new ListObjectsV2Command({ Bucket, Prefix: `${Prefix}/`, ContinuationToken: token }))
        const objects = (page.Contents ?? []).map((o) => ({ Key: o.Key! }))
        if (objects.length) await s3().send(new DeleteObjectsCommand({ Bucket, Delete: { Objects: objects } }))
        token = page.NextContinuationToken
        if (!token) break
      }
    },
    removePage: (prefix) => removeS3Page(s3(), Bucket, prefix),
  }
}
