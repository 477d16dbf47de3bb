import type {AnswerFateTable} from '../../src/emulator/shared/fault-spec.js'

/**
 * The answer fates each vendor's result lines can show, as the tests expect them (the vendor
 * modules declare theirs in `answerFates`; the README's vendor notes give the sources).
 */
export const SHOWN_FATES = {
  openai: ['refusal', 'safety', 'truncated'],
  anthropic: ['refusal', 'truncated'],
  gemini: ['safety', 'recitation', 'truncated'],
  mistral: ['truncated'],
  together: ['truncated'],
  groq: ['truncated'],
} as const satisfies Required<AnswerFateTable>
