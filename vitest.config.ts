import {defineConfig} from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // vitest's default is one worker less than the cores: one worker on a 2-core machine. The
    // end-to-end tests mostly wait on bench processes and the emulator's batches, so three
    // workers keep both cores busy: CI on a fresh clone took 10 min 24 s with one worker, 7 min 3 s with three.
    maxWorkers: 3,
    // The CLI tests run dist/: build first when src/ changed since the last build.
    globalSetup: ['./test/support/fresh-build.ts'],
    tags: [{name: 'browser', description: 'drives headless Chromium (apt-get install chromium); skips where none is installed, the only skip CI allows'}],
    reporters: ['default', './test/support/summary-reporter.ts'],
    // `npm run coverage`: the test processes' V8 coverage and the bench child processes' merged
    // (test/support/coverage/), held at these floors in CI.
    coverage: {
      provider: 'custom',
      customProviderModule: './test/support/coverage/module.ts',
      include: ['src/**'],
      // A failed test still leaves the figures: a coverage run is long to repeat for one flaky test.
      reportOnFailure: true,
      reporter: ['text-summary', ['text', {skipFull: true}], ['html', {subdir: 'html'}], 'json-summary'],
      thresholds: {
        'src/core/**': {lines: 90, branches: 85},
        'src/providers/**': {lines: 90, branches: 85},
      },
    },
  },
})
