import {describe, expect, it} from 'vitest'

import {canonicalNumber, gsm8kFinalAnswer} from '../../src/core/benchmarks/numbers.js'

describe("GSM8K's reference answers", () => {
  it.each([
    // The sample's last lines (test/fixtures/benchmarks/gsm8k), and the separators and signs of the full set.
    ['She makes 9 * 2 = $<<9*2=18>>18 every day at the farmer’s market.\n#### 18', '18'],
    ['So he made a profit of 200,000-130,000=$<<200000-130000=70000>>70,000\n#### 70000', '70000'],
    ['Start <<-1,200+200=-1,000>>.\n#### -1,000', '-1000'],
    ['Cost.\n#### 1,200', '1200'],
    ['Dividing.\n#### 3.50', '3.5'],
  ])('reads the number after #### in %j', (solution, expected) => {
    expect(gsm8kFinalAnswer(solution)).toBe(expected)
  })

  it('has none without ####', () => {
    expect(gsm8kFinalAnswer('The answer is 18')).toBeUndefined()
  })
})

describe('a model\'s answer field, normalized', () => {
  it.each([
    ['70,000', '70000'],
    ['$70,000', '70000'],
    ['70000.00', '70000'],
    ['  18 ', '18'],
    ['18 dollars', '18'],
    ['18 dollars.', '18'],
    ['-1,000', '-1000'],
    ['\u22123', '-3'],
    ['-$5', '-5'],
    ['$-5', '-5'],
    ['+7', '7'],
    ['-0', '0'],
    ['0.50', '0.5'],
    ['.5', '0.5'],
    ['007', '7'],
    ['20%', '20'],
    ['1,234,567.890', '1234567.89'],
  ])('%j is %j', (written, expected) => {
    expect(canonicalNumber(written)).toBe(expected)
  })

  it.each(['eighteen', 'The answer is 18', '18 or 19', '1,00', '12,3456', '1 000', '', '$', '--3', '+-3', '1.5e3', '3/4'])('%j is not one number: unparseable, never guessed', (written) => {
    expect(canonicalNumber(written)).toBeUndefined()
  })
})
