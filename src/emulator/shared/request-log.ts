import type {BatchProvider} from '../../providers/names.js'

/** One HTTP request the emulator answered. */
export interface RequestLogEntry {
  provider: BatchProvider
  method: string
  /** With the query string. */
  path: string
  /** The route's name (`batches.create`, ...), or `unknown` when no route matched. */
  operation: string
  status: number
  /** Epoch milliseconds (emulator clock) when the answer was sent. */
  at: number
}

/** One line the emulator executed (ran through the responder): what "sent twice" is judged on. */
export interface ExecutedLine {
  provider: BatchProvider
  batch_id: string
  custom_id: string
}
