// Normal draws by the ziggurat. One 32-bit output per attempt: 8 low bits pick the layer, bit 8 the
// sign, the 23 high bits the position inside the layer (a grid of 2⁻²³ of the layer's width — far finer
// than any Monte Carlo noise). About 98.8% of attempts take the fast path
// inside the loop; wedges and the tail go through `resolveSlowPath` with the state written back.
import { nextOpenUniform, nextUint32, nextUniform53, type StreamState } from './stream.ts';
import {
  ZIGGURAT_ACCEPT,
  ZIGGURAT_F,
  ZIGGURAT_R,
  ZIGGURAT_SIGNED_SCALE,
  ZIGGURAT_X,
} from './ziggurat.ts';

const TWO_POW_MINUS_23 = 1 / 8388608;

/** fillNormal works in blocks of this many elements. */
const NORMAL_BLOCK = 4096;
// Attempts that miss the fast path, as (index, bits) pairs, resolved after the block's loop so the loop
// keeps the generator state in registers (about 1.2% of attempts).
const pending = new Int32Array(2 * NORMAL_BLOCK);

/**
 * out[start, end) ← mean + sd · Z, Z standard normal. Stream order, block by block (4096 elements
 * from `start`): one output per element in index order, then the extra outputs of that block's
 * slow-path elements in index order.
 */
export function fillNormal(
  state: StreamState,
  out: Float64Array,
  start: number,
  end: number,
  mean: number,
  sd: number,
): void {
  for (let blockStart = start; blockStart < end; blockStart += NORMAL_BLOCK) {
    fillNormalBlock(state, out, blockStart, Math.min(end, blockStart + NORMAL_BLOCK), mean, sd);
  }
}

function fillNormalBlock(
  state: StreamState,
  out: Float64Array,
  start: number,
  end: number,
  mean: number,
  sd: number,
): void {
  // Locals: some loaders turn each access to an imported binding into a getter call.
  const accept = ZIGGURAT_ACCEPT;
  const signedScale = ZIGGURAT_SIGNED_SCALE;
  const slow = pending;
  let slowCount = 0;
  let s0 = state[0];
  let s1 = state[1];
  let s2 = state[2];
  let s3 = state[3];
  for (let i = start; i < end; i++) {
    const product = Math.imul(s1, 5);
    const bits = Math.imul((product << 7) | (product >>> 25), 9);
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = (s3 << 11) | (s3 >>> 21);
    const raw = bits >>> 9;
    if (raw < accept[bits & 255]) {
      out[i] = mean + sd * (raw * signedScale[bits & 511]);
    } else {
      slow[slowCount++] = i;
      slow[slowCount++] = bits;
    }
  }
  state[0] = s0;
  state[1] = s1;
  state[2] = s2;
  state[3] = s3;
  for (let k = 0; k < slowCount; k += 2) {
    const bits = slow[k + 1];
    const raw = bits >>> 9;
    const z = resolveSlowPath(
      state,
      bits & 255,
      raw * TWO_POW_MINUS_23 * ZIGGURAT_X[bits & 255],
      (bits & 256) !== 0,
    );
    out[slow[k]] = mean + sd * z;
  }
}

/** out[start, end) ← standard normal draws. */
export function fillStandardNormal(
  state: StreamState,
  out: Float64Array,
  start = 0,
  end = out.length,
): void {
  fillNormal(state, out, start, end, 0, 1);
}

/** One standard normal draw (scalar path, same algorithm and stream consumption). */
export function nextStandardNormal(state: StreamState): number {
  const bits = nextUint32(state);
  const raw = bits >>> 9;
  if (raw < ZIGGURAT_ACCEPT[bits & 255]) return raw * ZIGGURAT_SIGNED_SCALE[bits & 511];
  return resolveSlowPath(
    state,
    bits & 255,
    raw * TWO_POW_MINUS_23 * ZIGGURAT_X[bits & 255],
    (bits & 256) !== 0,
  );
}

/** The rare attempts: the base layer's tail beyond R, or a wedge needing the density test. */
export function resolveSlowPath(
  state: StreamState,
  layer: number,
  position: number,
  negative: boolean,
): number {
  if (layer === 0) {
    // Marsaglia's tail method: beyond R the density is proportional to exp(-x²/2).
    let excess: number;
    let height: number;
    do {
      excess = -Math.log(nextOpenUniform(state)) / ZIGGURAT_R;
      height = -Math.log(nextOpenUniform(state));
    } while (height + height < excess * excess);
    return negative ? -(ZIGGURAT_R + excess) : ZIGGURAT_R + excess;
  }
  const height =
    ZIGGURAT_F[layer] + nextUniform53(state) * (ZIGGURAT_F[layer + 1] - ZIGGURAT_F[layer]);
  if (height < Math.exp(-0.5 * position * position)) return negative ? -position : position;
  return nextStandardNormal(state); // rejected: a fresh attempt
}
