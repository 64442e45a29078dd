// Seeded, chunked Monte Carlo comparisons. Chunk c of a run with seed s draws from its own stream
// createStream(s, c), so a chunk's tally depends only on (input, seed, chunk index, chunk length):
// any split of the chunks over workers, merged in chunk order, gives the same numbers as one thread.
import {
  createBetaScratch,
  createStream,
  fillBeta,
  fillNormal,
  type BetaScratch,
} from '../random/index.ts';
import { StatsInputError, type Posterior } from '../types.ts';
import { DEFAULT_DRAWS } from '../defaults.ts';
import {
  orientHigher,
  validateComparisonInput,
  type Comparison,
  type ComparisonInput,
} from './validate.ts';

export const MONTE_CARLO_CHUNK_DRAWS = 65536;
export const DEFAULT_MONTE_CARLO_DRAWS = DEFAULT_DRAWS;

/** Sums over draws; plain arrays so a tally crosses postMessage unchanged. */
export type MonteCarloTally = {
  draws: number;
  /** Draws each arm won (ties split evenly among the tied arms). */
  wins: number[];
  /** Draws each arm beat the control (a tie counts ½); 0 for the control itself. */
  beatsControl: number[];
  /** Σ loss and Σ loss² per arm, loss = best draw − own draw (after orienting to higher-is-better). */
  lossSum: number[];
  lossSumSquares: number[];
};

/** Number of chunks for `draws` draws and the length of chunk `index`. */
export function chunkCount(draws: number): number {
  return Math.ceil(draws / MONTE_CARLO_CHUNK_DRAWS);
}

export function chunkLength(draws: number, index: number): number {
  return Math.min(MONTE_CARLO_CHUNK_DRAWS, draws - index * MONTE_CARLO_CHUNK_DRAWS);
}

/**
 * A chunk is drawn and tallied in blocks of this many joint draws, so one block of every arm's draws
 * (10 arms: 160 kB) stays in cache between sampling and tallying. Within a block the stream is
 * consumed arm by arm, in posterior order; blocks follow each other.
 */
const BLOCK_DRAWS = 2048;

// Scratch reused across calls (a chunk runs to completion before the next starts; nothing is kept).
const columnCache: Float64Array[] = [];
const best = new Float64Array(BLOCK_DRAWS);
let betaScratch: BetaScratch | null = null;

function columns(count: number): Float64Array[] {
  while (columnCache.length < count) columnCache.push(new Float64Array(BLOCK_DRAWS));
  return columnCache.slice(0, count);
}

/** Per-arm running sums of one chunk. */
type Accumulator = {
  wins: number[];
  beats: number[];
  even: number[];
  lossSum: number[];
  lossSumSquares: number[];
};

/** Draws `draws` (≤ MONTE_CARLO_CHUNK_DRAWS) joint samples of all arms from stream (seed, chunkIndex) and tallies them. */
export function monteCarloChunk(
  input: ComparisonInput,
  seed: number,
  chunkIndex: number,
  draws: number,
): MonteCarloTally {
  validateComparisonInput(input);
  if (!Number.isInteger(draws) || draws < 0 || draws > MONTE_CARLO_CHUNK_DRAWS) {
    throw new StatsInputError(
      'draws',
      `a chunk holds 0..${MONTE_CARLO_CHUNK_DRAWS} draws, got ${draws}`,
    );
  }
  const posteriors = orientHigher(input.posteriors, input.direction);
  const count = posteriors.length;
  const state = createStream(seed, chunkIndex);
  const samples = columns(count);
  const order = byDecreasingMean(posteriors);
  const zeros = () => new Array<number>(count).fill(0);
  const sums: Accumulator = {
    wins: zeros(),
    beats: zeros(),
    even: zeros(),
    lossSum: zeros(),
    lossSumSquares: zeros(),
  };
  for (let start = 0; start < draws; start += BLOCK_DRAWS) {
    const length = Math.min(BLOCK_DRAWS, draws - start);
    posteriors.forEach((posterior, arm) => sampleArm(state, posterior, samples[arm], length));
    tallyBlock(samples, length, input.control, order, sums);
  }
  return {
    draws,
    wins: sums.wins,
    beatsControl: sums.beats.map((beats, arm) =>
      arm === input.control ? 0 : beats + 0.5 * sums.even[arm],
    ),
    lossSum: sums.lossSum,
    lossSumSquares: sums.lossSumSquares,
  };
}

/** Visiting the likely winners first makes "is this a new maximum?" rarely true: fewer mispredicted branches. */
function byDecreasingMean(posteriors: Posterior[]): number[] {
  const mean = (p: Posterior) => (p.family === 'normal' ? p.mean : p.alpha / (p.alpha + p.beta));
  return posteriors.map((_, arm) => arm).sort((a, b) => mean(posteriors[b]) - mean(posteriors[a]));
}

function sampleArm(
  state: Int32Array,
  posterior: Posterior,
  out: Float64Array,
  draws: number,
): void {
  if (posterior.family === 'normal') {
    fillNormal(state, out, 0, draws, posterior.mean, posterior.sd);
    return;
  }
  if (betaScratch === null) betaScratch = createBetaScratch(BLOCK_DRAWS);
  fillBeta(state, out, draws, posterior.alpha, posterior.beta, betaScratch);
}

/**
 * Column-wise, branch-light passes (one tight loop per arm): the maximum of each draw, then per arm
 * its loss, beat-control and win counts. A draw is won by every arm equal to its maximum; when the win
 * counts add up to more than the draws, some draw was tied and the block's wins are recounted with
 * ties split fractionally.
 */
