// Beta highest-density interval: steady-state time per call (median of timed passes after a warm-up) for shapes with a + b up to 10⁶, against the naive
// way (golden-section search of the shortest F⁻¹(p + mass) − F⁻¹(p) with jStat's inverse CDF),
// and the error of both against mpmath references (src/lib/stats/__fixtures__/audit.json).
import { readFileSync } from 'node:fs';
import { hdiBeta } from '../../src/lib/stats/index.ts';
import { jStat, median } from '../measure.ts';
import type { BenchCase, BenchContext, BenchMeasurement } from '../types.ts';

type Reference = { alpha: number; beta: number; mass: number; interval: [number, number] };

const GOLDEN = (Math.sqrt(5) - 1) / 2;

/** The textbook approach: minimise the interval width over its lower tail probability. */
function naiveHdiBeta(alpha: number, beta: number, mass: number): [number, number] {
  const width = (p: number) =>
    jStat.ibetainv(p + mass, alpha, beta) - jStat.ibetainv(p, alpha, beta);
  let low = 0;
  let high = 1 - mass;
  for (let step = 0; step < 60; step++) {
    const left = high - GOLDEN * (high - low);
    const right = low + GOLDEN * (high - low);
    if (width(left) < width(right)) high = right;
    else low = left;
  }
  const p = (low + high) / 2;
  return [jStat.ibetainv(p, alpha, beta), jStat.ibetainv(p + mass, alpha, beta)];
}

function loadReferences(): Reference[] {
  const url = new URL('../../src/lib/stats/__fixtures__/audit.json', import.meta.url);
  const all = (JSON.parse(readFileSync(url, 'utf8')) as { hdiBeta: Reference[] }).hdiBeta;
  return all.filter((reference) => reference.alpha + reference.beta <= 1e6);
}

function microsecondsPerCall(
  references: Reference[],
  hdi: typeof hdiBeta,
  repeats: number,
): number {
  let calls = 0;
  const start = performance.now();
  for (let r = 0; r < repeats; r++) {
    for (const { alpha, beta, mass } of references) {
      hdi(alpha, beta, mass);
      calls++;
    }
  }
  return ((performance.now() - start) * 1000) / calls;
}

function worstError(references: Reference[], hdi: typeof hdiBeta): number {
  let worst = 0;
  for (const { alpha, beta, mass, interval } of references) {
    const [low, high] = hdi(alpha, beta, mass);
    const error = Math.max(Math.abs(low - interval[0]), Math.abs(high - interval[1]));
    worst = Math.max(worst, Number.isFinite(error) ? error : Infinity);
  }
  return worst;
}

async function runHdi(context: BenchContext): Promise<BenchMeasurement[]> {
  const references = loadReferences();
  const repeats = context.quick ? 2 : 10;
  const timedRuns = context.quick ? 1 : 7;
  context.log(
    `${references.length} reference shapes, a + b from ${Math.min(...references.map((r) => r.alpha + r.beta)).toPrecision(2)} to ${Math.max(...references.map((r) => r.alpha + r.beta)).toPrecision(2)}`,
  );
  // Steady state for both: V8 optimises the special functions only after a few thousand calls.
  const warmUpPasses = context.quick ? 1 : 30;
  microsecondsPerCall(references, hdiBeta, warmUpPasses);
  microsecondsPerCall(references, naiveHdiBeta, Math.max(1, warmUpPasses / 10));
  const ours = median(
    Array.from({ length: timedRuns }, () => microsecondsPerCall(references, hdiBeta, repeats)),
  );
  const naive = median(
    Array.from({ length: timedRuns }, () =>
      microsecondsPerCall(references, naiveHdiBeta, Math.max(1, repeats / 5)),
    ),
  );
  const ourError = worstError(references, hdiBeta);
  const naiveError = worstError(references, naiveHdiBeta);
  return [
    {
      name: `Beta HDI, ${references.length} shapes with a + b ≤ 1e6 (vs golden-section on jStat)`,
      value: ours,
      unit: 'µs/call',
      baseline: naive,
      ratio: naive / ours,
      goal: '≤ 10 µs per call',
      met: ours <= 10,
    },
    {
      name: 'Beta HDI: max |endpoint error| vs mpmath (baseline: the naive method)',
      value: ourError,
      unit: 'abs',
      baseline: naiveError,
      ratio: ourError > 0 ? naiveError / ourError : null,
      goal: '≤ 1e-9',
      met: ourError <= 1e-9,
    },
  ];
}

export const cases: BenchCase[] = [{ id: 'beta-hdi', runtime: 'node', run: runHdi }];
