import type {OutputSchema} from '../prepare/request.js'

/**
 * The two strict output schemas of the Layton benchmark, as published with it
 * (`benchmark_answer_schema.json`, `benchmark_judgement_schema.json`). They are kept here rather
 * than read at run time so that `prepare` works from any directory; a test compares them with the
 * published files.
 */

/** A prediction: the justification comes first so the model reasons before it commits to an answer. */
export const BenchmarkAnswer: OutputSchema = {
  name: 'BenchmarkAnswer',
  schema: {
    properties: {
      justification: {
        description: 'A justification for the answer you think is correct.',
        title: 'Justification',
        type: 'string',
      },
      answer: {
        description: 'A final answer that you think correct and suits your justification.',
        title: 'Answer',
        type: 'string',
      },
    },
    required: ['justification', 'answer'],
    title: 'BenchmarkAnswer',
    type: 'object',
    additionalProperties: false,
  },
}

/** A judge's verdict on one prediction; `both_correct` is derived from it, never asked. */
export const BenchmarkJudgement: OutputSchema = {
  name: 'BenchmarkJudgement',
  schema: {
    properties: {
      is_answer_correct: {
        description: 'Whether the answer is correct or not.',
        title: 'Is Answer Correct',
        type: 'boolean',
      },
      is_justification_correct: {
        description: 'Whether the justification is correct or not.',
        title: 'Is Justification Correct',
        type: 'boolean',
      },
    },
    required: ['is_answer_correct', 'is_justification_correct'],
    title: 'BenchmarkJudgement',
    type: 'object',
    additionalProperties: false,
  },
}
