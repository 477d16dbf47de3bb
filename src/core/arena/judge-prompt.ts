import type {GenerationOptions} from '../dataset/layton-prompt.js'
import type {CanonicalRequest, OutputSchema} from '../prepare/request.js'
import type {ItemConversation} from './arena-record.js'

/** Which model is shown as assistant A: `ab` shows `model_a` first, `ba` shows `model_b` first. */
export type Order = 'ab' | 'ba'

export const ORDERS: readonly Order[] = ['ab', 'ba']

/**
 * The verdict, strict: the reason comes first so that a model writing in schema order reasons
 * before it decides, as MT-bench's judge prompt asks ("provide a short explanation ... After
 * providing your explanation, output your final verdict").
 */
export const PAIRWISE_VERDICT: OutputSchema = {
  name: 'PairwiseVerdict',
  schema: {
    title: 'PairwiseVerdict',
    type: 'object',
    properties: {
      reason: {type: 'string', description: 'A short comparison of the two answers.'},
      winner: {type: 'string', enum: ['A', 'B', 'tie'], description: 'A if assistant A is better, B if assistant B is better, tie otherwise.'},
    },
    required: ['reason', 'winner'],
    additionalProperties: false,
  },
}

/*
 * MT-bench's pairwise judge prompts ("pair-v2" and "pair-v2-multi-turn", lm-sys/FastChat,
 * fastchat/llm_judge/data/judge_prompts.jsonl, Apache-2.0), with the "[[A]]" output format
 * replaced by the strict JSON verdict. Reference answers (MT-bench's math and coding variants)
 * are not used: the arena's prompts have none.
 */
const SINGLE_TURN_SYSTEM = [
  'Please act as an impartial judge and evaluate the quality of the responses provided by two AI assistants to the user question displayed below.',
  "You should choose the assistant that follows the user's instructions and answers the user's question better.",
  'Your evaluation should consider factors such as the helpfulness, relevance, accuracy, depth, creativity, and level of detail of their responses.',
  'Begin your evaluation by comparing the two responses and provide a short explanation.',
  'Avoid any position biases and ensure that the order in which the responses were presented does not influence your decision.',
  'Do not allow the length of the responses to influence your evaluation. Do not favor certain names of the assistants. Be as objective as possible.',
  'After providing your explanation, give your final verdict: "A" if assistant A is better, "B" if assistant B is better, and "tie" for a tie.',
].join(' ')

const MULTI_TURN_SYSTEM = [
  'Please act as an impartial judge and evaluate the quality of the responses provided by two AI assistants to the user questions.',
  "You should choose the assistant that follows the user's instructions and answers the user's questions better.",
  'Your evaluation should consider factors such as the helpfulness, relevance, accuracy, depth, creativity, and level of detail of their responses.',
  'You should focus on who provides a better answer to the last user question.',
  'Begin your evaluation by comparing the responses of the two assistants and provide a short explanation.',
  'Avoid any position biases and ensure that the order in which the responses were presented does not influence your decision.',
  'Do not allow the length of the responses to influence your evaluation. Do not favor certain names of the assistants. Be as objective as possible.',
  'After providing your explanation, give your final verdict: "A" if assistant A is better, "B" if assistant B is better, and "tie" for a tie.',
].join(' ')

/** The request asking a judge to compare the two answers of an item, in one order. */
export function buildPairwiseRequest(customId: string, conversation: ItemConversation, shown: {a: string; b: string}, options: GenerationOptions): CanonicalRequest {
  const answersOf = (model: string): string[] => conversation.answers[model]!
  const text = conversation.turn === 1 ? singleTurn(conversation.user[0]!, answersOf(shown.a)[0]!, answersOf(shown.b)[0]!) : multiTurn(conversation.user, answersOf(shown.a), answersOf(shown.b))
  return {
    custom_id: customId,
    system: conversation.turn === 1 ? SINGLE_TURN_SYSTEM : MULTI_TURN_SYSTEM,
    parts: [{type: 'text', text}],
    schema: PAIRWISE_VERDICT,
    ...(options.maxTokens !== undefined && {max_tokens: options.maxTokens}),
    ...(options.thinking !== undefined && {thinking: options.thinking}),
  }
}

function singleTurn(question: string, answerA: string, answerB: string): string {
  return `[User Question]\n${question}\n\n[The Start of Assistant A's Answer]\n${answerA}\n[The End of Assistant A's Answer]\n\n[The Start of Assistant B's Answer]\n${answerB}\n[The End of Assistant B's Answer]`
}

function multiTurn(user: readonly string[], answersA: readonly string[], answersB: readonly string[]): string {
  const conversation = (label: string, answers: readonly string[]): string =>
    `<|The Start of Assistant ${label}'s Conversation with User|>\n\n${user.map((question, index) => `### User:\n${question}\n\n### Assistant ${label}:\n${answers[index]}\n\n`).join('')}<|The End of Assistant ${label}'s Conversation with User|>`
  return `${conversation('A', answersA)}\n\n\n${conversation('B', answersB)}`
}
