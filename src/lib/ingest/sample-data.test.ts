// The generated sample file through the importer: every count the generator recorded while writing it
// (its own ledger, not the importer's output) must come back exactly; Σ of revenue up to rounding.
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { aggregateExperimentData } from './index.ts';
import {
  emptyLedger,
  generateSampleLines,
  fadingSignupRate,
  SAMPLE_EXPERIMENT,
  SAMPLE_START,
  SAMPLE_TRUTH,
} from './sample-data.ts';

describe('sample data', () => {
  const ledger = emptyLedger();
  const text = [...generateSampleLines({ units: 3000, seed: 42 }, ledger)].join('');

  it('is deterministic for a seed', () => {
    expect([...generateSampleLines({ units: 200, seed: 9 })].join('')).toBe(
      [...generateSampleLines({ units: 200, seed: 9 })].join(''),
    );
    expect([...generateSampleLines({ units: 200, seed: 9 })].join('')).not.toBe(
      [...generateSampleLines({ units: 200, seed: 10 })].join(''),
    );
  });

  it('imports to the numbers the generator wrote down', async () => {
    const result = await aggregateExperimentData(
      [new File([gzipSync(text)], 'sample.jsonl.gz')],
      SAMPLE_EXPERIMENT,
    );
    expect(result.arms).toEqual(ledger.units.map((units, variation) => ({ variation, units })));
    expect(result.metrics['signup-rate']).toEqual(
      ledger.units.map((units, variation) => ({
        variation,
        units,
        conversions: ledger.converted[variation],
        sum: ledger.converted[variation],
        sumSquares: ledger.converted[variation],
      })),
    );
    result.metrics['revenue-per-user'].forEach((arm, variation) => {
      expect(arm.sum).toBeCloseTo(ledger.revenueSum[variation], 6);
      expect(arm.sumSquares / ledger.revenueSumSquares[variation]).toBeCloseTo(1, 10);
    });
    const d = result.diagnostics;
    expect(d.recordsRead).toBe(ledger.records);
    expect(d.unitsInSeveralArms).toBe(ledger.unitsInSeveralArms);
    expect(d.duplicatesDropped).toBe(ledger.duplicatesDropped);
    expect(d.eventsBeforeExposure).toBe(ledger.eventsBeforeExposure);
    expect(d.eventsOutsideWindow).toBe(ledger.eventsOutsideWindow);
    expect(d.skipped['missing-metric-value']).toBe(ledger.missingMetricValue);
    expect(d.skipped['connection-test']).toBe(ledger.connectionTests);
    expect(d.skipped['not-in-experiment']).toBe(ledger.legacyEvaluations);
    expect(d.sampledEvents).toBe(ledger.sampledEvents);
    expect(d.malformedCount).toBe(0);
  });

  it('shows the true effects within sampling error', () => {
    const rates = ledger.converted.map((c, v) => c / ledger.units[v]);
    rates.forEach((rate, v) => {
      const se = Math.sqrt(
        (SAMPLE_TRUTH.signupRate[v] * (1 - SAMPLE_TRUTH.signupRate[v])) / ledger.units[v],
      );
      expect(Math.abs(rate - SAMPLE_TRUTH.signupRate[v])).toBeLessThan(4 * se);
    });
  });

  it('writes the same file as before the options for days and a fading lift', () => {
    // SHA-256 of this file as generated before those options existed: other tests depend on it.
    const text = [...generateSampleLines({ units: 500, seed: 9 })].join('');
    expect(createHash('sha256').update(text).digest('hex')).toBe(
      '3a842447b3249f7f94f3977246a976c7bb094fafe46f855a365f8b600385dafc',
    );
  });

  it('spreads exposures over the days asked for, with a lift that fades', async () => {
    expect(fadingSignupRate(0.6, 0)).toBeCloseTo(0.16, 15); // 0.1 × 1.6
    expect(fadingSignupRate(0.6, 1)).toBeCloseTo(0.1, 15);
    const fading = emptyLedger();
    const lines = [
      ...generateSampleLines({ units: 9000, seed: 3, days: 6, fadingLift: 1 }, fading),
    ].join('');
    const data = await aggregateExperimentData([new File([lines], 'fading.jsonl')], {
      ...SAMPLE_EXPERIMENT,
      window: { start: SAMPLE_START, end: SAMPLE_START + 7 * 86_400_000 },
    });
    const days = data.breakdowns?.[0].cells ?? [];
    expect(days.map((cell) => Number(cell.value))).toEqual(
      [0, 1, 2, 3, 4, 5].map((day) => SAMPLE_START + day * 86_400_000),
    );
    const rate = (cells: typeof days, arm: number) => {
      const sum = (key: 'units' | 'conversions') =>
        cells.reduce((total, cell) => total + cell.metrics['signup-rate'][arm][key], 0);
      return sum('conversions') / sum('units');
    };
    // Arm 1's true rate: 0.1 × (2 − t/T). Days 1–2 average t/T ≈ 1/6: ≈ 0.183; days 5–6 ≈ 5/6:
    // ≈ 0.117. About 1,000 units each: a standard error near 0.012, so ± 0.035 is three of them.
    expect(Math.abs(rate(days.slice(0, 2), 1) - 0.1 * (2 - 1 / 6))).toBeLessThan(0.035);
    expect(Math.abs(rate(days.slice(4), 1) - 0.1 * (2 - 5 / 6))).toBeLessThan(0.035);
    expect(Math.abs(rate(days, 0) - 0.1)).toBeLessThan(0.02);
    expect(data.metrics['signup-rate'][1].conversions).toBe(fading.converted[1]);
  });

  it('builds a novelty effect by day since exposure when asked', async () => {
    const lines = [
      ...generateSampleLines({
        units: 9000,
        seed: 4,
        days: 2,
        noveltySinceExposure: { lift: 0.5, days: 5 },
      }),
    ].join('');
    const data = await aggregateExperimentData([new File([lines], 'novelty.jsonl')], {
      ...SAMPLE_EXPERIMENT,
      window: { start: SAMPLE_START },
      daysSinceExposure: true,
    });
    const cells = data.breakdowns?.find((b) => b.by === 'days-since-exposure')?.cells ?? [];
    const rate = (k: number, arm: number) => {
      const stats = cells[k].metrics['signup-rate'][arm];
      return stats.conversions / stats.units;
    };
    // Control through day k: 0.1 (k + 1)/5; arm 1 adds 0.05 on day 0. About 3,000 units per arm.
    expect(Math.abs(rate(0, 0) - 0.02)).toBeLessThan(0.01);
    expect(Math.abs(rate(0, 1) - 0.07)).toBeLessThan(0.015);
    expect(Math.abs(rate(4, 0) - 0.1)).toBeLessThan(0.02);
    expect(Math.abs(rate(4, 1) - 0.15)).toBeLessThan(0.025);
  });

  it('attributes from their own stream (attributeSeed): every other field and number as without them', () => {
    const attributes = [
      { name: 'country', values: ['US', 'DE'], weights: [2, 1] },
      { name: 'device', values: ['desktop', 'mobile'], weights: [1, 1] },
    ];
    const plain = [...generateSampleLines({ units: 400, seed: 7 })].join('').split('\n');
    const sliced = [
      ...generateSampleLines({
        units: 400,
        seed: 7,
        sliceAttributes: attributes,
        attributeSeed: 8,
      }),
    ]
      .join('')
      .split('\n');
    expect(sliced.length).toBe(plain.length);
    const withoutAttributes = (line: string) =>
      line.replace(/,"country":"(US|DE)"/g, '').replace(/,"device":"(desktop|mobile)"/g, '');
    let withAttributes = 0;
    sliced.forEach((line, index) => {
      if (line !== plain[index]) withAttributes++;
      expect(withoutAttributes(line), `line ${index + 1}`).toBe(plain[index]);
    });
    expect(withAttributes).toBeGreaterThan(400);
  });
});
