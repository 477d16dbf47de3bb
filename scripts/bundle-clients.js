// After `tsc`: rewrites each vendor client in dist/ as one file with its SDK inlined and
// tree-shaken, so `bench get` loads one pre-linked module instead of hundreds of SDK files
// (openai 0.08 s, @mistralai/mistralai 0.3 s to import here). bench's own modules stay
// separate imports: class identities (UserError) must be the same objects everywhere.
import {build} from 'esbuild'
import {PROVIDER_NAMES} from '../dist/providers/names.js'

const dist = new URL('../dist/', import.meta.url).pathname

/** Keeps every relative import (bench's own code) as an import of the unbundled file. */
const keepOwnModulesExternal = {
  name: 'keep-own-modules-external',
  setup(builder) {
    builder.onResolve({filter: /^\./}, (args) => (args.importer.includes('/node_modules/') ? undefined : {path: args.path, external: true}))
  },
}

await build({
  entryPoints: Object.fromEntries(PROVIDER_NAMES.map((name) => [`providers/${name}/client`, `${dist}providers/${name}/client.js`])),
  outdir: dist,
  allowOverwrite: true,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node22',
  splitting: true,
  chunkNames: 'providers/sdk-chunks/[name]-[hash]',
  minify: true,
  // Chained to tsc's maps, so coverage of the child processes maps back to src/.
  sourcemap: true,
  sourcesContent: false,
  plugins: [keepOwnModulesExternal],
  // Some SDK files are CommonJS and call require(); give the ESM bundle a real one.
  banner: {js: "import {createRequire as __benchCreateRequire} from 'node:module'; const require = __benchCreateRequire(import.meta.url);"},
  logLevel: 'warning',
})
