// Writes oclif.manifest.json after a build, so start-up reads one JSON file instead of
// importing every command to learn its flags (what `oclif manifest` does, without its
// heavy toolchain as a dependency).
import {writeFileSync} from 'node:fs'
import {Plugin} from '@oclif/core'

const root = new URL('..', import.meta.url).pathname
const plugin = new Plugin({root, type: 'core', ignoreManifest: true, errorOnManifestCreate: true, respectNoCacheDefault: true})
await plugin.load()
writeFileSync(new URL('../oclif.manifest.json', import.meta.url), JSON.stringify(plugin.manifest) + '\n')
