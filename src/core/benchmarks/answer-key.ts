import {join} from 'node:path'

import type {BenchmarkItem} from './benchmark.js'
import {PROCESSED_DIR} from '../batch/manifest.js'
import {UserError} from '../errors.js'
import {AtomicJsonlWriter, readJsonl} from '../jsonl.js'

/** One line of a batch's answer key: what `score` grades the question's answer against. */
export interface KeyLine<Key = unknown> {
  id: string
  group: string
  key: Key
}

export function answerKeyPath(batch: string): string {
  return join(PROCESSED_DIR, `${batch}.key.jsonl`)
}

/**
 * Written at prepare time beside the batch, so `score` needs neither the dataset nor the Hub
 * again, and grades exactly what was asked (TruthfulQA's shuffled letters included). Staged: the
 * caller commits it with the batch, or aborts both.
 */
export async function stageAnswerKey(path: string, items: readonly BenchmarkItem[]): Promise<AtomicJsonlWriter> {
  const writer = new AtomicJsonlWriter(path)
  try {
    for (const item of items) {
      const flushed = writer.writeLine(JSON.stringify({id: item.id, group: item.group, key: item.key} satisfies KeyLine))
      if (flushed !== undefined) await flushed
    }
  } catch (error) {
    await writer.abort()
    throw error
  }
  return writer
}

/** The key's lines in batch order; bench wrote the file, so a line that is not one says the file was damaged. */
export async function readAnswerKey(path: string): Promise<KeyLine[]> {
  const lines: KeyLine[] = []
  try {
    for await (const {line, value} of readJsonl<KeyLine>(path)) {
      if (typeof value?.id !== 'string' || typeof value.group !== 'string' || value.key === undefined) {
        throw new UserError(`${path}:${line} is not an answer key line ({id, group, key}): prepare the batch again`)
      }
      lines.push(value)
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new UserError(`answer key ${path} not found: it is written by \`bench prepare --benchmark\`; prepare the batch again`)
    throw error
  }
  return lines
}
