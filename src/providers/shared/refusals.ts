import type {ProviderName} from '../names.js'
import {UserError} from '../../core/errors.js'
import type {FilePart} from '../../core/prepare/request.js'

/**
 * The one-line errors a line format throws when its vendor cannot take a request as asked. Worded
 * like the checks `prepare` makes before reading any data, naming the flag to change.
 */

export function thinkingBudgetRefused(provider: ProviderName): UserError {
  return new UserError(
    `${provider} takes a thinking level, not a budget: use --thinking-level low|medium|high instead of --thinking-budget`,
  )
}

export function thinkingLevelRefused(provider: ProviderName): UserError {
  return new UserError(`${provider} takes a thinking budget, not a level: use --thinking-budget N instead of --thinking-level`)
}

export function filePartRefused(provider: ProviderName, file: FilePart): UserError {
  return new UserError(
    `${provider} takes no files in its batch requests (got "${file.name}", ${file.mime}): remove the file, or use a vendor that reads PDFs (openai, anthropic, gemini)`,
  )
}

export function mimeRefused(provider: ProviderName, kind: 'image' | 'file', mime: string, accepted: readonly string[]): UserError {
  return new UserError(`${provider} takes no ${kind} of type ${mime}: convert it to ${accepted.join(', ')}`)
}
