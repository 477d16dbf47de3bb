import {readdir, stat} from 'node:fs/promises'
import {join} from 'node:path'

/**
 * Files as given, and the `.jsonl` files of directories, sorted: what `compare results/` and
 * `arena pairs model_answer/` read. `unreadable` gives what to throw for a path that cannot be read.
 */
export async function expandJsonlPaths(paths: readonly string[], unreadable: (error: unknown, path: string) => unknown): Promise<string[]> {
  const files: string[] = []
  for (const path of paths) {
    let isDirectory: boolean
    try {
      isDirectory = (await stat(path)).isDirectory()
    } catch (error) {
      throw unreadable(error, path)
    }
    if (!isDirectory) files.push(path)
    else files.push(...(await readdir(path)).filter((entry) => entry.endsWith('.jsonl')).sort().map((entry) => join(path, entry)))
  }
  return files
}
