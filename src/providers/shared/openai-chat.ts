import {filePartRefused, thinkingBudgetRefused} from './refusals.js'
import type {ProviderName} from '../names.js'
import type {OutputSchema, RequestPart, TextPart, Thinking, ThinkingLevel} from '../../core/prepare/request.js'

/**
 * The pieces of a chat-completions body that OpenAI, Groq, Together and Mistral spell alike. Each
 * vendor module assembles its own body from them as a fresh object literal typed by its own SDK,
 * so a field the SDK renames or drops fails `tsc` there.
 */

export interface ChatTextPart {
  type: 'text'
  text: string
}

export interface ChatImagePart {
  type: 'image_url'
  image_url: {url: string}
}

export interface ChatSystemMessage {
  role: 'system'
  content: string
}

export interface ChatUserMessage<Part> {
  role: 'user'
  content: Part[]
}

export interface ChatJsonSchemaFormat {
  type: 'json_schema'
  json_schema: {name: string; schema: Record<string, unknown>; strict: true}
}

/** The system prompt (when there is one), then one user message holding every part in order. */
export function chatMessages<Part>(system: string | undefined, content: Part[]): Array<ChatSystemMessage | ChatUserMessage<Part>> {
  const user: ChatUserMessage<Part> = {role: 'user', content}
  return system === undefined ? [user] : [{role: 'system', content: system}, user]
}

/** Text and image parts as OpenAI, Groq and Together take them; these vendors read no files. */
export function chatPart(provider: ProviderName, part: RequestPart): ChatTextPart | ChatImagePart {
  switch (part.type) {
    case 'text':
      return chatTextPart(part)
    case 'image':
      return {type: 'image_url', image_url: {url: dataUrl(part)}}
    case 'file':
      throw filePartRefused(provider, part)
  }
}

export function chatTextPart(part: TextPart): ChatTextPart {
  return {type: 'text', text: part.text}
}

/** `data:<mime>;base64,<data>`: how chat APIs take inline images and files. */
export function dataUrl(part: {mime: string; data: string}): string {
  return `data:${part.mime};base64,${part.data}`
}

export function jsonSchemaFormat(schema: OutputSchema | undefined): ChatJsonSchemaFormat | undefined {
  if (schema === undefined) return undefined
  return {type: 'json_schema', json_schema: {name: schema.name, schema: schema.schema, strict: true}}
}

/** A chat line with fields of its body replaced (`bench retry --max-tokens`); the rest is kept as it was. */
export function withBodyFields<Line extends {body: object}>(line: Line, fields: Partial<Line['body']>): Line {
  return {...line, body: {...line.body, ...fields}}
}

/** `reasoning_effort`: these vendors take a named level and have no token budget to set. */
export function reasoningEffort(provider: ProviderName, thinking: Thinking | undefined): ThinkingLevel | undefined {
  if (thinking === undefined) return undefined
  if ('budget' in thinking) throw thinkingBudgetRefused(provider)
  return thinking.level
}
