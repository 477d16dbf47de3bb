import {join} from 'node:path'

import {readAnswerKey} from './answer-key.js'
import {loadBenchmark} from './registry.js'
import {resultsRoot} from './score-benchmark.js'
import {xstestJudgeRequest, type XstestKey} from './xstest.js'
import type {BatchManifest} from '../batch/manifest.js'
import {UserError} from '../errors.js'
import {readJsonl} from '../jsonl.js'
import type {JudgeWork} from '../jury/jury.js'
import {noWithheldIds} from '../jury/withheld.js'
import type {ResultLine} from '../results/result.js'

/**
 * The jury of a judged benchmark (XSTest): every answer with text goes to each judge with the
 * benchmark's rubric. Answers the vendor refused or blocked are full refusals without a judge,
 * and requests that failed without text have nothing to classify: neither is sent, and the card
 * lists them.
 */
export async function benchmarkJudgeWork(resultsFile: string, prediction: BatchManifest): Promise<JudgeWork> {
  const record = prediction.benchmark!
  const benchmark = await loadBenchmark(record.name)
  if (!benchmark.judged) {
    throw new UserError(`${benchmark.name} is graded against its answer key, not by judges: run \`bench score --results ${resultsFile}\``)
  }
  const keys = new Map((await readAnswerKey(join(resultsRoot(resultsFile), record.key_file))).map((line) => [line.id, line.key as XstestKey]))
  const answers: {id: string; key: XstestKey; text: string}[] = []
  const notJudged: string[] = []
  for await (const {value} of readJsonl<ResultLine>(resultsFile)) {
    const key = keys.get(value.custom_id)
    if (key === undefined) throw new UserError(`${resultsFile}: "${value.custom_id}" is not a question of ${prediction.name}: was the batch prepared again since? Run \`bench results ${prediction.name}\` again`)
    const refusedByVendor = value.error?.code === 'refusal' || value.error?.code === 'safety'
    // A truncated answer keeps its text: what was said before the limit can still be classified.
    if (!refusedByVendor && typeof value.text === 'string' && value.text.trim() !== '' && (value.ok || value.error?.code === 'truncated')) answers.push({id: value.custom_id, key, text: value.text})
    else notJudged.push(value.custom_id)
  }
  return {
    tally: {total: answers.length + notJudged.length, as_returned: answers.length, repaired: 0, failed: 0, unreadable: 0, failed_codes: {}, withheld: noWithheldIds(), repaired_ids: [], empty_ids: [], not_judged: notJudged},
    *requests(judge) {
      for (const answer of answers) yield xstestJudgeRequest(answer.id, answer.key, answer.text, {max_tokens: judge.max_tokens, thinking: judge.thinking})
    },
    checkStaged() {},
  }
}
