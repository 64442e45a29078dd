// Standard normal draws by the ziggurat. Each attempt takes two 32-bit outputs: the first gives the
// layer (8 bits), the sign (1 bit) and 23 high bits of the position, the second 30 low bits, so
// positions have 53-bit resolution. About 99% of draws take the fast path inside the loop; the rest
// (wedges and the tail) go through `resolveSlowPath` with the state written back.
import { nextOpenUniform, nextUint32, nextUniform53, type StreamState } from './stream.ts';
import { ZIGGURAT_F, ZIGGURAT_R, ZIGGURAT_X } from './ziggurat.ts';

const TWO_POW_MINUS_53 = 1 / 9007199254740992;

export function fillStandardNormal(state: StreamState, out: Float64Array, start = 0, end = out.length): void {
  const X = ZIGGURAT_X;
  let s0 = state[0];
  let s1 = state[1];
  let s2 = state[2];
  let s3 = state[3];
  for (let i = start; i < end; i++) {
    let product = Math.imul(s1, 5);
    const first = Math.imul((product << 7) | (product >>> 25), 9);
    let t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = (s3 << 11) | (s3 >>> 21);
    product = Math.imul(s1, 5);
    const second = Math.imul((product << 7) | (product >>> 25), 9);
    t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = (s3 << 11) | (s3 >>> 21);

    const layer = first & 255;
    const position = ((first >>> 9) * 1073741824 + (second >>> 2)) * TWO_POW_MINUS_53 * X[layer];
    if (position < X[layer + 1]) {
      out[i] = first & 256 ? -position : position;
    } else {
      state[0] = s0;
      state[1] = s1;
      state[2] = s2;
      state[3] = s3;
      out[i] = resolveSlowPath(state, layer, position, (first & 256) !== 0);
      s0 = state[0];
      s1 = state[1];
      s2 = state[2];
      s3 = state[3];
    }
  }
  state[0] = s0;
  state[1] = s1;
  state[2] = s2;
  state[3] = s3;
}

/** One standard normal draw (scalar path, same algorithm). */
export function nextStandardNormal(state: StreamState): number {
  const first = nextUint32(state) | 0;
  const second = nextUint32(state);
  const layer = first & 255;
  const position = ((first >>> 9) * 1073741824 + (second >>> 2)) * TWO_POW_MINUS_53 * ZIGGURAT_X[layer];
  if (position < ZIGGURAT_X[layer + 1]) return first & 256 ? -position : position;
  return resolveSlowPath(state, layer, position, (first & 256) !== 0);
}

function resolveSlowPath(state: StreamState, layer: number, position: number, negative: boolean): number {
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
  const height = ZIGGURAT_F[layer] + nextUniform53(state) * (ZIGGURAT_F[layer + 1] - ZIGGURAT_F[layer]);
  if (height < Math.exp(-0.5 * position * position)) return negative ? -position : position;
  return nextStandardNormal(state); // rejected: a fresh attempt
}
