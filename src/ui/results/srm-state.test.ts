import { describe, expect, it } from 'vitest';
import { sampleRatioMismatch } from '../../lib/stats/srm.ts';
import { EXAMPLE_INPUT } from '../examples.ts';
import reference from './srm-states.reference.json' with { type: 'json' };
import {
  formatBayesFactor,
  formatPValue,
  srmCounts,
  srmHealthCheck,
  srmRows,
  srmState,
} from './srm-state.ts';

const close = (actual: number, expected: number, relative = 1e-9) =>
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(relative * Math.abs(expected));

describe('srm state against independent numbers (scripts/reference/srm_states_reference.py)', () => {
  for (const case_ of reference) {
    it(`${case_.name} → ${case_.state}`, () => {
      const srm = sampleRatioMismatch(case_.counts, case_.weights);
      close(srm.chiSquarePValue, case_.chiSquarePValue, 1e-8);
      close(srm.bayesFactor, case_.bayesFactor, 1e-8);
      close(srm.posteriorProbability, case_.posteriorProbability);
      expect(srmState(srm, case_.counts[0] + case_.counts[1])).toBe(case_.state);
      srmRows(case_.counts, case_.weights).forEach((row, arm) => {
        expect(row.observed).toBe(case_.counts[arm]);
        close(row.expected, case_.expected[arm], 1e-12);
      });
    });
  }

  it('issue 13: 44,700 / 45,489 is a watch, worded as one, never a pass', () => {
    const srm = sampleRatioMismatch([44_700, 45_489], [1, 1]);
    const check = srmHealthCheck(srm, [44_700, 45_489]);
    expect(check.status).toBe('warn');
    expect(check.detail).toMatch(/^Watch: /);
    expect(check.detail).toContain('χ² p = 0.0086');
    expect(check.detail).toContain('probability of a mismatch 87.6%');
    expect(check.detail).toContain('Bayes factor 7.06');
    expect(check.detail).toContain('90,189 units');
  });
});

describe('srm state rules', () => {
  const base = { bayesFactor: 1, pValue: 1, alert: false };
  it('no units is its own state, whatever the numbers', () => {
    expect(srmState({ ...base, posteriorProbability: 0.5, chiSquarePValue: 1 }, 0)).toBe(
      'no-units',
    );
    const check = srmHealthCheck(
      { ...base, posteriorProbability: 0.5, chiSquarePValue: 1 },
      [0, 0],
      13_889,
    );
    expect(check.status).toBe('fail');
    expect(check.detail).toContain('No units in the window');
    expect(check.detail).toContain('13,889 events fall outside');
  });

  it('the edges: p = 0.01 and posterior = 0.5 are not a watch; just past them are', () => {
    expect(srmState({ ...base, posteriorProbability: 0.5, chiSquarePValue: 0.01 }, 10)).toBe('ok');
    expect(srmState({ ...base, posteriorProbability: 0.5, chiSquarePValue: 0.0099 }, 10)).toBe(
      'watch',
    );
    expect(srmState({ ...base, posteriorProbability: 0.5001, chiSquarePValue: 0.5 }, 10)).toBe(
      'watch',
    );
    expect(
      srmState({ ...base, alert: true, posteriorProbability: 0.995, chiSquarePValue: 0 }, 10),
    ).toBe('alert');
  });

  it('a pass is never shown with p < 0.01', () => {
    for (const p of [0.0099, 0.001, 1e-12])
      expect(
        srmHealthCheck({ ...base, posteriorProbability: 0.1, chiSquarePValue: p }, [5, 5]).status,
      ).not.toBe('pass');
  });

  it('counts come from the exposures when there are some, else from the metrics', () => {
    expect(srmCounts(EXAMPLE_INPUT)).toEqual(
      EXAMPLE_INPUT.exposures.length
        ? EXAMPLE_INPUT.armNames.map((_, arm) =>
            EXAMPLE_INPUT.exposures.reduce((sum, b) => sum + (b.counts[arm] ?? 0), 0),
          )
        : EXAMPLE_INPUT.metrics[0].arms.map((a) => a.units),
    );
    const input = {
      ...EXAMPLE_INPUT,
      exposures: [
        { start: 0, counts: [3, 4] },
        { start: 3_600_000, counts: [1, 0] },
      ],
    };
    expect(srmCounts(input)).toEqual([4, 4]);
  });

  it('formats p-values and Bayes factors', () => {
    expect(formatPValue(0.008607987810836262)).toBe('0.0086');
    expect(formatPValue(0.5)).toBe('0.50');
    expect(formatPValue(2.6e-11)).toBe('< 0.0001');
    expect(formatBayesFactor(7.060650862687439)).toBe('7.06');
    expect(formatBayesFactor(153654716.36)).toBe('1.5 × 10^8');
  });
});
