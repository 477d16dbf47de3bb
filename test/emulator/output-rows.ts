import type OpenAI from 'openai'

/**
 * One line of an OpenAI-style batch output or error file (OpenAI, Groq, Together, Mistral): the
 * fields the emulator tests read. A line the vendor answered has `response`; one it could not
 * run has `error`, or a `response` whose body is the error.
 */
export interface OutputRow {
  id?: string
  custom_id: string
  response: {status_code: number; body: OpenAI.Chat.ChatCompletion} | null
  error: {code: string; message: string} | null
}

/** The rows of an output or error file's text. */
export function outputRows(text: string): OutputRow[] {
  return text
    .trim()
    .split('\n')
    .map((row) => JSON.parse(row) as OutputRow)
}
