import { describe, expect, it } from 'vitest';
import { checkDesign, checkSavable } from './design-rules.ts';
import { buildScenario, codes } from './test-builders.ts';
import type { Experiment } from './types.ts';

function check(
  edit: (s: ReturnType<typeof buildScenario>) => Partial<Experiment>,
  tweak?: (s: ReturnType<typeof buildScenario>) => void,
) {
  const s = buildScenario();
  tweak?.(s);
  const experiment = { ...s.experiment, ...edit(s) };
  return checkDesign(experiment, { ...s.view, experiments: [experiment] });
}

describe('checkDesign', () => {
  it('accepts a complete design', () => {
    expect(check(() => ({}))).toEqual([]);
  });

  it('accepts an incomplete draft: no flag, no arms, no metrics yet', () => {
    expect(
      check(() => ({
        flagKey: null,
        audienceRuleId: null,
        treatments: [],
        controlVariationId: null,
        metrics: [],
      })),
    ).toEqual([expect.objectContaining({ code: 'too-few-arms' })]);
  });

  describe('holdout or layer, never both', () => {
    it('allows a holdout alone and a layer alone', () => {
      expect(check((s) => ({ holdoutId: s.holdout.id }))).toEqual([]);
      expect(check((s) => ({ layer: { layerKey: s.layer.key, reservationPercent: 40 } }))).toEqual(
        [],
      );
    });
    it('refuses both, pointing at the holdout', () => {
      const found = check((s) => ({
        holdoutId: s.holdout.id,
        layer: { layerKey: s.layer.key, reservationPercent: 40 },
      }));
      expect(found).toEqual([
        {
          code: 'holdout-and-layer',
          field: 'holdoutId',
          message: expect.stringMatching(/holdout or in a layer, not both/),
        },
      ]);
    });
    it('refuses an unknown holdout or layer', () => {
      expect(codes(check(() => ({ holdoutId: 'nope' })))).toEqual(['unknown-holdout']);
      expect(codes(check(() => ({ layer: { layerKey: 'nope', reservationPercent: 10 } })))).toEqual(
        ['unknown-layer'],
      );
    });
  });

  describe('layer reservations total at most 100%', () => {
    const withOthers = (s: ReturnType<typeof buildScenario>) => {
      s.layer.environments.production = {
        reservations: [{ experimentKey: 'other', flagKey: 'f', reservationPercent: 70 }],
      };
    };
    it('allows exactly 100% in the environment', () => {
      expect(
        check((s) => ({ layer: { layerKey: s.layer.key, reservationPercent: 30 } }), withOthers),
      ).toEqual([]);
    });
    it('refuses more, saying how much is left', () => {
      const found = check(
        (s) => ({ layer: { layerKey: s.layer.key, reservationPercent: 31 } }),
        withOthers,
      );
      expect(found).toEqual([
        {
          code: 'layer-over-reserved',
          field: 'layer.reservationPercent',
          message: expect.stringContaining('at most 30% is left'),
        },
      ]);
    });
    it('counts workspace experiments in the layer, and its own recorded reservation only once', () => {
      const s = buildScenario();
      const other = {
        ...s.experiment,
        id: 'other-id',
        key: 'other',
        layer: { layerKey: s.layer.key, reservationPercent: 60 },
      };
      s.layer.environments.production = {
        reservations: [
          { experimentKey: s.experiment.key, flagKey: s.flag.key, reservationPercent: 90 },
        ],
      };
      const mine = { ...s.experiment, layer: { layerKey: s.layer.key, reservationPercent: 40 } };
      expect(checkDesign(mine, { ...s.view, experiments: [mine, other] })).toEqual([]);
      const greedy = { ...mine, layer: { layerKey: s.layer.key, reservationPercent: 41 } };
      expect(codes(checkDesign(greedy, { ...s.view, experiments: [greedy, other] }))).toEqual([
        'layer-over-reserved',
      ]);
    });
    it('ignores reservations in other environments', () => {
      expect(
        check(
          (s) => ({ layer: { layerKey: s.layer.key, reservationPercent: 90 } }),
          (s) =>
            (s.layer.environments.staging = {
              reservations: [{ experimentKey: 'x', flagKey: 'f', reservationPercent: 90 }],
            }),
        ),
      ).toEqual([]);
    });
    it('refuses a reservation of 0 or above 100', () => {
      expect(
        codes(check((s) => ({ layer: { layerKey: s.layer.key, reservationPercent: 0 } }))),
      ).toEqual(['reservation-out-of-range']);
      expect(
        codes(check((s) => ({ layer: { layerKey: s.layer.key, reservationPercent: 101 } }))),
      ).toEqual(['reservation-out-of-range']);
    });
  });

  describe('arms, split and control', () => {
    it('refuses fewer than two variations', () => {
      expect(codes(check((s) => ({ treatments: s.experiment.treatments.slice(0, 1) })))).toEqual([
        'too-few-arms',
      ]);
    });
    it('refuses a variation used twice and one the flag lacks', () => {
      expect(
        check((s) => ({ treatments: [s.experiment.treatments[0], s.experiment.treatments[0]] })),
      ).toEqual([
        {
          code: 'duplicate-arm',
          field: 'treatments[1].variationId',
          message: 'Variation “Grey” is used by more than one arm.',
        },
      ]);
      expect(
        check((s) => ({
          treatments: [
            s.experiment.treatments[0],
            { variationId: 'ghost', name: 'Ghost', allocationPercent: 50 },
          ],
        })),
      ).toEqual([
        {
          code: 'unknown-variation',
          field: 'treatments[1].variationId',
          message: 'Arm “Ghost” serves a variation that flag “checkout-button” does not have.',
        },
      ]);
    });
    it('accepts a custom split totalling 100 and refuses one that does not', () => {
      const split = (a: number, b: number) => (s: ReturnType<typeof buildScenario>) => ({
        splitMode: 'custom' as const,
        treatments: [
          { ...s.experiment.treatments[0], allocationPercent: a },
          { ...s.experiment.treatments[1], allocationPercent: b },
        ],
      });
      expect(check(split(70, 30))).toEqual([]);
      expect(check(split(70, 20))).toEqual([
        {
          code: 'split-not-100',
          field: 'treatments',
          message: 'A custom split must total 100%; these arms total 90%.',
        },
      ]);
      expect(codes(check(split(120, -20)))).toEqual([
        'allocation-out-of-range',
        'allocation-out-of-range',
      ]);
    });
    it('ignores stored shares in an equal split', () => {
      expect(
        check((s) => ({
          treatments: s.experiment.treatments.map((t) => ({ ...t, allocationPercent: 1 })),
        })),
      ).toEqual([]);
    });
    it('needs a control among the arms', () => {
      expect(check(() => ({ controlVariationId: null }))).toEqual([
        { code: 'no-control', field: 'controlVariationId', message: expect.any(String) },
      ]);
      expect(codes(check((s) => ({ controlVariationId: s.flag.variations[2].id })))).toEqual([
        'control-not-an-arm',
      ]);
    });
    it('keeps the CUPED pre-period to whole days from 0 to 365, and will not save another', () => {
      expect(check(() => ({ covariateDays: 0 }))).toEqual([]);
      expect(check(() => ({ covariateDays: 365 }))).toEqual([]);
      for (const covariateDays of [-1, 366, 7.5, Number.NaN])
        expect(check(() => ({ covariateDays }))).toEqual([
          {
            code: 'covariate-days-out-of-range',
            field: 'covariateDays',
            message: expect.stringMatching(/whole number of days from 0 to 365/),
          },
        ]);
      const s = buildScenario();
      expect(codes(checkSavable({ ...s.experiment, covariateDays: 400 }, s.view))).toEqual([
        'covariate-days-out-of-range',
      ]);
    });
    it('keeps the sample size within 0–100%', () => {
      expect(check(() => ({ sampleSizePercent: 0 }))).toEqual([]);
      expect(codes(check(() => ({ sampleSizePercent: 100.5 })))).toEqual([
        'sample-size-out-of-range',
      ]);
    });
  });

  describe('flag and audience', () => {
    it('refuses an unknown flag, a flag with one variation, an unknown rule or outside variation', () => {
      expect(codes(check(() => ({ flagKey: 'missing' })))).toContain('unknown-flag');
      expect(
        codes(
          check(
            () => ({}),
            (s) => s.flag.variations.splice(1),
          ),
        ),
      ).toContain('flag-too-few-variations');
      expect(check(() => ({ audienceRuleId: 'rule-x' }))).toEqual([
        {
          code: 'unknown-audience-rule',
          field: 'audienceRuleId',
          message: expect.stringContaining('no targeting rule “rule-x”'),
        },
      ]);
      expect(codes(check(() => ({ notInExperimentVariationId: 'nope' })))).toEqual([
        'unknown-not-in-experiment-variation',
      ]);
    });
    it('accepts a named targeting rule of the flag', () => {
      expect(check(() => ({ audienceRuleId: 'rule-canada' }))).toEqual([]);
    });
  });

  describe('metrics', () => {
    it('needs exactly one primary metric when there are metrics', () => {
      expect(
        check((s) => ({ metrics: s.experiment.metrics.map((m) => ({ ...m, primary: false })) })),
      ).toEqual([
        { code: 'no-primary-metric', field: 'metrics', message: 'Mark one metric as primary.' },
      ]);
      expect(
        check((s) => ({ metrics: s.experiment.metrics.map((m) => ({ ...m, primary: true })) })),
      ).toEqual([
        expect.objectContaining({ code: 'multiple-primary-metrics', field: 'metrics[1].primary' }),
      ]);
    });
    it('refuses duplicate keys and missing keys or event keys', () => {
      const [a] = buildScenario().experiment.metrics;
      expect(codes(check(() => ({ metrics: [a, { ...a, primary: false }] })))).toEqual([
        'duplicate-metric',
      ]);
      expect(check(() => ({ metrics: [{ ...a, eventKey: '' }] }))).toEqual([
        {
          code: 'metric-missing-event-key',
          field: 'metrics[0].eventKey',
          message: 'Metric “Checkout” needs the event key it counts.',
        },
      ]);
      expect(codes(check(() => ({ metrics: [{ ...a, key: '' }] })))).toEqual([
        'metric-missing-key',
      ]);
    });
  });
});

