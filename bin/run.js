#!/usr/bin/env node
// Entry point: loads nothing but oclif, so every command starts fast.
import module from 'node:module'

const major = Number(process.versions.node.split('.')[0])
if (major < 22) {
  // The `node` first on the PATH is too old (a linked bench on a system with Node 20): run this
  // same command with the Node 24 that `npm ci` installed beside bench, or say what to do.
  const {runWithProjectNode} = await import('./older-node.js')
  await runWithProjectNode()
}

// Cache compiled bytecode on disk: `watch -n 2 bench get` starts a process every two seconds.
module.enableCompileCache?.()

const {loadDotEnv} = await import('../dist/core/env.js')
loadDotEnv()
const {execute} = await import('@oclif/core')
await execute({dir: import.meta.url})
