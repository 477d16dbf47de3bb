/**
 * An error the user can fix: its message is one line that names what is wrong and how to fix
 * it. Commands print it as is and exit non-zero; anything else is a bug and shows a stack.
 */
export class UserError extends Error {
  override readonly name = 'UserError'
  /** Process exit code: 2 for bad input, 3 for a vendor or network failure. */
  readonly exitCode: number
  /** Facts beside the message that `--json` prints as fields (a vendor error's kind and request id). */
  readonly details?: Readonly<Record<string, string | number>>

  constructor(message: string, options: {exitCode?: number; cause?: unknown; details?: Readonly<Record<string, string | number>>} = {}) {
    super(message, {cause: options.cause})
    this.exitCode = options.exitCode ?? 2
    if (options.details !== undefined) this.details = options.details
  }
}

/** Error for a line of a JSONL file: names the file, the line number and the field. */
export function lineError(file: string, line: number, field: string | undefined, problem: string): UserError {
  const where = field === undefined ? `${file}:${line}` : `${file}:${line}: field "${field}"`
  return new UserError(`${where}: ${problem}`)
}
