import {createHash} from 'node:crypto'

/**
 * The shapes of identifiers the vendors hand out. `hex` (OpenAI `batch_6721...`), `base62`
 * (Anthropic `msgbatch_01...`), `ulid` (Groq `batch_01jh6x...`), `uuid` (Together, Mistral),
 * `digits` (Gemini `batches/123456789`).
 */
export type IdFormat = 'hex' | 'base62' | 'ulid' | 'uuid' | 'digits'

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'
const CROCKFORD = '0123456789abcdefghjkmnpqrstvwxyz'

/**
 * Makes identifiers that are unique within one emulator and reproducible for a seed, so a test
 * or a demo sees the same ids on every run.
 */
export class IdFactory {
  private counter = 0

  constructor(private readonly seed: number) {}

  /** A new id: `prefix` followed by a body in the vendor's format. */
  next(prefix: string, format: IdFormat = 'hex'): string {
    this.counter += 1
    const digest = createHash('sha256').update(`${this.seed}:${this.counter}:${prefix}`).digest()
    return prefix + render(digest, format)
  }
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
