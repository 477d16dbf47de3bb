import {findResultsRecord} from '../batch/results-record.js'
import type {BatchManifest} from '../batch/manifest.js'
import {loadRiddles} from '../dataset/dataset.js'
import {HINTS} from '../dataset/layton-prompt.js'
import type {Riddle} from '../dataset/riddle.js'
import {UserError, lineError} from '../errors.js'
import {readJsonl} from '../jsonl.js'
import {readPrediction} from '../jury/predictions.js'
import {riddleSource} from '../prepare/prepare.js'
import type {ResultLine} from '../results/result.js'
import {readScenario} from '../scenario/scenario-file.js'
import {isProviderName} from '../../providers/names.js'
import type {AnswerSet, ArenaModel, ArenaPrompt} from './answers.js'
import {benchmarkAnswer, benchmarkPrompts, freeTextBenchmark} from './benchmark-answers.js'

/**
 * bench's own results (`results/<name>.jsonl` of prediction batches: Layton, scenario, or a
 * standard benchmark whose answers are free text), one file per model. The prompt is rebuilt from the batch's record (the riddle with the hints the
 * model saw, or the scenario task); a request that failed is a missing answer. Batches that asked
 * different prompts under one id (other hints, an edited scenario) are refused, not compared.
 */
export async function readBenchResults(files: readonly string[]): Promise<AnswerSet> {
  const prompts = new Map<string, {prompt: ArenaPrompt; from: string}>()
  const answers = new Map<string, Map<string, string[]>>()
  const batches: {file: string; manifest: BatchManifest}[] = []
  for (const file of files) {
    const manifest = await findResultsRecord(file)
    if (manifest === undefined) throw new UserError(`no batch record for ${file}: pass results files written by \`bench results\`, from the directory where the batches were prepared`)
    if (manifest.kind !== 'prediction') throw new UserError(`${file} holds the results of ${manifest.kind} batch ${manifest.name}, not a model's answers`)
    // Before any file is read: a multiple-choice batch among them is refused at once.
    if (manifest.dataset.source === 'benchmark') freeTextBenchmark(manifest)
    batches.push({file, manifest})
  }
  const labels = modelLabels(batches.map(({manifest}) => manifest))
  for (const [index, {file, manifest}] of batches.entries()) {
    const label = labels[index]!
    if (answers.has(label)) throw new UserError(`${file} repeats batch ${manifest.name}: pass each results file once`)
    const batchPrompts = await promptsOf(manifest)
    const model = new Map<string, string[]>()
    for await (const {line, value} of readJsonl<Partial<ResultLine>>(file)) {
      if (typeof value !== 'object' || value === null || typeof value.custom_id !== 'string' || typeof value.ok !== 'boolean') {
        throw lineError(file, line, undefined, 'not a result line of `bench results`: expected {"custom_id", "ok", "text", ...}')
      }
      const prompt = batchPrompts.get(value.custom_id)
      if (prompt === undefined) throw lineError(file, line, 'custom_id', `"${value.custom_id}" is not an item of the batch's ${manifest.dataset.source === 'scenario' ? 'scenario' : 'dataset'}`)
      const text = answerText(manifest, value as ResultLine)
      if (text === undefined) continue
      const known = prompts.get(prompt.id)
      if (known === undefined) prompts.set(prompt.id, {prompt, from: manifest.name})
      else if (known.prompt.turns.join('\n') !== prompt.turns.join('\n')) {
        throw new UserError(`item "${prompt.id}" was asked differently in ${known.from} and ${manifest.name} (other hints, worked examples, questions or task text): compare batches that asked the same prompts`)
      }
      model.set(prompt.id, [text])
    }
    answers.set(label, model)
  }
  if (answers.size < 2) throw new UserError('an arena compares at least two models: pass the results files of two batches or more')
  const models: ArenaModel[] = batches.map(({manifest}, index) => ({
    name: labels[index]!,
    ...(isProviderName(manifest.provider) && {vendor: manifest.provider}),
    vendor_from: isProviderName(manifest.provider) ? 'batch record' : 'unknown',
  }))
  return {
    source: {kind: 'bench results', files: batches.map(({file, manifest}, index) => ({file, batch: manifest.name, model: labels[index]!}))},
    prompts: [...prompts.values()].map(({prompt}) => prompt).sort((a, b) => a.id.localeCompare(b.id, 'en', {numeric: true})),
    models,
    answers,
  }
}

/** `provider/model`; the batch name where two batches share one (the same model with other settings). */
function modelLabels(manifests: readonly BatchManifest[]): string[] {
  const plain = manifests.map((manifest) => `${manifest.endpoint?.name ?? manifest.provider}/${manifest.model}`)
  return plain.map((label, index) => (plain.indexOf(label) === plain.lastIndexOf(label) ? label : manifests[index]!.name))
}

/** The prompt of every item of the batch, by request id. */
async function promptsOf(manifest: BatchManifest): Promise<Map<string, ArenaPrompt>> {
  const prompts = new Map<string, ArenaPrompt>()
  if (manifest.dataset.source === 'scenario') {
    const scenario = await readScenario(manifest.dataset.path!)
    for (const task of scenario.tasks) {
      const attachments = task.attachments.length === 0 ? '' : `\n\n(${task.attachments.length} attachment${task.attachments.length === 1 ? '' : 's'}, not shown here: ${task.attachments.join(', ')})`
      prompts.set(task.id, {id: task.id, turns: [task.user_prompt + attachments]})
    }
    return prompts
  }
  if (manifest.dataset.source === 'benchmark') return benchmarkPrompts(manifest)
  if (manifest.dataset.source !== 'hub' && manifest.dataset.source !== 'file') {
    throw new UserError(`batch ${manifest.name} holds an arena's own pairs, whose prompts bench arena cannot show: pass Layton, scenario or free-text benchmark results`)
  }
  for await (const riddle of loadRiddles(riddleSource(manifest.dataset), {split: manifest.dataset.split})) {
    prompts.set(riddle.id, {id: riddle.id, category: riddle.category, turns: [riddleText(riddle, manifest.hints)]})
  }
  return prompts
}

/** The riddle as the model read it: the question, the hints it was shown, and a word on the picture. */
function riddleText(riddle: Riddle, hints: number): string {
  const parts = [riddle.description]
  if (riddle.split === 'vlm') parts.push('(The model was also shown the riddle\'s picture, not shown here.)')
  for (const {field, label} of HINTS.slice(0, hints)) {
    const hint = riddle[field]
    if (hint !== null && hint.trim() !== '') parts.push(`${label}: ${hint}`)
  }
  return parts.join('\n\n')
}

/** The answer as a reader should see it; undefined for a failed request or an empty answer. */
function answerText(manifest: BatchManifest, line: ResultLine): string | undefined {
  if (!line.ok) return undefined
  if (manifest.dataset.source === 'scenario') return typeof line.text === 'string' && line.text.trim() !== '' ? line.text : undefined
  if (manifest.dataset.source === 'benchmark') return benchmarkAnswer(manifest, line)
  const read = readPrediction(line)
  if (read.reading !== 'as_returned' && read.reading !== 'repaired') return undefined
  return `**Answer:** ${read.prediction.answer}\n\n${read.prediction.justification}`
}
