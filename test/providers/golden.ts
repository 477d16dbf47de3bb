import {PICTURE_HINTS, PICTURE_QUESTION, TEXT_QUESTION, TINY_JPEG, textRiddle} from './riddle-fixtures.js'
import {buildPredictionRequest} from '../../src/core/dataset/layton-prompt.js'
import {BenchmarkAnswer} from '../../src/core/dataset/schemas.js'
import type {CanonicalRequest} from '../../src/core/prepare/request.js'

/**
 * The parts of the expected lines that the vendors share. Each format test still spells out what
 * is its vendor's own (envelope, image part, setting names), so a golden line shows at a glance
 * where that vendor differs; what is the same for all of them is written once here.
 */

/** The text riddle without hints, the simplest request `prepare` builds. */
export const textRequest = buildPredictionRequest(textRiddle, {hints: 0})

/** The system prompt: the same for every riddle, hint count and setting. */
export const system = textRequest.system

/** A request holding only a PDF, which some vendors read and the others refuse. */
export const pdfRequest: CanonicalRequest = {custom_id: 'doc', parts: [{type: 'file', mime: 'application/pdf', name: 'rules.pdf', data: 'JVBERi0='}]}

/** The JPEG fixture as a data URL, as the chat-completions vendors take an inline image. */
export const JPEG_DATA_URL = `data:image/jpeg;base64,${TINY_JPEG}`

/** The answer schema as `response_format`, in OpenAI's spelling that Groq, Together and Mistral copy. */
export const responseFormat = {type: 'json_schema', json_schema: {name: 'BenchmarkAnswer', schema: BenchmarkAnswer.schema, strict: true}}

/** The picture riddle's user content with all hints: the question, the vendor's image part, then one text part per hint. */
export function pictureContent(imagePart: object): object[] {
  return [{type: 'text', text: PICTURE_QUESTION}, imagePart, ...PICTURE_HINTS.map((hint) => ({type: 'text', text: hint}))]
}

/** Chat-completions messages for the text riddle: the system prompt, then the question as one text part. */
export const textMessages = [
  {role: 'system', content: system},
  {role: 'user', content: [{type: 'text', text: TEXT_QUESTION}]},
]

/** Chat-completions messages for the picture riddle with all hints (see `pictureContent`). */
export function pictureMessages(imagePart: object): object[] {
  return [
    {role: 'system', content: system},
    {role: 'user', content: pictureContent(imagePart)},
  ]
}

/** OpenAI's batch-line envelope, which Groq copies: the request is a POST to chat completions. */
export function chatCompletionsLine(customId: string, body: object): object {
  return {custom_id: customId, method: 'POST', url: '/v1/chat/completions', body}
}
