import {defineConfig} from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // The CLI tests run dist/: build first when src/ changed since the last build.
    globalSetup: ['./test/support/fresh-build.ts'],
    tags: [{name: 'browser', description: 'drives headless Chromium (apt-get install chromium); skips where none is installed, the only skip CI allows'}],
    reporters: ['default', './test/support/summary-reporter.ts'],
  },
})