describe('checkSavable', () => {
  it('lets drafts be incomplete but not contradictory', () => {
    const s = buildScenario();
    expect(
      checkSavable({ ...s.experiment, treatments: [], controlVariationId: null }, s.view),
    ).toEqual([]);
    const both = {
      ...s.experiment,
      holdoutId: s.holdout.id,
      layer: { layerKey: s.layer.key, reservationPercent: 10 },
    };
    expect(codes(checkSavable(both, s.view))).toEqual(['holdout-and-layer']);
  });
});

describe('limits shared with snapshot links', () => {
  it('refuse (even as a draft) a hypothesis longer than a shared link can carry', async () => {
    // Snapshot links take their caps from DESIGN_LIMITS (lib/share/snapshot-limits.ts).
    const { DESIGN_LIMITS } = await import('./text-limits.ts');
    expect(DESIGN_LIMITS.maxHypothesisChars).toBe(5_000);
    const s = buildScenario();
    expect(checkSavable({ ...s.experiment, hypothesis: 'x'.repeat(5_000) }, s.view)).toEqual([]);
    expect(checkSavable({ ...s.experiment, hypothesis: 'x'.repeat(5_001) }, s.view)).toEqual([
      {
        code: 'text-too-long',
        field: 'hypothesis',
        message:
          'The hypothesis has 5,001 characters; at most 5,000 fit in a design (and in a shared link). Shorten it by 1.',
      },
    ]);
    expect(codes(checkSavable({ ...s.experiment, name: 'n'.repeat(301) }, s.view))).toEqual([
      'text-too-long',
    ]);
  });
});