function tallyBlock(
  samples: Float64Array[],
  length: number,
  control: number,
  order: number[],
  sums: Accumulator,
): void {
  const count = samples.length;
  best.set(samples[order[0]].subarray(0, length));
  for (let k = 1; k < count; k++) {
    const column = samples[order[k]];
    for (let d = 0; d < length; d++) {
      const value = column[d];
      if (value > best[d]) best[d] = value;
    }
  }
  const reference = samples[control];
  const blockWins = new Array<number>(count);
  let hits = 0;
  for (let arm = 0; arm < count; arm++) {
    const column = samples[arm];
    let sum = 0;
    let squares = 0;
    let won = 0;
    let beats = 0;
    let even = 0;
    for (let d = 0; d < length; d++) {
      const value = column[d];
      const loss = best[d] - value;
      sum += loss;
      squares += loss * loss;
      won += +(loss === 0);
      const other = reference[d];
      beats += +(value > other);
      even += +(value === other);
    }
    blockWins[arm] = won;
    hits += won;
    sums.lossSum[arm] += sum;
    sums.lossSumSquares[arm] += squares;
    sums.beats[arm] += beats;
    sums.even[arm] += even;
  }
  if (hits > length) splitTies(samples, length, blockWins);
  for (let arm = 0; arm < count; arm++) sums.wins[arm] += blockWins[arm];
}

/** Recounts wins with ties split evenly: each of the m arms at a draw's maximum gets 1/m of it. */
function splitTies(samples: Float64Array[], length: number, wins: number[]): void {
  wins.fill(0);
  for (let d = 0; d < length; d++) {
    let ties = 0;
    for (const column of samples) if (column[d] === best[d]) ties++;
    for (let arm = 0; arm < samples.length; arm++)
      if (samples[arm][d] === best[d]) wins[arm] += 1 / ties;
  }
}

/** Element-wise sums, in the order given (pass chunk order for bit-identical results). */
export function mergeTallies(tallies: MonteCarloTally[]): MonteCarloTally {
  if (tallies.length === 0) throw new StatsInputError('tallies', 'nothing to merge');
  const count = tallies[0].wins.length;
  const merged: MonteCarloTally = {
    draws: 0,
    wins: new Array<number>(count).fill(0),
    beatsControl: new Array<number>(count).fill(0),
    lossSum: new Array<number>(count).fill(0),
    lossSumSquares: new Array<number>(count).fill(0),
  };
  tallies.forEach((tally, index) => {
    if (tally.wins.length !== count)
      throw new StatsInputError(
        `tallies[${index}]`,
        `has ${tally.wins.length} arms, expected ${count}`,
      );
    merged.draws += tally.draws;
    for (let arm = 0; arm < count; arm++) {
      merged.wins[arm] += tally.wins[arm];
      merged.beatsControl[arm] += tally.beatsControl[arm];
      merged.lossSum[arm] += tally.lossSum[arm];
      merged.lossSumSquares[arm] += tally.lossSumSquares[arm];
    }
  });
  return merged;
}

/** Estimates with their Monte Carlo standard errors: sqrt(p(1−p)/n) for probabilities, s/sqrt(n) for loss. */
export function summarizeTally(input: ComparisonInput, tally: MonteCarloTally): Comparison {
  const count = input.posteriors.length;
  if (tally.wins.length !== count)
    throw new StatsInputError('tally', `has ${tally.wins.length} arms, expected ${count}`);
  if (!(tally.draws > 0)) throw new StatsInputError('tally.draws', 'must be positive');
  const n = tally.draws;
  const probabilitySe = (p: number): number => Math.sqrt((p * (1 - p)) / n);
  const probabilityToBeBest = tally.wins.map((wins) => wins / n);
  const probabilityToBeatControl = tally.beatsControl.map((beats, arm) =>
    arm === input.control ? null : beats / n,
  );
  const expectedLoss = tally.lossSum.map((sum) => sum / n);
  const lossSe = tally.lossSum.map((sum, arm) => {
    if (n < 2) return NaN;
    const variance = Math.max(0, (tally.lossSumSquares[arm] - (sum * sum) / n) / (n - 1));
    return Math.sqrt(variance / n);
  });
  return {
    probabilityToBeBest,
    probabilityToBeatControl,
    expectedLoss,
    standardErrors: {
      probabilityToBeBest: probabilityToBeBest.map(probabilitySe),
      probabilityToBeatControl: probabilityToBeatControl.map((p) =>
        p === null ? null : probabilitySe(p),
      ),
      expectedLoss: lossSe,
    },
  };
}

/** All chunks in order on this thread, merged and summarised: what a worker pool must reproduce. */
export function compareMonteCarlo(
  input: ComparisonInput,
  options: { draws: number; seed: number },
): Comparison {
  validateComparisonInput(input);
  const { draws, seed } = options;
  if (!Number.isSafeInteger(draws) || draws < 1)
    throw new StatsInputError('draws', `must be a positive integer, got ${draws}`);
  if (!Number.isSafeInteger(seed))
    throw new StatsInputError('seed', `must be a safe integer, got ${seed}`);
  const tallies: MonteCarloTally[] = [];
  for (let chunk = 0; chunk < chunkCount(draws); chunk++) {
    tallies.push(monteCarloChunk(input, seed, chunk, chunkLength(draws, chunk)));
  }
  return summarizeTally(input, mergeTallies(tallies));
}
