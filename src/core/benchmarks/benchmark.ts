import type {OutputSchema} from '../prepare/request.js'
import type {ResultLine} from '../results/result.js'

/**
 * The shape every standard benchmark has in bench: a module (one file in this folder, one line in
 * registry.ts) that loads and checks the benchmark's rows, turns each into a question with the
 * answer schema that constrains the reply, and grades a reply against the answer key that
 * `prepare` writes beside the batch.
 */

/** One question, ready to be sent: its text, its answer schema, and what `score` needs to grade it. */
export interface BenchmarkItem<Key = unknown> {
  /** Unique within the batch; the request's custom_id. */
  id: string
  /** What per-group figures group by: MMLU's subject, XSTest's type, BBQ's category... */
  group: string
  system?: string
  /** The user message. */
  text: string
  /** Undefined for a free-text answer (XSTest, judged afterwards). */
  schema?: OutputSchema
  key: Key
}

/** Where the rows come from, and how to make questions of them. */
export interface LoadContext {
  /** A local file or folder in the benchmark's original release format; undefined: the Hub. */
  datasetPath?: string
  /** A local file of the split examples are drawn from (with `datasetPath`, for --shots). */
  shotsPath?: string
  /** Worked examples before each question, from the benchmark's own dev or train split. */
  shots: number
  /** Keep only these groups (MMLU subjects, BBQ categories). */
  subjects?: readonly string[]
  /** Seeds anything random in the questions (TruthfulQA's choice order). */
  seed: number
}

/** A benchmark's questions, and the files they were read from. */
export interface LoadedItems<Key = unknown> {
  items: BenchmarkItem<Key>[]
  files: string[]
}

/**
 * What became of one question: `correct` and `wrong` are read answers (`answered` for a judged
 * benchmark's, before its judges); the others could not be graded and count as wrong:
 * `unparseable` (no valid answer in the reply), or a request that did not succeed, by its result
 * code (`refusal`, `safety`, `truncated`, `missing`...). A string: the result codes are the vendors'.
 */
export type Outcome = string

export interface Grade {
  outcome: Outcome
  /** The answer as read (a letter, a normalized number), when there was one. */
  answer?: string
}

/** How per-group rows are called in reports. */
export type GroupKind = 'subject' | 'category' | 'type'

export interface Benchmark<Key = unknown> {
  name: string
  title: string
  /** What `--dataset` takes, for help and errors. */
  localFormat: string
  /** Where `--shots` draws its examples from; undefined: the benchmark has no such split. */
  shotsFrom?: string
  /** What the headline figure measures, e.g. `accuracy`. */
  metric: string
  groupKind: GroupKind
  /** Whether answers are classified by a judge panel (XSTest) rather than graded against a key. */
  judged?: boolean
  load(context: LoadContext): Promise<LoadedItems<Key>>
  /** Grades one reply; judged benchmarks grade from their verdicts instead (see xstest.ts). */
  grade(key: Key, line: ResultLine): Grade
}

/** The fate of a request that did not succeed, or undefined when it did. */
export function failedOutcome(line: ResultLine): Outcome | undefined {
  return line.ok ? undefined : (line.error?.code ?? 'failed')
}

/** The `answer` field of a structured reply, when the reply parsed as an object holding a string there. */
export function answerField(line: ResultLine, field = 'answer'): string | undefined {
  const parsed = line.parsed
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined
  const value = (parsed as Record<string, unknown>)[field]
  return typeof value === 'string' ? value : undefined
}
