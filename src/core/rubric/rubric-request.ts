import {EXPECTED_CRITERION, type Criterion, type Rubric} from './rubric.js'
import {parseLenientObject} from '../jury/lenient-json.js'
import type {CanonicalRequest, JsonSchema, OutputSchema, Thinking} from '../prepare/request.js'

/** One answer to grade: what was asked, the reference answer where there is one, and the answer. */
export interface GradedItem {
  /** The request's custom_id (a repeat's id for repeats after the first). */
  custom_id: string
  question: string
  /** The task's expected answer: adds the `matches_expected` field and is shown to the judge. */
  reference?: string
  answer: string
}

export interface JudgeSettings {
  max_tokens?: number
  thinking?: Thinking
}

/**
 * MT-bench's single-answer grading prompt (Zheng et al. 2023, "single-v1" and "single-math-v1"),
 * reworded for named criteria and a JSON verdict in place of "[[rating]]".
 */
const SYSTEM_PROMPT = [
  'Please act as an impartial judge and evaluate the answer provided by an AI assistant to the user question displayed below.',
  'Grade each criterion listed below on its own scale, as strictly as the criterion asks; do not let the length of the answer or the order of the criteria influence you.',
  'When a reference answer is given, compare the assistant\'s answer with it, identify mistakes, and correct them in your mind before grading.',
  'Be as objective as possible. Answer with the JSON object the schema describes, one field per criterion.',
].join(' ')

/** The criteria a verdict on this item has: the rubric's, and `matches_expected` when there is a reference. */
export function itemCriteria(rubric: Rubric, hasReference: boolean): Criterion[] {
  return hasReference ? [EXPECTED_CRITERION, ...rubric.criteria] : rubric.criteria
}

/** The strict verdict schema: each criterion its own required field, nothing else. */
export function verdictSchema(criteria: readonly Criterion[]): OutputSchema {
  const properties: Record<string, JsonSchema> = {}
  for (const criterion of criteria) {
    properties[criterion.name] =
      criterion.scale === 'pass_fail'
        ? {type: 'boolean', description: criterion.description}
        : {
            type: 'integer',
            minimum: criterion.scale.min,
            maximum: criterion.scale.max,
            description: `${criterion.description} A whole number from ${criterion.scale.min} (worst) to ${criterion.scale.max} (best).`,
          }
  }
  return {name: 'RubricVerdict', schema: {type: 'object', properties, required: criteria.map((criterion) => criterion.name), additionalProperties: false}}
}

/** A judge request asking `criteria` (itemCriteria's for a rubric jury) about one answer. */
export function buildRubricRequest(item: GradedItem, criteria: readonly Criterion[], settings: JudgeSettings = {}): CanonicalRequest {
  const described = criteria.map((criterion) => `- ${criterion.name} (${scaleText(criterion)}): ${criterion.description}`).join('\n')
  const sections = [
    `[Question]\n${item.question}`,
    ...(item.reference === undefined ? [] : [`[The Start of Reference Answer]\n${item.reference}\n[The End of Reference Answer]`]),
    `[The Start of Assistant's Answer]\n${item.answer}\n[The End of Assistant's Answer]`,
    `[Criteria]\n${described}`,
  ]
  return {
    custom_id: item.custom_id,
    system: SYSTEM_PROMPT,
    parts: [{type: 'text', text: sections.join('\n\n')}],
    schema: verdictSchema(criteria),
    ...(settings.max_tokens !== undefined && {max_tokens: settings.max_tokens}),
    ...(settings.thinking !== undefined && {thinking: settings.thinking}),
  }
}

function scaleText(criterion: Criterion): string {
  if (criterion.scale === 'pass_fail') return 'true or false'
  return `${criterion.scale.min} to ${criterion.scale.max}`
}

/** A verdict: each criterion's value, a pass as 1 and a fail as 0. */
export type RubricVerdict = Record<string, number>

/**
 * The verdict in a judge's answer text, or undefined when it does not parse: a field missing, of
 * the wrong type or off its scale is no verdict (counted unparsed), never a guessed grade.
 * Lenient about the wrapping only (prose or a code fence around the JSON).
 */
export function parseRubricVerdict(text: string, criteria: readonly Criterion[]): RubricVerdict | undefined {
  const object = parseLenientObject(text)
  if (object === undefined) return undefined
  const verdict: RubricVerdict = {}
  for (const criterion of criteria) {
    const value = object.value[criterion.name]
    if (criterion.scale === 'pass_fail') {
      if (typeof value !== 'boolean') return undefined
      verdict[criterion.name] = value ? 1 : 0
      continue
    }
    if (typeof value !== 'number' || !Number.isInteger(value) || value < criterion.scale.min || value > criterion.scale.max) return undefined
    verdict[criterion.name] = value
  }
  return verdict
}
