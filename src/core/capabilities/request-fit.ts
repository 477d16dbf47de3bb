import {basename} from 'node:path'

import {findModel, loadModelCatalog, type ModelCapabilities, type ModelCatalog} from './model-catalog.js'
import {UserError} from '../errors.js'
import type {CanonicalRequest, OutputSchema, TextPart, Thinking} from '../prepare/request.js'
import {ENDPOINT_PROVIDER, type BatchProvider} from '../../providers/names.js'

/** Fits each request of one batch to what its model accepts (the models file). */
export interface RequestFitter {
  /**
   * Lines for the batch's card, each once: how requests were adapted, and the warning for a model
   * the models file does not know.
   */
  readonly notes: readonly string[]
  /** The request as the model can take it; throws a one-line UserError naming the model and the setting it lacks. */
  fit(request: CanonicalRequest): CanonicalRequest
}

/**
 * The fitter for `model` of `provider`. A model the file does not list passes unchanged with a
 * note (the vendor's defaults apply, nothing is checked); so does any model of an endpoint, whose
 * servers the file does not describe.
 */
export function requestFitter(provider: BatchProvider, model: string, catalog?: ModelCatalog): RequestFitter {
  if (provider === ENDPOINT_PROVIDER) return {notes: [], fit: (request) => request}
  const models = catalog ?? loadModelCatalog()
  const known = findModel(models, provider, model)
  if (known === undefined) {
    return {
      notes: [`${model} is not in ${basename(models.file)}: its capabilities are not checked, and ${provider}'s defaults apply`],
      fit: (request) => request,
    }
  }
  return new KnownModelFitter(`${model} (${provider})`, known.capabilities)
}

class KnownModelFitter implements RequestFitter {
  private readonly noted = new Set<string>()
  /** The last schema's prompt text: a batch's requests share one schema, stringified once. */
  private instruction: {schema: OutputSchema; part: TextPart} | undefined

  constructor(
    private readonly label: string,
    private readonly capabilities: ModelCapabilities,
  ) {}

  get notes(): string[] {
    return [...this.noted]
  }

  fit(request: CanonicalRequest): CanonicalRequest {
    if (request.thinking !== undefined) this.checkThinking(request.thinking)
    for (const part of request.parts) {
      if (part.type === 'image' && !this.capabilities.images) {
        throw new UserError(`${this.label} reads no images, but request "${request.custom_id}" has one: pick a model that reads images, or leave the images out (for Layton: --split llm)`)
      }
      if (part.type === 'file' && !this.capabilities.pdfs) {
        throw new UserError(`${this.label} reads no PDFs, but request "${request.custom_id}" has one ("${part.name}"): pick a model that reads PDFs, or leave the file out`)
      }
    }
    return request.schema === undefined ? request : this.fitSchema(request, request.schema)
  }

  /** A schema the model cannot enforce goes into the prompt too, so the model still sees what to answer. */
  private fitSchema(request: CanonicalRequest, schema: OutputSchema): CanonicalRequest {
    const output = this.capabilities.structured_output
    if (output === 'strict') return request
    if (this.instruction?.schema !== schema) this.instruction = {schema, part: schemaInstruction(schema)}
    const parts = [...request.parts, this.instruction.part]
    if (output === 'best_effort') {
      this.noted.add(`${this.label} takes no strict JSON schema: the schema is sent as a best-effort one and in the prompt; answers may not follow it`)
      return {...request, parts, schema: {...schema, strict: false}}
    }
    this.noted.add(`${this.label} takes no JSON schema: the schema is sent in the prompt instead; answers may not follow it`)
    // Left out by destructuring, not `delete`: a deleted key turns the object into a slow dictionary.
    const {schema: _sentInThePrompt, ...rest} = request
    return {...rest, parts}
  }

  private checkThinking(thinking: Thinking): void {
    const control = this.capabilities.thinking
    const asked = 'level' in thinking ? `thinking level "${thinking.level}"` : `thinking budget ${thinking.budget}`
    if (control === null) throw new UserError(`${this.label} takes no thinking setting: drop ${asked}, or pick a model that reasons`)
    const levels = control.levels === undefined ? undefined : control.levels.join(', ')
    const budget = control.budget === undefined ? undefined : `a thinking budget of ${control.budget.min} to ${control.budget.max} tokens`
    if ('level' in thinking) {
      if (levels === undefined) throw new UserError(`${this.label} takes ${budget}, not a level: replace ${asked} with a budget`)
      if (!control.levels!.includes(thinking.level)) throw new UserError(`${this.label} takes thinking levels ${levels}, not "${thinking.level}"`)
      return
    }
    if (control.budget === undefined) throw new UserError(`${this.label} takes a thinking level (${levels}), not a budget: replace ${asked} with a level`)
    if (thinking.budget < control.budget.min || thinking.budget > control.budget.max) throw new UserError(`${this.label} takes ${budget}, not ${thinking.budget}`)
  }
}

/** What the model reads when the vendor cannot hold it to the schema. */
function schemaInstruction(schema: OutputSchema): TextPart {
  return {type: 'text', text: `Reply with one JSON object that follows this JSON Schema, and nothing else:\n${JSON.stringify(schema.schema)}`}
}
