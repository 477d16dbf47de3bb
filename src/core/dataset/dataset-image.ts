import {isCanonicalBase64} from '../prepare/base64.js'

/** The picture formats a riddle's `img` may hold: the Hub dataset uses JPEG; PNG costs nothing more. */
export type ImageMime = 'image/jpeg' | 'image/png'

const SIGNATURES: readonly {mime: ImageMime; bytes: readonly number[]}[] = [
  {mime: 'image/jpeg', bytes: [0xff, 0xd8, 0xff]},
  {mime: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47]},
]

/** Decodes only the first bytes: enough for the signatures, and cheap on a megabyte picture. */
function leadingBytes(base64: string): Buffer {
  return Buffer.from(base64.slice(0, 8), 'base64')
}

/** The type of a base64 picture, read from its signature; undefined when neither JPEG nor PNG. */
export function imageMimeType(base64: string): ImageMime | undefined {
  const head = leadingBytes(base64)
  return SIGNATURES.find(({bytes}) => bytes.every((byte, index) => head[index] === byte))?.mime
}

/** Why `img` is not a bare base64 JPEG or PNG, as the end of a one-line error; undefined when it is. */
export function imageProblem(img: string): string | undefined {
  if (img === '') return 'is empty; give the picture as a base64 JPEG'
  if (img.startsWith('data:')) return 'starts with "data:"; give the bare base64 without the data: URL prefix'
  if (!isCanonicalBase64(img)) {
    return 'is not base64 (A-Z, a-z, 0-9, "+", "/", "=" padding, no line breaks); give the picture as a base64 JPEG'
  }
  if (imageMimeType(img) === undefined) {
    const hex = [...leadingBytes(img).subarray(0, 4)].map((byte) => byte.toString(16).padStart(2, '0')).join(' ')
    return `decodes to neither a JPEG nor a PNG (first bytes ${hex}); convert the picture to JPEG`
  }
  return undefined
}
