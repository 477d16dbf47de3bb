import {answerField} from '../benchmarks/benchmark.js'
import {loadBenchmark} from '../benchmarks/registry.js'
import type {BatchManifest, BenchmarkRecord} from '../batch/manifest.js'
import {UserError} from '../errors.js'
import type {ResultLine} from '../results/result.js'
import type {ArenaPrompt} from './answers.js'

/**
 * The standard benchmarks whose answers are free text, worth a reader's or a judge's comparison,
 * and how each answer reads in the arena. The others answer with a choice letter (MMLU,
 * TruthfulQA, HellaSwag, MedQA, BBQ) or a bare value (custom exact answers): two of those side by
 * side say only which is right, which `bench score` already grades against the key.
 */
const FREE_TEXT_ANSWERS: Record<string, (line: ResultLine) => string | undefined> = {
  // The working is the answer worth comparing; the final number heads it.
  gsm8k: (line) => {
    const answer = answerField(line)
    const reasoning = answerField(line, 'reasoning')
    return answer === undefined || reasoning === undefined || reasoning.trim() === '' ? undefined : `**Answer:** ${answer}\n\n${reasoning}`
  },
  // Replies to prompts that sound unsafe, sent without a schema: the text as it came.
  xstest: (line) => (typeof line.text === 'string' && line.text.trim() !== '' ? line.text : undefined),
}

/** The batch's benchmark record, once it is known to answer in free text; refuses the others in one line. */
export function freeTextBenchmark(manifest: BatchManifest): BenchmarkRecord {
  const record = manifest.benchmark
  if (record === undefined) throw new UserError(`batch ${manifest.name} was prepared from a benchmark but its record names none: prepare it again`)
  if (Object.hasOwn(FREE_TEXT_ANSWERS, record.name)) return record
  const answers = record.name === 'custom' ? 'a choice letter or a short exact answer' : 'a choice letter'
  throw new UserError(
    `batch ${manifest.name} holds ${record.name} answers, ${answers} per question: compared two at a time they only say which is right, as \`bench score\` does; bench arena takes free-text answers (${Object.keys(FREE_TEXT_ANSWERS).join(', ')}, Layton, scenarios)`,
  )
}

/**
 * The benchmark's questions as the arena shows them, by request id: the question the model was
 * asked, rebuilt from the batch's record (the same files, seed and subjects), with a word on the
 * worked examples it was shown before it (--shots), which are not repeated on every prompt.
 */
export async function benchmarkPrompts(manifest: BatchManifest): Promise<Map<string, ArenaPrompt>> {
  const record = freeTextBenchmark(manifest)
  const benchmark = await loadBenchmark(record.name)
  const {items} = await benchmark.load({datasetPath: manifest.dataset.path, shots: 0, seed: record.seed, ...(record.subjects !== undefined && {subjects: record.subjects})})
  const shots = record.shots === 0 ? '' : `\n\n(The model was first shown ${record.shots} worked example${record.shots === 1 ? '' : 's'} from ${benchmark.title}, not shown here.)`
  return new Map(items.map((item) => [item.id, {id: item.id, ...(item.group !== 'all' && {category: item.group}), turns: [item.text + shots]}]))
}

/** The answer as a reader should see it; undefined for a failed request or a reply without the answer's fields. */
export function benchmarkAnswer(manifest: BatchManifest, line: ResultLine): string | undefined {
  return line.ok ? FREE_TEXT_ANSWERS[freeTextBenchmark(manifest).name]!(line) : undefined
}
