import {spawnSync} from 'node:child_process'
import {existsSync, readdirSync, statSync} from 'node:fs'
import {join, relative} from 'node:path'

import {REPO_ROOT} from './cli.js'

/** Written last by `npm run build`: its time is when the build finished. */
const BUILD_STAMP = join(REPO_ROOT, 'oclif.manifest.json')
/** What `npm run build` turns into dist/ and the manifest. */
const BUILD_INPUTS = ['src', 'scripts/bundle-clients.js', 'scripts/oclif-manifest.js', 'tsconfig.json', 'tsconfig.build.json', 'package.json']

/**
 * Vitest's global setup. The CLI tests run bin/run.js, which runs dist/: a dist/ older than
 * src/ would test the code as it was, and pass. So when any build input changed since the last
 * build (or nothing was built yet), this builds first; a failed build fails the run.
 */
export default function buildIfStale(): void {
  const changed = newerThanBuild()
  if (changed === undefined) return
  console.log(`${changed}: running npm run build first, the CLI tests run dist/`)
  const build = spawnSync('npm', ['run', '--silent', 'build'], {cwd: REPO_ROOT, stdio: 'inherit'})
  if (build.status !== 0) throw new Error(`npm run build failed (${build.error?.message ?? `exit code ${build.status}`}): fix it, the CLI tests need a current dist/`)
}

/** Why dist/ is out of date (the first input found newer than the build), or undefined when it is current. */
function newerThanBuild(): string | undefined {
  if (!existsSync(BUILD_STAMP) || !existsSync(join(REPO_ROOT, 'dist'))) return 'dist/ is not built'
  const built = statSync(BUILD_STAMP).mtimeMs
  for (const input of BUILD_INPUTS) {
    const newer = filesUnder(join(REPO_ROOT, input)).find((file) => statSync(file).mtimeMs > built)
    if (newer !== undefined) return `${relative(REPO_ROOT, newer)} changed since the last build`
  }
  return undefined
}

function filesUnder(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path]
  return readdirSync(path, {recursive: true, withFileTypes: true})
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
}
