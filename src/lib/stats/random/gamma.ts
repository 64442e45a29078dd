// Gamma(shape, 1) draws by Marsaglia & Tsang (2000). The generator state, the ziggurat's fast path and
// the acceptance test all live in one loop; rare ziggurat attempts go through the scalar slow path.
// Shapes below 1 use the boost Gamma(a) = Gamma(a + 1) · U^(1/a), here in log form (fillLogGamma).
import { resolveSlowPath } from './normal.ts';
import { fillOpenUniform, type StreamState } from './stream.ts';
import { ZIGGURAT_ACCEPT, ZIGGURAT_SIGNED_SCALE, ZIGGURAT_X } from './ziggurat.ts';

const TWO_POW_MINUS_23 = 1 / 8388608;
const TWO_POW_MINUS_32 = 1 / 4294967296;

/** out[0, count) ← Gamma(shape) draws, shape ≥ 1. */
export function fillGamma(
  state: StreamState,
  out: Float64Array,
  count: number,
  shape: number,
): void {
  if (!(shape >= 1)) throw new RangeError(`fillGamma needs shape ≥ 1, got ${shape}`);
  // Locals: some loaders turn each access to an imported binding into a getter call.
  const X = ZIGGURAT_X;
  const accept = ZIGGURAT_ACCEPT;
  const signedScale = ZIGGURAT_SIGNED_SCALE;
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  let s0 = state[0];
  let s1 = state[1];
  let s2 = state[2];
  let s3 = state[3];
  for (let i = 0; i < count; i++) {
    for (;;) {
      // normal draw x (ziggurat, as in normal.ts)
      let product = Math.imul(s1, 5);
      const bits = Math.imul((product << 7) | (product >>> 25), 9);
      let t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = (s3 << 11) | (s3 >>> 21);
      const raw = bits >>> 9;
      let x: number;
      if (raw < accept[bits & 255]) {
        x = raw * signedScale[bits & 511];
      } else {
        state[0] = s0;
        state[1] = s1;
        state[2] = s2;
        state[3] = s3;
        x = resolveSlowPath(
          state,
          bits & 255,
          raw * TWO_POW_MINUS_23 * X[bits & 255],
          (bits & 256) !== 0,
        );
        s0 = state[0];
        s1 = state[1];
        s2 = state[2];
        s3 = state[3];
      }
      let v = 1 + c * x;
      if (v <= 0) continue;
      v = v * v * v;
      // uniform u in (0, 1)
      product = Math.imul(s1, 5);
      const uniformBits = Math.imul((product << 7) | (product >>> 25), 9) >>> 0;
      t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = (s3 << 11) | (s3 >>> 21);
      const u = (uniformBits + 0.5) * TWO_POW_MINUS_32;
      const xx = x * x;
      if (u < 1 - 0.0331 * xx * xx || Math.log(u) < 0.5 * xx + d * (1 - v + Math.log(v))) {
        out[i] = d * v;
        break;
      }
    }
  }
  state[0] = s0;
  state[1] = s1;
  state[2] = s2;
  state[3] = s3;
}

/**
 * out[0, count) ← log of Gamma(shape) draws, any shape > 0; `uniforms` is scratch of length ≥ count.
 * Logs keep tiny shapes usable: with shape 0.01 the draw itself underflows to 0 about a third of the
 * time, its log never does.
 */
export function fillLogGamma(
  state: StreamState,
  out: Float64Array,
  count: number,
  shape: number,
  uniforms: Float64Array,
): void {
  if (shape >= 1) {
    fillGamma(state, out, count, shape);
    for (let i = 0; i < count; i++) out[i] = Math.log(out[i]);
    return;
  }
  fillGamma(state, out, count, shape + 1);
  fillOpenUniform(state, uniforms, 0, count);
  const inverseShape = 1 / shape;
  for (let i = 0; i < count; i++) out[i] = Math.log(out[i]) + Math.log(uniforms[i]) * inverseShape;
}
