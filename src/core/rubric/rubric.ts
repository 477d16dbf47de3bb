import {UserError} from '../errors.js'
import {readJsonOrYaml} from '../json-or-yaml.js'

/** A criterion graded on a scale of whole numbers, both ends included (MT-bench's is 1 to 10). */
export interface ScaleCriterion {
  name: string
  description: string
  scale: {min: number; max: number}
}

/** A criterion the judge answers yes or no. */
export interface PassFailCriterion {
  name: string
  description: string
  scale: 'pass_fail'
}

export type Criterion = ScaleCriterion | PassFailCriterion

/** What the judges grade: named criteria, each its own field of the verdict. */
export interface Rubric {
  /** The rubric file, or `default` for MT-bench's single 1-10 grade. */
  source: string
  criteria: Criterion[]
}

/**
 * The verdict field of a task that has an `expected` answer: whether the answer matches it,
 * judged as the Layton jury judges an answer against the ground truth.
 */
export const MATCHES_EXPECTED = 'matches_expected'

/** MT-bench's scale for single-answer grading. */
export const MT_BENCH_SCALE = {min: 1, max: 10}

/** Without a rubric file: one grade, MT-bench's single-answer grading of the whole answer. */
export const DEFAULT_RUBRIC: Rubric = {
  source: 'default',
  criteria: [
    {
      name: 'overall',
      description: 'The overall quality of the answer: helpfulness, relevance, accuracy, depth, creativity and level of detail (MT-bench single-answer grading).',
      scale: MT_BENCH_SCALE,
    },
  ],
}

const NAME = /^[a-z][a-z0-9_]{0,39}$/

/**
 * Reads a rubric file (JSON, or YAML for .yaml/.yml):
 * `{"criteria": [{"name": "correctness", "description": "...", "scale": [1, 10] | "pass_fail"}]}`.
 * The scale defaults to MT-bench's 1 to 10. Every problem is one line naming the file and the key.
 */
export async function readRubric(file: string): Promise<Rubric> {
  const value = await readJsonOrYaml(file, 'rubric file', '--rubric')
  return checkRubric(value, file)
}

export function checkRubric(value: unknown, file: string): Rubric {
  const problem = (where: string, message: string) => new UserError(`rubric file ${file}: ${where} ${message}`)
  if (!isRecord(value) || !Array.isArray(value.criteria) || value.criteria.length === 0) {
    throw problem('the file', 'must be an object with a non-empty "criteria" list of {"name", "description", "scale"?}')
  }
  const unknownKey = Object.keys(value).find((key) => key !== 'criteria' && key !== 'description')
  if (unknownKey !== undefined) throw problem(`key "${unknownKey}"`, 'is unknown: the keys are criteria, description')
  const criteria: Criterion[] = []
  for (const [index, entry] of value.criteria.entries()) {
    const where = `criteria[${index}]`
    if (!isRecord(entry)) throw problem(where, 'must be an object {"name", "description", "scale"?}')
    const stray = Object.keys(entry).find((key) => !['name', 'description', 'scale'].includes(key))
    if (stray !== undefined) throw problem(where, `has an unknown key "${stray}": the keys are name, description, scale`)
    const {name, description} = entry
    if (typeof name !== 'string' || !NAME.test(name)) throw problem(`${where}.name`, 'must be lower-case letters, digits and "_", starting with a letter (at most 40), e.g. "correctness"')
    if (name === MATCHES_EXPECTED) throw problem(`${where}.name`, `"${MATCHES_EXPECTED}" is bench's own field for tasks with an expected answer: choose another name`)
    if (criteria.some((criterion) => criterion.name === name)) throw problem(`${where}.name`, `"${name}" appears twice`)
    if (typeof description !== 'string' || description.trim() === '') throw problem(`${where}.description`, 'must say what the judge grades, e.g. "Is every fact in the answer true?"')
    criteria.push({name, description, scale: readScale(entry.scale, `${where}.scale`, problem)})
  }
  return {source: file, criteria}
}

function readScale(value: unknown, where: string, problem: (where: string, message: string) => UserError): Criterion['scale'] {
  if (value === undefined) return MT_BENCH_SCALE
  if (value === 'pass_fail') return 'pass_fail'
  const valid = Array.isArray(value) && value.length === 2 && value.every((end) => Number.isInteger(end)) && (value[0] as number) < (value[1] as number)
  if (!valid) throw problem(where, 'must be [lowest, highest] whole numbers (e.g. [1, 10]) or "pass_fail"')
  const [min, max] = value as [number, number]
  if (max - min > 100) throw problem(where, 'spans more than 100 grades: judges do not grade that finely')
  return {min, max}
}

/** A criterion's verdict as a share of its scale, 0 to 1 (pass 1, fail 0): what intervals are computed on. */
export function normalized(criterion: Criterion, value: number): number {
  if (criterion.scale === 'pass_fail') return value
  return (value - criterion.scale.min) / (criterion.scale.max - criterion.scale.min)
}

/** Back from a share of the scale to the criterion's own units. */
export function denormalized(criterion: Criterion, share: number): number {
  if (criterion.scale === 'pass_fail') return share
  return criterion.scale.min + share * (criterion.scale.max - criterion.scale.min)
}

/** The `matches_expected` field as a criterion, so it is scored like the rubric's own. */
export const EXPECTED_CRITERION: PassFailCriterion = {
  name: MATCHES_EXPECTED,
  description: 'Whether the answer matches the expected answer.',
  scale: 'pass_fail',
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
