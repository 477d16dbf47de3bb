import {mkdir, mkdtemp, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import path from 'node:path'

/** A fresh temporary directory whose name has underscores, as users' directories may. */
export async function temporaryDirectory(): Promise<string> {
  return mkdtemp(path.join(tmpdir(), 'bench_score_test_'))
}

/** A verdict line in batchling's format; `answer` is the judge's raw text, `model` the judge's. */
export function batchlingLine(custom_id: string, answer: string, model = 'judge'): string {
  return JSON.stringify({id: null, custom_id, answer, model, original: {}})
}

export function judgement(answer: boolean, justification: boolean): string {
  return JSON.stringify({is_answer_correct: answer, is_justification_correct: justification})
}

export async function writeLines(file: string, lines: readonly string[]): Promise<string> {
  await mkdir(path.dirname(file), {recursive: true})
  await writeFile(file, lines.join('\n') + '\n')
  return file
}
