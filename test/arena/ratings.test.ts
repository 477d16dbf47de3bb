import {describe, expect, it} from 'vitest'

import {BattleCounts, type Winner} from '../../src/core/arena/battle-counts.js'
import {ChordRefitter, ELO_PER_NAT, fitBradleyTerry} from '../../src/core/arena/bradley-terry.js'
import {rateTable} from '../../src/core/arena/ratings.js'
import {CountResampler} from '../../src/core/score/count-resampler.js'
import {Random} from '../../src/core/score/random.js'

/** Simulated battles between models of known Elo ratings: Bradley-Terry outcomes, no ties unless asked. */
function simulate(truth: Record<string, number>, battles: number, seed: number, tieShare = 0): {model_a: string; model_b: string; winner: Winner}[] {
  const random = new Random(seed)
  const names = Object.keys(truth)
  return Array.from({length: battles}, () => {
    const a = Math.floor(random.float() * names.length)
    let b = Math.floor(random.float() * (names.length - 1))
    if (b >= a) b += 1
    const [modelA, modelB] = [names[a]!, names[b]!]
    if (random.float() < tieShare) return {model_a: modelA, model_b: modelB, winner: 'tie' as const}
    const probability = 1 / (1 + 10 ** ((truth[modelB]! - truth[modelA]!) / 400))
    return {model_a: modelA, model_b: modelB, winner: random.float() < probability ? ('model_a' as const) : ('model_b' as const)}
  })
}

function count(battles: {model_a: string; model_b: string; winner: Winner}[]): BattleCounts {
  const counts = new BattleCounts()
  for (const battle of battles) counts.add(battle.model_a, battle.model_b, battle.winner)
  return counts
}

/**
 * An independent fit, written from Hunter (2004), "MM algorithms for generalized Bradley-Terry
 * models": Zermelo's fixed point on the raw battles (no counts, no Newton, no prior), ties as half
 * a win to each side.
 */
function zermelo(battles: {model_a: string; model_b: string; winner: Winner}[], anchor: string): Map<string, number> {
  const names = [...new Set(battles.flatMap((battle) => [battle.model_a, battle.model_b]))]
  const strength = new Map(names.map((name) => [name, 1]))
  for (let iteration = 0; iteration < 5000; iteration += 1) {
    const wins = new Map(names.map((name) => [name, 0]))
    const denominators = new Map(names.map((name) => [name, 0]))
    for (const {model_a: a, model_b: b, winner} of battles) {
      const scoreA = winner === 'model_a' ? 1 : winner === 'model_b' ? 0 : 0.5
      wins.set(a, wins.get(a)! + scoreA)
      wins.set(b, wins.get(b)! + 1 - scoreA)
      const sum = strength.get(a)! + strength.get(b)!
      denominators.set(a, denominators.get(a)! + 1 / sum)
      denominators.set(b, denominators.get(b)! + 1 / sum)
    }
    for (const name of names) strength.set(name, wins.get(name)! / denominators.get(name)!)
  }
  const base = strength.get(anchor)!
  return new Map(names.map((name) => [name, 1000 + 400 * Math.log10(strength.get(name)! / base)]))
}

