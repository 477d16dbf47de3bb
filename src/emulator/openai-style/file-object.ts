import type {StoredFile} from '../shared/files.js'

/**
 * The fields OpenAI's file object starts with, which Mistral's and Together's copy. Each vendor
 * spreads these first and adds its own after them, so every answer keeps its vendor's field order.
 */
export function openAIFileFields(file: StoredFile): Record<string, unknown> {
  return {
    id: file.id,
    object: 'file',
    bytes: file.content.length,
    created_at: Math.floor(file.createdAt / 1000),
    filename: file.filename,
    purpose: file.purpose,
  }
}

/** The request lines of a JSONL file, blank lines left out (Mistral's `num_lines`, Together's `LineCount`). */
export function jsonlLineCount(content: Buffer): number {
  return content.toString('utf8').split('\n').filter((line) => line.trim() !== '').length
}
