import {rm} from 'node:fs/promises'
import {join} from 'node:path'

import {V8CoverageProvider} from '@vitest/coverage-v8/dist/provider.js'
import type {CoverageMap} from 'istanbul-lib-coverage'
import type {ReportContext, Vitest} from 'vitest/node'

import {CHILD_COVERAGE_VARIABLE} from '../cli.js'
import {addChildCounts, childProcessCoverage} from './child-coverage.js'

/**
 * Vitest's V8 coverage provider, counting the commands the tests run as child processes too.
 * Most of bench runs there (every end-to-end test starts bin/run.js), where vitest does not
 * look: measured alone, the test processes cover 65% of the lines. The children write V8's
 * raw coverage (NODE_V8_COVERAGE) of dist/; at the end it is mapped back to src/ through the
 * build's source maps and added to vitest's map, before the reports and the thresholds.
 */
export class ChildProcessCoverageProvider extends V8CoverageProvider {
  private childCoverageDirectory = ''

  override initialize(ctx: Vitest): void {
    super.initialize(ctx)
    // Inside the reports directory, which vitest empties at the start of a run.
    this.childCoverageDirectory = join(this.options.reportsDirectory, '.children')
    // Set before the test workers start: they inherit it, and runBench hands it to the child.
    process.env[CHILD_COVERAGE_VARIABLE] = this.childCoverageDirectory
  }

  override async generateCoverage(context: ReportContext): Promise<CoverageMap> {
    const coverage = await super.generateCoverage(context)
    const began = performance.now()
    const children = await childProcessCoverage(this.childCoverageDirectory, join(this.ctx.config.root, 'dist'), (file) => this.isIncluded(file))
    const measured = new Set(coverage.files())
    let unmatched = 0
    for (const [file, counts] of Object.entries(children)) {
      if (measured.has(file)) unmatched += addChildCounts(coverage.fileCoverageFor(file).data, counts)
    }
    // A few hundred megabytes of raw coverage, read once.
    await rm(this.childCoverageDirectory, {recursive: true, force: true})
    this.ctx.logger.log(`coverage: the child processes' coverage added in ${((performance.now() - began) / 1000).toFixed(1)} s`)
    if (unmatched > 0) this.ctx.logger.log(`coverage: ${unmatched} hit counter(s) of the child processes matched no place in vitest's map of src/, and are not counted`)
    return coverage
  }
}
