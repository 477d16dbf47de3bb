import {imageMimeType, imageProblem} from './dataset-image.js'
import type {Riddle} from './riddle.js'
import {BenchmarkAnswer, BenchmarkJudgement} from './schemas.js'
import {UserError} from '../errors.js'
import type {CanonicalRequest, RequestPart, Thinking} from '../prepare/request.js'

/** The request settings a command passes through unchanged to every request of a batch. */
export interface GenerationOptions {
  maxTokens?: number
  thinking?: Thinking
  temperature?: number
}

export interface PredictionOptions extends GenerationOptions {
  /** How many of the four hints to show, 0 to 4 (`--hints`). */
  hints: number
}

/** What the evaluated model answered, as parsed (or repaired) from its output. */
export interface Prediction {
  answer: string
  justification: string
}

const PREDICTION_SYSTEM_PROMPT = [
  'You solve riddles from the Professor Layton games.',
  'You receive the riddle question, an image of the riddle when the riddle needs one, and sometimes hints.',
  'First write a justification: the reasoning that leads to your answer. Then write the answer itself.',
  'Both are graded, the answer for being right and the justification for supporting it, so they must agree with each other.',
].join(' ')

const JUDGE_SYSTEM_PROMPT = [
  'You grade answers to riddles from the Professor Layton games.',
  "You receive the riddle (its question, its image when it has one, and its hints), the ground truth (the correct answer, the official solution and a suggested justification), then a participant's answer and justification.",
  "Decide two things. is_answer_correct: the participant's answer means the same as the correct answer; wording and format may differ, substance may not.",
  "is_justification_correct: the participant's justification is sound reasoning that leads to the correct answer. It may follow another path than the suggested justification and still be correct.",
].join(' ')

/** Hint fields in the order the game reveals them, with the label each gets in the prompt. */
export const HINTS = [
  {field: 'first_hint', label: 'First hint'},
  {field: 'second_hint', label: 'Second hint'},
  {field: 'third_hint', label: 'Third hint'},
  {field: 'special_hint', label: 'Special hint'},
] as const

/** The request asking a model to solve one riddle (layton-eval.md §2). */
export function buildPredictionRequest(riddle: Riddle, options: PredictionOptions): CanonicalRequest {
  if (!Number.isInteger(options.hints) || options.hints < 0 || options.hints > HINTS.length) {
    throw new UserError(`--hints must be a whole number from 0 to ${HINTS.length}, got ${options.hints}`)
  }
  return {
    custom_id: riddle.id,
    system: PREDICTION_SYSTEM_PROMPT,
    parts: riddleParts(riddle, options.hints),
    schema: BenchmarkAnswer,
    ...generationSettings(options),
  }
}

/**
 * The request asking a judge whether one prediction is right (layton-eval.md §3). The judge sees
 * every hint the riddle has, whatever the evaluated model was shown.
 */
export function buildJudgeRequest(riddle: Riddle, prediction: Prediction, options: GenerationOptions = {}): CanonicalRequest {
  const groundTruth: RequestPart[] = [
    text(`Riddle answer: ${riddle.answer}`),
    // Some riddles have no solution text; an empty labelled part would only confuse the judge.
    ...(hasText(riddle.solution) ? [text(`Riddle solution: ${riddle.solution}`)] : []),
    text(`Suggested justification: ${riddle.justification}`),
  ]
  return {
    custom_id: riddle.id,
    system: JUDGE_SYSTEM_PROMPT,
    parts: [
      ...riddleParts(riddle, HINTS.length),
      ...groundTruth,
      text(`Participant answer: ${prediction.answer}`),
      text(`Participant justification: ${prediction.justification}`),
    ],
    schema: BenchmarkJudgement,
    ...generationSettings(options),
  }
}

/** What both requests show of the riddle: question, image (`vlm`), then the first `hints` hints. */
function riddleParts(riddle: Riddle, hints: number): RequestPart[] {
  const parts: RequestPart[] = [text(`Riddle question: ${riddle.description}`)]
  if (riddle.split === 'vlm') parts.push(riddleImage(riddle))
  for (const {field, label} of HINTS.slice(0, hints)) {
    const hint = riddle[field]
    if (hasText(hint)) parts.push(text(`${label}: ${hint}`))
  }
  return parts
}

function riddleImage(riddle: Riddle): RequestPart {
  const mime = imageMimeType(riddle.img)
  if (mime === undefined) {
    throw new UserError(`riddle "${riddle.id}" is in split vlm but its "img" ${imageProblem(riddle.img)}`)
  }
  return {type: 'image', mime, data: riddle.img}
}

/** Copies only the settings that are set, so a request carries no empty keys. */
function generationSettings(options: GenerationOptions): Pick<CanonicalRequest, 'max_tokens' | 'thinking' | 'temperature'> {
  return {
    ...(options.maxTokens !== undefined && {max_tokens: options.maxTokens}),
    ...(options.thinking !== undefined && {thinking: options.thinking}),
    ...(options.temperature !== undefined && {temperature: options.temperature}),
  }
}

function hasText(value: string | null): value is string {
  return value !== null && value.trim() !== ''
}

function text(value: string): RequestPart {
  return {type: 'text', text: value}
}