describe('arm names', () => {
  it('must differ ignoring case: data is matched to arms by name', () => {
    const found = check((s) => ({
      treatments: [
        { ...s.experiment.treatments[0], name: 'Same' },
        { ...s.experiment.treatments[1], name: 'same' },
      ],
    }));
    expect(found).toEqual([
      {
        code: 'duplicate-arm-name',
        field: 'treatments',
        message:
          'Two arms are named “same”; give each variation a distinct name (case is ignored when data is matched to arms).',
      },
    ]);
  });
});

describe('metric roles and guardrail margins', () => {
  it('reads a role from primary and the margin; old metrics without a margin are secondary', async () => {
    const { metricRole } = await import('./types.ts');
    expect(metricRole({ primary: true })).toBe('primary');
    expect(metricRole({ primary: false })).toBe('secondary');
    expect(metricRole({ primary: false, guardrailMargin: 0.01 })).toBe('guardrail');
    expect(metricRole({ primary: false, guardrailMargin: 0 })).toBe('guardrail');
  });

  it('accepts a guardrail with a margin from 0 to under 100%', () => {
    expect(
      check((s) => ({
        metrics: s.experiment.metrics.map((m, i) =>
          i === 1 ? { ...m, guardrailMargin: 0.01 } : m,
        ),
      })),
    ).toEqual([]);
  });

  it('refuses a margin on the primary metric and a margin out of range', () => {
    const found = check((s) => ({
      metrics: s.experiment.metrics.map((m, i) =>
        i === 0 ? { ...m, guardrailMargin: 0.01 } : { ...m, guardrailMargin: 1.5 },
      ),
    }));
    expect(found.map((v) => [v.code, v.field])).toEqual([
      ['primary-with-margin', 'metrics[0].guardrailMargin'],
      ['guardrail-margin-out-of-range', 'metrics[1].guardrailMargin'],
    ]);
    expect(
      codes(
        check((s) => ({
          metrics: s.experiment.metrics.map((m, i) =>
            i === 1 ? { ...m, guardrailMargin: Number.NaN } : m,
          ),
        })),
      ),
    ).toEqual(['guardrail-margin-out-of-range']);
  });
});

describe('slicing attributes', () => {
  it('accepts up to 20 distinct names', () => {
    const names = Array.from({ length: 20 }, (_, i) => `attr${i}`);
    expect(check(() => ({ attributes: names }))).toEqual([]);
  });

  it('refuses more than 20, blanks, padded names and duplicates, naming each', () => {
    const names = Array.from({ length: 21 }, (_, i) => `attr${i}`);
    expect(codes(check(() => ({ attributes: names })))).toEqual(['too-many-attributes']);
    expect(
      check(() => ({ attributes: ['country', ' ', ' plan', 'country'] })).map((v) => [
        v.code,
        v.field,
      ]),
    ).toEqual([
      ['attribute-blank', 'attributes[1]'],
      ['attribute-blank', 'attributes[2]'],
      ['duplicate-attribute', 'attributes[3]'],
    ]);
  });

  it('refuses an attribute name longer than 200 characters, even as a draft', () => {
    const s = buildScenario();
    const experiment = { ...s.experiment, attributes: ['x'.repeat(201)] };
    expect(codes(checkSavable(experiment, { ...s.view, experiments: [experiment] }))).toEqual([
      'text-too-long',
    ]);
  });
});
