import { describe, expect, it } from 'vitest';
import { defaultAnalysisSettings } from '../../lib/domain/create.ts';
import { defaultPriorVariance, parsePriorVariance, withPriorVariance } from './prior-variance.ts';

describe('γ² per metric', () => {
  it('defaults to the specification’s values: 0.04 for conversion rates, 0.16 otherwise', () => {
    // docs/statistics.md (per-unit aggregation, numeric and conversion models): γ² = 0.16 numeric, 0.04 conversion; a conversion summed per unit is numeric.
    expect(defaultPriorVariance({ kind: 'conversion', aggregation: 'average' })).toBe(0.04);
    expect(defaultPriorVariance({ kind: 'conversion', aggregation: 'sum' })).toBe(0.16);
    expect(defaultPriorVariance({ kind: 'numeric', aggregation: 'average' })).toBe(0.16);
  });

  it('reads blank as the default and refuses non-positive or non-numeric input', () => {
    expect(parsePriorVariance('  ')).toEqual({ ok: true, value: null });
    expect(parsePriorVariance('0.09')).toEqual({ ok: true, value: 0.09 });
    expect(parsePriorVariance('0').ok).toBe(false);
    expect(parsePriorVariance('-1').ok).toBe(false);
    expect(parsePriorVariance('abc').ok).toBe(false);
    expect(parsePriorVariance('Infinity').ok).toBe(false);
  });

  it('sets and clears γ² in the experiment’s settings, starting from the workspace’s', () => {
    const workspace = {
      ...defaultAnalysisSettings(),
      credibleMass: 0.95,
      priorRelativeVariance: { other: 0.2 },
    };
    const set = withPriorVariance({ analysis: null }, workspace, 'revenue', 0.09);
    expect(set.credibleMass).toBe(0.95);
    expect(set.priorRelativeVariance).toEqual({ other: 0.2, revenue: 0.09 });
    expect(workspace.priorRelativeVariance).toEqual({ other: 0.2 });
    const own = { ...set, credibleMass: 0.8 };
    const cleared = withPriorVariance({ analysis: own }, workspace, 'revenue', null);
    expect(cleared.credibleMass).toBe(0.8);
    expect(cleared.priorRelativeVariance).toEqual({ other: 0.2 });
  });
});
