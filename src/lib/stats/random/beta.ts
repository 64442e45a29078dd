// Beta(a, b) draws as G_a / (G_a + G_b) from two independent gamma blocks.
import { fillGamma, fillLogGamma } from './gamma.ts';
import type { StreamState } from './stream.ts';

export type BetaScratch = { second: Float64Array; uniforms: Float64Array };

export function createBetaScratch(length: number): BetaScratch {
  return { second: new Float64Array(length), uniforms: new Float64Array(length) };
}

/** out[0, count) ← Beta(a, b) draws. Shapes below 1 go through log-gammas, so 0/0 can never occur. */
export function fillBeta(
  state: StreamState,
  out: Float64Array,
  count: number,
  a: number,
  b: number,
  scratch: BetaScratch,
): void {
  const second = scratch.second;
  if (a >= 1 && b >= 1) {
    fillGamma(state, out, count, a);
    fillGamma(state, second, count, b);
    for (let i = 0; i < count; i++) out[i] = out[i] / (out[i] + second[i]);
    return;
  }
  fillLogGamma(state, out, count, a, scratch.uniforms);
  fillLogGamma(state, second, count, b, scratch.uniforms);
  for (let i = 0; i < count; i++) out[i] = 1 / (1 + Math.exp(second[i] - out[i]));
}
