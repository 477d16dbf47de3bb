import {open, stat, type FileHandle} from 'node:fs/promises'
import {createReadStream} from 'node:fs'
import {join} from 'node:path'

import {ENDPOINT_PROVIDER} from '../names.js'
import {normalizeOpenAIEnvelope} from '../shared/openai-envelope.js'
import {PROCESSED_DIR} from '../../core/batch/manifest.js'
import {splitLineBatches} from '../../core/jsonl.js'

/**
 * The worker's answers file: one line per request it finished, appended as each answer arrives.
 * The line is the OpenAI batch-output envelope (`{custom_id, response: {status_code, body}, error}`),
 * so the normalizer every OpenAI-style vendor uses reads it, plus what only a local run knows.
 */
export interface AnswerLine {
  custom_id: string
  /** The server's answer, success or error; null when none came (timeout, connection lost). */
  response: {status_code: number; body: unknown} | null
  /** Why there is no usable response after the last attempt. */
  error: {code: string; message: string} | null
  /** From sending the last attempt to its answer. */
  latency_ms: number
  attempts: number
  /** ISO 8601, when the answer was written. */
  at: string
}

export function answersPath(name: string): string {
  return join(PROCESSED_DIR, `${name}.answers.jsonl`)
}

/**
 * Appends answers to the file, one `write` each: a killed worker loses at most the answers in
 * flight, never one already written. A line torn by a crash mid-write is ended first, so the next
 * answer starts on a line of its own (readers skip the torn one).
 */
export class AnswersAppender {
  private constructor(private readonly handle: FileHandle) {}

  static async open(path: string): Promise<AnswersAppender> {
    const handle = await open(path, 'a')
    const size = (await handle.stat()).size
    if (size > 0 && !(await endsWithNewline(path, size))) await handle.write('\n')
    return new AnswersAppender(handle)
  }

  async append(answer: AnswerLine): Promise<void> {
    await this.handle.write(JSON.stringify(answer) + '\n')
  }

  close(): Promise<void> {
    return this.handle.close()
  }
}

async function endsWithNewline(path: string, size: number): Promise<boolean> {
  const handle = await open(path, 'r')
  try {
    const last = Buffer.alloc(1)
    await handle.read(last, 0, 1, size - 1)
    return last[0] === 0x0a
  } finally {
    await handle.close()
  }
}

/** The answers written so far, a chunk of lines at a time; a torn or foreign line is skipped. */
export async function* readAnswers(path: string): AsyncGenerator<AnswerLine[]> {
  if (!(await exists(path))) return
  for await (const lines of splitLineBatches(createReadStream(path, {highWaterMark: 1 << 18}))) {
    const answers: AnswerLine[] = []
    for (const {text} of lines) {
      const answer = parseAnswer(text)
      if (answer !== undefined) answers.push(answer)
    }
    yield answers
  }
}

/** The ids already answered: a re-run of the worker skips them, so none is paid for twice. */
export async function answeredIds(path: string): Promise<Set<string>> {
  const ids = new Set<string>()
  for await (const answers of readAnswers(path)) for (const answer of answers) ids.add(answer.custom_id)
  return ids
}

/** Whether an answer is a success, as the results file will count it: a refused or truncated 200 is not. */
export function answerSucceeded(answer: AnswerLine): boolean {
  return normalizeOpenAIEnvelope(answer, {model: '', provider: ENDPOINT_PROVIDER})?.ok === true
}

function parseAnswer(text: string): AnswerLine | undefined {
  try {
    const value = JSON.parse(text) as Partial<AnswerLine> | null
    return typeof value?.custom_id === 'string' ? (value as AnswerLine) : undefined
  } catch {
    return undefined
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  )
}

