import type {BatchRecord, LineOutcome} from '../shared/batch.js'
import type {Engine, ResultRow} from '../shared/engine.js'

/** How a vendor writes the rows and files of `writeOutputAndErrorFiles`. */
export interface SplitResultOptions<FileData> {
  /** The vendor's result row for one line. */
  row(customId: string, outcome: LineOutcome): unknown
  /** A new file id in the vendor's format. */
  newFileId(): string
  /** The purpose recorded on the result files (`batch_output`, `batch-api`, `batch`). */
  purpose: string
  /** The vendor data stored with each result file. */
  fileData: FileData
  /** When the vendor deletes the result files (epoch milliseconds); absent: never. */
  expiresAt?: number
}

/**
 * Writes the two result files of the OpenAI-style vendors (OpenAI, Groq, Together, Mistral):
 * `output` with the succeeded lines, `error` with errored lines and lines never run. A file
 * that would be empty is not written, so its id stays absent (rendered null by the vendor).
 * A failed batch gets no files at all.
 */
export function writeOutputAndErrorFiles<FileData>(engine: Engine, batch: BatchRecord, options: SplitResultOptions<FileData>): void {
  if (batch.phase === 'failed') return
  const groups: Record<'output' | 'error', ResultRow[]> = {output: [], error: []}
  batch.lines.forEach((line, index) => {
    const outcome = batch.outcomes[index]!
    groups[outcome.kind === 'succeeded' ? 'output' : 'error'].push({custom_id: line.custom_id, row: options.row(line.custom_id, outcome)})
  })
  for (const role of ['output', 'error'] as const) {
    if (groups[role].length === 0) continue
    const file = engine.files.put<FileData>({
      id: options.newFileId(),
      provider: batch.provider,
      filename: `${batch.id}_${role}.jsonl`,
      purpose: options.purpose,
      createdAt: batch.times.ended!,
      ...(options.expiresAt === undefined ? {} : {expiresAt: options.expiresAt}),
      content: engine.resultJsonl(batch, groups[role]),
      vendor: options.fileData,
    })
    batch.files[role] = file.id
  }
}
