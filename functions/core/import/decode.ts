import { createHash } from 'node:crypto'

export type Encoding = 'utf-8' | 'windows-1252'

/**
 * One pass over the file as stored: its checksum, its size, whether it is UTF-8 (any byte sequence that is
 * not valid UTF-8 means a legacy spreadsheet export, read as Windows-1252), and its beginning, for sniffing.
 */
export async function survey(bytes: AsyncIterable<Uint8Array>) {
  const hash = createHash('sha256')
  const strict = new TextDecoder('utf-8', { fatal: true })
  let size = 0
  let utf8 = true
  const head: Uint8Array[] = []
  let headBytes = 0
  for await (const chunk of bytes) {
    size += chunk.byteLength
    hash.update(chunk)
    if (headBytes < 64 * 1024) {
      head.push(chunk)
      headBytes += chunk.byteLength
    }
    if (utf8) {
      try {
        strict.decode(chunk, { stream: true })
      } catch {
        utf8 = false
      }
    }
  }
  if (utf8) {
    try {
      strict.decode()
    } catch {
      utf8 = false
    }
  }
  const encoding: Encoding = utf8 ? 'utf-8' : 'windows-1252'
  // a multi-byte character cut at the end of the sample is dropped, not an error
  const sample = new TextDecoder(encoding).decode(Buffer.concat(head)).replace(/\uFFFD$/, '')
  return { sha256: hash.digest('hex'), bytes: size, encoding, sample }
}

/** The file's text, chunk by chunk, without the byte-order mark (TextDecoder drops it). */
export async function* decoded(bytes: AsyncIterable<Uint8Array>, encoding: Encoding) {
  const decoder = new TextDecoder(encoding)
  for await (const chunk of bytes) {
    const text = decoder.decode(chunk, { stream: true })
    if (text) yield text
  }
  const rest = decoder.decode()
  if (rest) yield rest
}

/** The delimiter of a CSV: the one of `,` `;` tab found most often outside quotes in the header line. */
export function sniffDelimiter(sample: string): ',' | ';' | '\t' {
  const text = sample.replace(/^\uFEFF/, '')
  const counts = { ',': 0, ';': 0, '\t': 0 }
  let quoted = false
  for (const ch of text) {
    if (ch === '"') quoted = !quoted
    else if (!quoted && (ch === '\n' || ch === '\r')) {
      if (counts[','] + counts[';'] + counts['\t'] > 0) break
    } else if (!quoted && ch in counts) counts[ch as keyof typeof counts]++
  }
  const best = (Object.entries(counts) as [',' | ';' | '\t', number][]).sort((a, b) => b[1] - a[1])[0]!
  return best[1] > 0 ? best[0] : ','
}

/** JSON (a DHIS2 export) rather than a CSV: its first character opens an object or an array. */
export const looksLikeJson = (sample: string) => /^\s*[[{]/.test(sample.replace(/^\uFEFF/, ''))
