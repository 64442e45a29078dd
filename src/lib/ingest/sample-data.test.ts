// The generated sample file through the importer: every count the generator recorded while writing it
// (its own ledger, not the importer's output) must come back exactly; Σ of revenue up to rounding.
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { aggregateExperimentData } from './index.ts';
import {
  emptyLedger,
  generateSampleLines,
  SAMPLE_EXPERIMENT,
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
});
