// Browser case: a 10-million-draw Monte Carlo analysis with the worker pool versus one worker (the
// baseline), and the longest main-thread task while the pooled run is in flight. The reference
// machine has 2 cores, so the pool has 2 workers there and the best possible speed-up is about 2×.
import type { BenchCase, BenchContext, BenchMeasurement } from '../types.ts';
import { createAnalysisClient, type AnalysisClient } from '../../src/workers/analysis-client.ts';
import { longRunRequest } from '../../src/workers/__fixtures__/requests.ts';

const ARMS = 5;
/** A fair share of ideal scaling: messaging, merging and the 2-core machine's other load cost the rest. */
const SCALING_EFFICIENCY_GOAL = 0.75;
const LONG_TASK_GOAL_MS = 50;

async function timedRun(client: AnalysisClient, draws: number, seed: number): Promise<number> {
  const started = performance.now();
  const result = await client.analyze(longRunRequest(`bench-${seed}`, draws, ARMS, seed));
  const elapsed = performance.now() - started;
  if (!result.ok) throw new Error(`analysis failed: ${result.error.message}`);
  const metric = result.value.metrics[0].result;
  if (!metric.ok) throw new Error(`analysis failed: ${metric.error.message}`);
  return elapsed;
}

async function bestOf(repetitions: number, client: AnalysisClient, draws: number): Promise<number> {
  let best = Number.POSITIVE_INFINITY;
  for (let repetition = 0; repetition < repetitions; repetition++)
    best = Math.min(best, await timedRun(client, draws, repetition + 1));
  return best;
}

function watchLongTasks(): { longest: () => number; stop: () => void } {
  let longest = 0;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) longest = Math.max(longest, entry.duration);
  });
  observer.observe({ type: 'longtask' });
  return { longest: () => longest, stop: () => observer.disconnect() };
}

async function run({ quick, log }: BenchContext): Promise<BenchMeasurement[]> {
  const draws = quick ? 1_000_000 : 10_000_000;
  const repetitions = quick ? 1 : 3;
  const single = createAnalysisClient({ poolSize: 1 });
  const pooled = createAnalysisClient();
  try {
    // Warm-up: start the workers and compile the hot loops before timing.
    await timedRun(single, 500_000, 100);
    await timedRun(pooled, 500_000 * pooled.poolSize, 100);
    log(
      `pool of ${pooled.poolSize} workers (navigator.hardwareConcurrency = ${navigator.hardwareConcurrency})`,
    );
    const singleMs = await bestOf(repetitions, single, draws);
    const longTasks = watchLongTasks();
    const pooledMs = await bestOf(repetitions, pooled, draws);
    await new Promise((resolve) => setTimeout(resolve, 50)); // let the observer deliver
    longTasks.stop();
    const speedUp = singleMs / pooledMs;
    const speedUpGoal = Math.max(1, SCALING_EFFICIENCY_GOAL * pooled.poolSize);
    const label = `${draws / 1e6}M draws, K=${ARMS} normal`;
    return [
      {
        name: `worker pool (${pooled.poolSize}) vs 1 worker, ${label}`,
        value: pooledMs,
        unit: 'ms',
        baseline: singleMs,
        ratio: speedUp,
        goal: `≥ ${speedUpGoal.toFixed(2)}× (${SCALING_EFFICIENCY_GOAL} × ${pooled.poolSize} workers)`,
        met: speedUp >= speedUpGoal,
      },
      {
        name: `longest main-thread task during the pooled ${label} run`,
        value: longTasks.longest(),
        unit: 'ms',
        baseline: null,
        ratio: null,
        goal: `no task over ${LONG_TASK_GOAL_MS} ms (0 = none over 50 ms)`,
        met: longTasks.longest() <= LONG_TASK_GOAL_MS,
      },
    ];
  } finally {
    single.terminate();
    pooled.terminate();
  }
}

export const cases: BenchCase[] = [{ id: 'workers', runtime: 'browser', run }];