describe('Bradley-Terry ratings', () => {
  it('match an independent fit (Zermelo iterations on the raw battles) within a tenth of a point', () => {
    const battles = simulate({alpha: 1000, bravo: 1100, charlie: 900, delta: 1250, echo: 1020}, 5000, 1, 0.15)
    const {ratings} = rateTable(count(battles).table(), {resamples: 10, seed: 0, anchor: 'alpha', anchorRating: 1000})
    const reference = zermelo(battles, 'alpha')
    for (const row of ratings.models) expect(Math.abs(row.rating - reference.get(row.model)!), row.model).toBeLessThan(0.1)
  })

  it('put a model 400 points up when it wins ten times as often (the Elo scale)', () => {
    const counts = new BattleCounts()
    counts.add('strong', 'weak', 'model_a', 1000)
    counts.add('strong', 'weak', 'model_b', 100)
    const {ratings} = rateTable(counts.table(), {resamples: 50, seed: 0, anchor: 'weak', anchorRating: 1000})
    expect(ratings.models.map((row) => [row.model, Math.round(row.rating)])).toEqual([['strong', 1400], ['weak', 1000]])
  })

  it('count a tie as half a win to each side', () => {
    const counts = new BattleCounts()
    counts.add('a', 'b', 'tie', 10)
    counts.add('a', 'b', 'model_a', 5)
    counts.add('b', 'a', 'tie (bothbad)', 4)
    const strengths = fitBradleyTerry(counts.table())
    // a scores 5 + 7 of 19: odds 12 / 7.
    expect((strengths[0]! - strengths[1]!) * ELO_PER_NAT).toBeCloseTo(400 * Math.log10(12 / 7), 0)
    expect(counts.bothBad).toBe(4)
  })

  it('intervals cover the true ratings at about the nominal 95%', () => {
    const truth = {alpha: 1000, bravo: 1080, charlie: 940, delta: 1150}
    let covered = 0
    let total = 0
    for (let simulation = 0; simulation < 150; simulation += 1) {
      const {ratings} = rateTable(count(simulate(truth, 400, 100 + simulation)).table(), {resamples: 200, seed: simulation, anchor: 'alpha', anchorRating: 1000})
      for (const row of ratings.models) {
        if (row.model === 'alpha') continue
        total += 1
        if (row.interval.low <= truth[row.model as keyof typeof truth] && truth[row.model as keyof typeof truth] <= row.interval.high) covered += 1
      }
    }
    expect(covered / total).toBeGreaterThan(0.9)
    expect(covered / total).toBeLessThan(0.99)
  })

  it('gives the same intervals for the same seed, and ranks with spreads from the intervals', () => {
    const table = count(simulate({a: 1000, b: 1010, c: 1300}, 600, 7)).table()
    const first = rateTable(table, {resamples: 100, seed: 3, anchorRating: 1000}).ratings
    const again = rateTable(table, {resamples: 100, seed: 3, anchorRating: 1000}).ratings
    expect(again).toEqual(first)
    expect(first.models[0]).toMatchObject({model: 'c', rank: 1, rank_spread: {best: 1, worst: 1}})
    expect(first.models.slice(1).map((row) => row.rank_spread)).toEqual([{best: 2, worst: 3}, {best: 2, worst: 3}])
  })

  it('names the models whose ratings only the prior bounds: a won every battle, b and c lost every one to it', () => {
    const counts = new BattleCounts()
    counts.add('a', 'b', 'model_a', 3)
    counts.add('b', 'c', 'model_a', 2)
    counts.add('b', 'c', 'model_b', 2)
    const {ratings} = rateTable(counts.table(), {resamples: 20, seed: 0, anchorRating: 1000})
    expect(ratings.unbounded).toEqual(['a', 'b', 'c'])
    expect(Number.isFinite(ratings.models[0]!.rating)).toBe(true)
    counts.add('c', 'a', 'tie')
    expect(rateTable(counts.table(), {resamples: 5, seed: 0, anchorRating: 1000}).ratings.unbounded).toEqual([])
  })

  it('refuses models that never met the others, directly or not', () => {
    const counts = new BattleCounts()
    counts.add('a', 'b', 'model_a', 3)
    counts.add('c', 'd', 'model_a', 3)
    expect(() => rateTable(counts.table(), {resamples: 20, seed: 0, anchorRating: 1000})).toThrow(/c, d never met a/)
  })

  it('refits bootstrap replicates within 0.02 Elo point of their exact fit, on 50 battles as on thousands', () => {
    const truth = {a: 1000, b: 1060, c: 1120, d: 940, e: 1000, f: 1200}
    for (const battles of [50, 3000]) {
      const table = count(simulate(truth, battles, battles, 0.1)).table()
      const center = fitBradleyTerry(table)
      const refitter = new ChordRefitter(table, center)
      const resampler = new CountResampler(table.outcomes, new Random(1))
      const outcomes = new Float64Array(table.outcomes.length)
      const refit = new Float64Array(center.length)
      let worst = 0
      for (let replicate = 0; replicate < 100; replicate += 1) {
        resampler.draw(outcomes)
        refitter.refit(outcomes, refit, 5e-5)
        const exact = fitBradleyTerry({...table, outcomes}, {start: center, tolerance: 1e-12})
        for (let model = 1; model < center.length; model += 1) worst = Math.max(worst, ELO_PER_NAT * Math.abs(refit[model]! - refit[0]! - (exact[model]! - exact[0]!)))
      }
      expect(worst, `${battles} battles`).toBeLessThan(0.02)
    }
  })
})
