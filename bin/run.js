#!/usr/bin/env node
// Entry point: loads nothing but oclif, so every command starts fast.
import module from 'node:module'
import v8 from 'node:v8'

const major = Number(process.versions.node.split('.')[0])
if (major < 22) {
  console.error(`bench needs Node.js 22 or newer (this is ${process.version}); run it through \`npx bench\` in the project, or install Node 22+.`)
  process.exit(1)
}

// Cache compiled bytecode on disk: `watch -n 2 bench get` starts a process every two seconds.
module.enableCompileCache?.()

// V8 allocates straight into the old generation from code whose objects often outlived a young
// collection. bench streams: a line's objects die as soon as the line is written, but whichever
// block was in flight at a collection survived it, and on about one run in three of `results` on
// 200,000 lines that guess sent every later line's objects to the old generation: peak memory
// went from 210 to 350 MB. The flag is read at each collection, so setting it here takes effect.
v8.setFlagsFromString('--no-allocation-site-pretenuring')

const {loadDotEnv} = await import('../dist/core/env.js')
loadDotEnv()
const {execute} = await import('@oclif/core')
await execute({dir: import.meta.url})
