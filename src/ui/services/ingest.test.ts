import { describe, expect, it } from 'vitest';
import { applyDesignEdit, planIterationStart } from '../../lib/domain/lifecycle.ts';
import { buildScenario, testDeps } from '../../lib/domain/test-builders.ts';
import { DEFAULT_COVARIATE_DAYS } from '../../lib/ingest/types.ts';
import type { Iteration } from '../../lib/domain/types.ts';
import { validateSpec } from '../../lib/ingest/spec.ts';
import { ANY_FLAG } from '../quick/file-plan.ts';
import { specForIteration } from './ingest.ts';

describe('specForIteration', () => {
  it('gives a flagless (quick-path) iteration a spec the library accepts, so more files can be added', () => {
    const iteration = {
      flagKey: null,
      startedAt: 1000,
      endedAt: 2000,
      design: {
        flagKey: null,
        randomizationUnit: null,
        metrics: [
          {
            key: 'converted',
            eventKey: 'converted',
            kind: 'conversion',
            aggregation: 'average',
          },
        ],
      },
    } as unknown as Iteration;
    const spec = specForIteration(iteration);
    expect(spec.flagKey).toBe(ANY_FLAG);
    expect(spec.window).toEqual({ start: 1000, end: 2000 });
    expect(() => validateSpec(spec)).not.toThrow();
  });

  it('passes the design’s slicing attributes: named, once each, at most 20', () => {
    const iteration = (attributes: string[]) =>
      ({
        flagKey: 'flag',
        startedAt: null,
        endedAt: null,
        design: { flagKey: 'flag', randomizationUnit: 'user', metrics: [], attributes },
      }) as unknown as Iteration;
    expect(
      specForIteration(iteration(['country', ' plan ', '', 'country'])).sliceAttributes,
    ).toEqual(['country', 'plan']);
    expect('sliceAttributes' in specForIteration(iteration([]))).toBe(false);
    const many = Array.from({ length: 25 }, (_, i) => `a${i}`);
    expect(specForIteration(iteration(many)).sliceAttributes).toEqual(many.slice(0, 20));
  });

  it('takes the CUPED pre-period the design sets, also when changed while an iteration runs', () => {
    const deps = testDeps();
    const s = buildScenario(deps);
    const start = planIterationStart(s.experiment, 'production', s.view, deps);
    if (!start.ok) throw new Error(JSON.stringify(start.violations));
    const [iteration] = start.value.started;
    expect(specForIteration(iteration).covariateDays).toBe(DEFAULT_COVARIATE_DAYS);
    const view = { ...s.view, experiments: [start.value.experiment], iterations: [iteration] };
    for (const days of [7, 0]) {
      const edit = applyDesignEdit(start.value.experiment, { covariateDays: days }, view, deps);
      if (!edit.ok) throw new Error(JSON.stringify(edit.violations));
      // Not an edit that restarts: the running iteration's design is refreshed in place.
      expect(edit.value.started).toEqual([]);
      expect(specForIteration(edit.value.updated[0]).covariateDays).toBe(days);
    }
  });
});
