import { describe, expect, it } from 'vitest';
import { planIterationStart } from './lifecycle.ts';
import { checkCanStart } from './start-rules.ts';
import { buildScenario, codes } from './test-builders.ts';
import type { Experiment } from './types.ts';

describe('checkCanStart', () => {
  it('allows a complete design on a flag that is on', () => {
    const s = buildScenario();
    expect(checkCanStart(s.experiment, 'production', s.view)).toEqual([]);
  });

  it('refuses a flag that is off in that environment (iterations start per environment)', () => {
    const s = buildScenario();
    expect(checkCanStart(s.experiment, 'staging', s.view)).toEqual([
      {
        code: 'flag-off',
        field: 'flagKey',
        message: 'Turn flag “checkout-button” on in staging before starting the iteration.',
      },
    ]);
  });

  it('treats an AI Config as on by default', () => {
    const s = buildScenario();
    s.flag.kind = 'ai-config';
    s.flag.environments.staging.on = true; // what createFlagEnvironment('ai-config') gives
    expect(checkCanStart(s.experiment, 'staging', s.view)).toEqual([]);
  });

  it('needs a flag, an audience and a randomization unit', () => {
    const s = buildScenario();
    expect(codes(checkCanStart({ ...s.experiment, flagKey: null }, 'production', s.view))).toEqual([
      'flag-missing',
    ]);
    expect(
      codes(checkCanStart({ ...s.experiment, audienceRuleId: null }, 'production', s.view)),
    ).toEqual(['audience-missing']);
    expect(
      checkCanStart({ ...s.experiment, randomizationUnit: null }, 'production', s.view),
    ).toEqual([
      {
        code: 'randomization-unit-missing',
        field: 'randomizationUnit',
        message: expect.stringContaining('randomization unit'),
      },
    ]);
  });

  it('needs a non-zero allocation', () => {
    const s = buildScenario();
    const zeroArms: Experiment = {
      ...s.experiment,
      splitMode: 'custom',
      treatments: s.experiment.treatments.map((t) => ({ ...t, allocationPercent: 0 })),
    };
    expect(codes(checkCanStart(zeroArms, 'production', s.view))).toEqual([
      'split-not-100',
      'no-allocation',
    ]);
    expect(checkCanStart({ ...s.experiment, sampleSizePercent: 0 }, 'production', s.view)).toEqual([
      expect.objectContaining({ code: 'no-allocation', field: 'sampleSizePercent' }),
    ]);
  });

  it.each([
    [
      'guarded-rollout-active',
      (s: ReturnType<typeof buildScenario>) =>
        (s.flag.environments.production.guardedRolloutActive = true),
    ],
    [
      'progressive-rollout-active',
      (s: ReturnType<typeof buildScenario>) =>
        (s.flag.environments.production.progressiveRolloutActive = true),
    ],
    ['migration-flag', (s: ReturnType<typeof buildScenario>) => (s.flag.isMigrationFlag = true)],
  ])('refuses a flag with %s', (code, tweak) => {
    const s = buildScenario();
    tweak(s);
    expect(codes(checkCanStart(s.experiment, 'production', s.view))).toEqual([code]);
  });

  it('refuses a flag already in a running experiment; several experiments on a flag run one at a time', () => {
    const s = buildScenario();
    const other: Experiment = { ...s.experiment, id: 'other-id', key: 'other', name: 'Other test' };
    const view = { ...s.view, experiments: [s.experiment, other] };
    const started = planIterationStart(other, 'production', view, s.deps);
    if (!started.ok) throw new Error('setup');
    const running = { ...view, iterations: started.value.started };
    expect(checkCanStart(s.experiment, 'production', running)).toEqual([
      {
        code: 'flag-in-running-experiment',
        field: 'flagKey',
        message: expect.stringContaining(
          'already in running experiment “Other test” in production',
        ),
      },
    ]);
    // A design on the same flag can still be saved and checked; only starting is refused.
    const stopped = {
      ...running,
      iterations: running.iterations.map((it) => ({ ...it, status: 'stopped' as const })),
    };
    expect(checkCanStart(s.experiment, 'production', stopped)).toEqual([]);
  });

  it('includes every design violation', () => {
    const s = buildScenario();
    expect(
      codes(
        checkCanStart(
          {
            ...s.experiment,
            holdoutId: s.holdout.id,
            layer: { layerKey: s.layer.key, reservationPercent: 5 },
          },
          'production',
          s.view,
        ),
      ),
    ).toEqual(['holdout-and-layer']);
  });
});
