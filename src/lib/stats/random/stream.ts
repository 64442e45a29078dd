// Seeded xoshiro128** streams. A stream's whole state is four 32-bit words in an Int32Array; hot loops
// copy them into local variables, run, and write them back (see normal.ts).
import { StatsInputError } from '../types.ts';

export type StreamState = Int32Array;

const TWO_POW_32 = 4294967296;

/** Chris Wellons' lowbias32 integer hash: a bijection of 32-bit words with strong avalanche. */
export function mix32(word: number): number {
  let x = word | 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x | 0;
}

const ROUND_KEYS = [
  0x9e3779b9, 0x243f6a88, 0xb7e15162, 0x85ebca6b, 0xc2b2ae35, 0x27d4eb2f, 0x165667b1, 0x6a09e667,
];

/**
 * The state of stream (seed, streamIndex). The four words (seed low/high, index low/high) go through
 * rounds of `w[k] ^= mix32(w[k-1] + key)`; each step is invertible, so distinct (seed, index) pairs
 * always get distinct states, and the hash rounds make neighbouring indices unrelated.
 */
export function createStream(seed: number, streamIndex: number): StreamState {
  if (!Number.isSafeInteger(seed))
    throw new StatsInputError('seed', `must be a safe integer, got ${seed}`);
  if (!Number.isSafeInteger(streamIndex) || streamIndex < 0) {
    throw new StatsInputError(
      'chunkIndex',
      `must be a non-negative safe integer, got ${streamIndex}`,
    );
  }
  const words = new Int32Array(4);
  words[0] = splitLow(seed);
  words[1] = Math.floor(seed / TWO_POW_32) | 0;
  words[2] = splitLow(streamIndex);
  words[3] = Math.floor(streamIndex / TWO_POW_32) ^ 0x5bd1e995;
  for (let round = 0; round < ROUND_KEYS.length; round++) {
    for (let k = 0; k < 4; k++) words[k] ^= mix32(words[(k + 3) & 3] + ROUND_KEYS[(round + k) & 7]);
  }
  if ((words[0] | words[1] | words[2] | words[3]) === 0) words[0] = 1; // xoshiro's one forbidden state
  return words;
}

function splitLow(value: number): number {
  const low = value % TWO_POW_32;
  return (low < 0 ? low + TWO_POW_32 : low) | 0;
}

/** One xoshiro128** output as an unsigned 32-bit integer (scalar path; hot loops inline the step). */
export function nextUint32(state: StreamState): number {
  const s0 = state[0];
  const s1 = state[1];
  let s2 = state[2];
  let s3 = state[3];
  const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
  const t = s1 << 9;
  s2 ^= s0;
  s3 ^= s1;
  state[1] = s1 ^ s2;
  state[0] = s0 ^ s3;
  state[2] = s2 ^ t;
  state[3] = rotl(s3, 11);
  return result;
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** Uniform on the open interval (0, 1) with 32-bit resolution: safe for Math.log. */
export function nextOpenUniform(state: StreamState): number {
  return (nextUint32(state) + 0.5) * (1 / TWO_POW_32);
}

/** Uniform on [0, 1) with 53-bit resolution. */
export function nextUniform53(state: StreamState): number {
  const high = nextUint32(state) >>> 5;
  const low = nextUint32(state) >>> 6;
  return (high * 67108864 + low) * (1 / 9007199254740992);
}

/** Fills out[start, end) with open uniforms, consuming one output each (same sequence as nextOpenUniform). */
export function fillOpenUniform(
  state: StreamState,
  out: Float64Array,
  start = 0,
  end = out.length,
): void {
  let s0 = state[0];
  let s1 = state[1];
  let s2 = state[2];
  let s3 = state[3];
  for (let i = start; i < end; i++) {
    const product = Math.imul(s1, 5);
    const result = Math.imul((product << 7) | (product >>> 25), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = (s3 << 11) | (s3 >>> 21);
    out[i] = (result + 0.5) * (1 / TWO_POW_32);
  }
  state[0] = s0;
  state[1] = s1;
  state[2] = s2;
  state[3] = s3;
}
