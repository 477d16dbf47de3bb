// Loaded by run.js only when the Node.js running it is older than 22: written for Node 18 and up.
import {spawn} from 'node:child_process'
import {existsSync} from 'node:fs'
import {fileURLToPath} from 'node:url'

/** The Node.js runtime that the devDependency `node` installs into bench's own node_modules. */
const PROJECT_NODE = fileURLToPath(new URL('../node_modules/node/bin/node', import.meta.url))
const RUN = fileURLToPath(new URL('run.js', import.meta.url))

/**
 * Runs this bench command under the project's own Node.js and exits as it does; never returns.
 * Without one, stops with a line saying how to get a Node.js new enough.
 */
export function runWithProjectNode() {
  if (!existsSync(PROJECT_NODE)) {
    console.error(`bench needs Node.js 22 or newer (this is ${process.version}): install Node.js 22+, or run \`npm ci\` in the bench checkout, which installs Node 24 for it`)
    process.exit(1)
  }
  const child = spawn(PROJECT_NODE, [RUN, ...process.argv.slice(2)], {stdio: 'inherit'})
  // Ctrl-C and a closing terminal reach the whole foreground group, the child included: let the
  // child finish its own clean-up and exit with it. A signal sent to this process alone is passed on.
  process.on('SIGINT', () => {})
  process.on('SIGHUP', () => {})
  process.on('SIGTERM', () => child.kill('SIGTERM'))
  child.on('error', (error) => {
    console.error(`bench: cannot start ${PROJECT_NODE}: ${error.message}; install Node.js 22+ or run \`npm ci\` in the bench checkout`)
    process.exit(1)
  })
  child.on('exit', (code, signal) => {
    if (signal === null) process.exit(code ?? 1)
    // Die of the same signal, so a shell or `watch` sees what the child saw.
    process.removeAllListeners(signal)
    process.kill(process.pid, signal)
  })
  return new Promise(() => {})
}
