import {randomBytes} from 'node:crypto'

/**
 * The shapes of identifiers the vendors hand out. `hex` (OpenAI `batch_6721...`), `base62`
 * (Anthropic `msgbatch_01...`), `ulid` (Groq `batch_01jh6x...`), `uuid` (Together, Mistral),
 * `digits` (Gemini `batches/123456789`).
 */
export type IdFormat = 'hex' | 'base62' | 'ulid' | 'uuid' | 'digits'

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'
const CROCKFORD = '0123456789abcdefghjkmnpqrstvwxyz'

/**
 * A new id: `prefix` followed by a random body in the vendor's format. Random rather than seeded:
 * a vendor never hands out an id twice, and an emulator restarted with the same seed must not
 * either, or a client would take a new batch for an old one (issue 14 section 1).
 */
export function newId(prefix: string, format: IdFormat = 'hex'): string {
  return prefix + render(randomBytes(32), format)
}

function render(digest: Buffer, format: IdFormat): string {
  switch (format) {
    case 'hex':
      return digest.toString('hex').slice(0, 24)
    case 'base62':
      return '01' + pick(digest, BASE62, 22)
    case 'ulid':
      return '01' + pick(digest, CROCKFORD, 24)
    case 'digits':
      return String(digest.readBigUInt64BE(0) % 10n ** 15n).padStart(15, '1')
    case 'uuid': {
      const hex = digest.toString('hex')
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`
    }
  }
}

function pick(digest: Buffer, alphabet: string, length: number): string {
  let out = ''
  for (let index = 0; index < length; index += 1) out += alphabet[digest[index % digest.length]! % alphabet.length]
  return out
}
