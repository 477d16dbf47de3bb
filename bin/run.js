#!/usr/bin/env node
// Entry point: loads nothing but oclif, so every command starts fast.
import module from 'node:module'

const major = Number(process.versions.node.split('.')[0])
if (major < 22) {
  console.error(`bench needs Node.js 22 or newer (this is ${process.version}); run it through \`npx bench\` in the project, or install Node 22+.`)
  process.exit(1)
}

// Cache compiled bytecode on disk: `watch -n 2 bench get` starts a process every two seconds.
module.enableCompileCache?.()

const {loadDotEnv} = await import('../dist/core/env.js')
loadDotEnv()
const {execute} = await import('@oclif/core')
await execute({dir: import.meta.url})
