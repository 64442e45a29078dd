// Issue #14: variation indices beyond 32 bits are arms of their own; a variation that is not a
// non-negative safe integer is a malformed record. Expected values worked out by hand below.
import { describe, expect, it } from 'vitest';
import { aggregateExperimentData } from './index.ts';
import { exposure, file, FLAG, jsonLines, PARSING_MODES } from './test-events.ts';
import type { ExperimentSpec } from './types.ts';

const spec: ExperimentSpec = { flagKey: FLAG, randomizationUnit: 'user', metrics: [] };

// u1 → 4294967297 (today: arm 1, as 2^32 + 1 wraps), u2 → 1, u3 → 2147483648 and u4 → 4294967295
// (today: vanish), u5 → 4294967294 (today: "several arms", as it wraps to -2), u6 → 2^53 - 1.
// u7 → 1e300, u8 → 1.5, u9 → -1, u10 → 2^53: malformed, with their reason.
// → six arms of one unit each, in ascending order; four malformed records; no unit in several arms.
const valid: [string, number][] = [
  ['u1', 4294967297],
  ['u2', 1],
  ['u3', 2147483648],
  ['u4', 4294967295],
  ['u5', 4294967294],
  ['u6', Number.MAX_SAFE_INTEGER],
];
const invalid: [string, number][] = [
  ['u7', 1e300],
  ['u8', 1.5],
  ['u9', -1],
  ['u10', 2 ** 53],
];
const labels = ['1', '2147483648', '4294967294', '4294967295', '4294967297', '9007199254740991'];

describe('variation indices in Data Export JSON', () => {
  for (const disableFastPath of [false, true]) {
    it(`keeps every valid index an arm of its own (fast path ${disableFastPath ? 'off' : 'on'})`, async () => {
      const records = [...valid, ...invalid].map(([unit, variation]) =>
        exposure(unit, variation, 1000),
      );
      const data = await aggregateExperimentData(
        [file(jsonLines(records), 'big.jsonl')],
        spec,
        undefined,
        undefined,
        { disableFastPath },
      );
      expect(data.armLabels).toEqual(labels);
      expect(data.arms).toEqual(labels.map((_, variation) => ({ variation, units: 1 })));
      expect(data.diagnostics.unitsInSeveralArms).toBe(0);
      expect(data.diagnostics.malformedCount).toBe(4);
      expect(data.diagnostics.malformed.map((m) => m.line)).toEqual([7, 8, 9, 10]);
      expect(data.diagnostics.malformed[0].reason).toMatch(/variation/);
    });
  }
});

describe.each(PARSING_MODES)('variation indices in event-level CSV, $name', ({ importEvents }) => {
  it('keeps every valid index an arm of its own and refuses the others by row', async () => {
    const csv = [
      'user_id,variation,timestamp',
      ...valid.map(([unit, variation]) => `${unit},${variation},1000`),
      'u7,1e300,1000',
      'u8,1.5,1000',
      'u9,-1,1000',
      'u10,9007199254740992,1000',
      'u11,99999999999999999999,1000',
    ].join('\n');
    const data = await importEvents([file(csv, 'big.csv')], spec, {
      unitKey: 'user_id',
      variation: 'variation',
      timestamp: 'timestamp',
    });
    expect(data.armLabels).toEqual(labels);
    expect(data.arms).toEqual(labels.map((_, variation) => ({ variation, units: 1 })));
    expect(data.diagnostics.unitsInSeveralArms).toBe(0);
    expect(data.diagnostics.malformed.map((m) => m.line)).toEqual([8, 9, 10, 11, 12]);
    expect(data.diagnostics.malformed[4].reason).toContain('"99999999999999999999"');
  });
});
