// Lint: typescript-eslint's type-checked recommended rules over the TypeScript sources and
// tests. The plain JavaScript (bin/, the build and benchmark scripts, this file) has no types
// for those rules to check: it gets ESLint's recommended rules with Node's globals.
import js from '@eslint/js'
import {defineConfig} from 'eslint/config'
import globals from 'globals'
import tseslint from 'typescript-eslint'

export default defineConfig(
  {ignores: ['dist/', 'coverage/', 'node_modules/', 'test-artifacts/', 'processed_files/', 'results/']},
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {projectService: true, tsconfigRootDir: import.meta.dirname},
    },
    rules: {
      // `_model`: a parameter the shared signature has and this vendor does not need;
      // `{request: _request, ...rest}`: an object without one of its fields.
      '@typescript-eslint/no-unused-vars': ['error', {argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true}],
    },
  },
  {
    // Tests assert the exact terminal control sequences bench writes (`\r\u001B[K`).
    files: ['test/**'],
    rules: {'no-control-regex': 'off'},
  },
  {
    files: ['**/*.js'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: {globals: globals.node},
  },
)
