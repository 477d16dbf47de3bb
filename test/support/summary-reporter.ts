import type {Reporter, TestCase, TestModule} from 'vitest/node'

/** The tag of the tests that drive headless Chromium: the only ones allowed to skip, where no Chromium is installed. */
export const BROWSER_TAG = 'browser'

/**
 * Prints one plain closing line, `tests: N passed, N failed, N skipped`, after vitest's own
 * summary, so CI logs and scripts can read the outcome without parsing vitest's layout.
 * Under CI (`CI` set, as .ci/run does) it first names each skipped test, and a skipped test
 * that is not a browser test fails the run: every other test runs from the repository alone,
 * so a skip there is a test gone missing. (Not locally: `vitest -t` marks the tests it filters
 * out as skipped.)
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const tally = {passed: 0, failed: 0, skipped: 0}
    const skipped: TestCase[] = []
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state
        if (state === 'passed') tally.passed += 1
        else if (state === 'failed') tally.failed += 1
        else {
          tally.skipped += 1
          skipped.push(test)
        }
      }
      // A file that failed to load has no tests but must still fail the run.
      if (module.state() === 'failed' && [...module.children.allTests()].length === 0) tally.failed += 1
    }
    if (onCI()) failOnMissingTests(skipped)
    console.log(`\ntests: ${tally.passed} passed, ${tally.failed} failed, ${tally.skipped} skipped`)
  }
}

function failOnMissingTests(skipped: readonly TestCase[]): void {
  for (const test of skipped) console.log(`skipped: ${test.module.relativeModuleId} > ${test.fullName}`)
  const missing = skipped.filter((test) => !test.tags.includes(BROWSER_TAG))
  if (missing.length === 0) return
  console.log(`${missing.length} test(s) skipped that are not browser tests: on CI every test runs, see the skipped lines above`)
  process.exitCode = 1
}

/** CI services set CI=true; `CI=false` or `CI=0` turns it off, as vitest itself reads it. */
function onCI(): boolean {
  const value = process.env.CI
  return value !== undefined && value !== '' && value !== 'false' && value !== '0'
}
