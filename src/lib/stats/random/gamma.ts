// Gamma(shape, 1) draws by Marsaglia & Tsang (2000), in bulk: fill a block of normals and a block of
// uniforms, run the acceptance test element-wise, and redraw the few rejected elements one by one.
// Shapes below 1 use the boost Gamma(a) = Gamma(a + 1) · U^(1/a), here in log form (see fillLogGamma).
import { fillStandardNormal, nextStandardNormal } from './normal.ts';
import { fillOpenUniform, nextOpenUniform, type StreamState } from './stream.ts';

export type GammaScratch = { normals: Float64Array; uniforms: Float64Array };

export function createGammaScratch(length: number): GammaScratch {
  return { normals: new Float64Array(length), uniforms: new Float64Array(length) };
}

/** out[0, count) ← Gamma(shape) draws, shape ≥ 1. */
export function fillGamma(state: StreamState, out: Float64Array, count: number, shape: number, scratch: GammaScratch): void {
  if (!(shape >= 1)) throw new RangeError(`fillGamma needs shape ≥ 1, got ${shape}`);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  const { normals, uniforms } = scratch;
  fillStandardNormal(state, normals, 0, count);
  fillOpenUniform(state, uniforms, 0, count);
  for (let i = 0; i < count; i++) {
    const x = normals[i];
    let v = 1 + c * x;
    if (v > 0) {
      v = v * v * v;
      const u = uniforms[i];
      const xx = x * x;
      if (u < 1 - 0.0331 * xx * xx || Math.log(u) < 0.5 * xx + d * (1 - v + Math.log(v))) {
        out[i] = d * v;
        continue;
      }
    }
    out[i] = NaN; // marked for a redraw once the block is done, so the stream order stays fixed
  }
  for (let i = 0; i < count; i++) if (out[i] !== out[i]) out[i] = nextGamma(state, d, c);
}

function nextGamma(state: StreamState, d: number, c: number): number {
  for (;;) {
    const x = nextStandardNormal(state);
    let v = 1 + c * x;
    if (v <= 0) continue;
    v = v * v * v;
    const u = nextOpenUniform(state);
    const xx = x * x;
    if (u < 1 - 0.0331 * xx * xx || Math.log(u) < 0.5 * xx + d * (1 - v + Math.log(v))) return d * v;
  }
}

/**
 * out[0, count) ← log of Gamma(shape) draws, any shape > 0. Logs keep tiny shapes usable: with
 * shape 0.01 the draw itself underflows to 0 about a third of the time, its log never does.
 */
export function fillLogGamma(state: StreamState, out: Float64Array, count: number, shape: number, scratch: GammaScratch): void {
  if (shape >= 1) {
    fillGamma(state, out, count, shape, scratch);
    for (let i = 0; i < count; i++) out[i] = Math.log(out[i]);
    return;
  }
  fillGamma(state, out, count, shape + 1, scratch);
  const boost = scratch.uniforms;
  fillOpenUniform(state, boost, 0, count);
  const inverseShape = 1 / shape;
  for (let i = 0; i < count; i++) out[i] = Math.log(out[i]) + Math.log(boost[i]) * inverseShape;
}
