import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  AUDIT_FLAG_KEY,
  AUDIT_ROLLOUT,
  AUDIT_SALT,
  misassignedExport,
} from '../../../test/support/misassigned-export.ts';
import boundary from './__fixtures__/float32-boundary-keys.json' with { type: 'json' };
import { bucket32, variationForBucket, variationForBucket32 } from '../bucketing/bucket.ts';
import { aggregateExperimentData, auditAssignment } from './json-import.ts';
import { aggregateCsvEvents } from './csv-import.ts';
import type { ExperimentSpec } from './types.ts';

const START = Date.UTC(2026, 4, 1);

const spec: ExperimentSpec = {
  flagKey: AUDIT_FLAG_KEY,
  randomizationUnit: 'user',
  window: { start: START, end: START + 72 * 3_600_000 },
  metrics: [{ key: 'revenue', eventKey: 'purchase', kind: 'numeric', aggregation: 'sum' }],
  assignment: { salt: AUDIT_SALT, rollout: AUDIT_ROLLOUT },
};

const file = (text: string) => new Blob([text]);

describe('float32 boundary keys (numpy reference)', () => {
  it.each(boundary.keys)('$unitKey: the 32- and 64-bit walks disagree as numpy says', (edge) => {
    expect(variationForBucket(AUDIT_ROLLOUT, edge.bucket).variation).toBe(edge.variation64);
    const hash60 = edge.bucket * (2 ** 60 - 1);
    expect(bucket32(hash60)).toBe(edge.bucket32);
    expect(variationForBucket32(AUDIT_ROLLOUT, edge.bucket32).variation).toBe(edge.variation32);
  });
});

describe('assignment audit during ingest', () => {
  const { text, ledger } = misassignedExport({
    units: 6000,
    wrongShare: 0.02,
    start: START + 3_600_000,
  });

  it('finds exactly the units the generator misassigned, by flag version', async () => {
    const data = await aggregateExperimentData([file(text)], spec);
    const audit = data.assignmentAudit!;
    expect(ledger.mismatches).toBeGreaterThan(20);
    expect(ledger.outsideAllocation).toBeGreaterThan(5);
    expect(ledger.untrackedVariation).toBeGreaterThan(5);
    expect(ledger.reassigned).toBeGreaterThan(3);
    expect(audit.units).toBe(ledger.units);
    expect(audit.matches).toBe(ledger.matches);
    expect(audit.mismatches).toBe(ledger.mismatches);
    expect(audit.ambiguous).toBe(ledger.ambiguous);
    expect(audit.outsideAllocation).toBe(ledger.outsideAllocation);
    expect(audit.untrackedVariation).toBe(ledger.untrackedVariation);
    expect(audit.examples.mismatch.map((e) => e.unitKey).sort()).toEqual(
      ledger.mismatchKeys.slice(0, 100).sort(),
    );
    expect(audit.examples.ambiguous.map((e) => e.unitKey).sort()).toEqual(
      ledger.ambiguousKeys.sort(),
    );
    expect(audit.byVersion.map((v) => [v.version, v.units, v.mismatches])).toEqual([
      [11, ledger.unitsByVersion[11], 0],
      [12, ledger.unitsByVersion[12], ledger.mismatchesByVersion[12]],
    ]);
    expect(audit.byReason.map((r) => [r.reason, r.units])).toEqual([['FALLTHROUGH', ledger.units]]);
    expect(audit.byHour.reduce((sum, h) => sum + h.mismatches, 0)).toBe(ledger.mismatches);
    expect(audit.reassigned).toEqual({
      units: ledger.reassigned,
      acrossVersions: ledger.reassigned,
      byVersions: [{ from: 11, to: 12, units: ledger.reassigned }],
    });
    const mismatchedInto = audit.arms.flatMap((arm) =>
      arm.expected.map((e) => [arm.variation, e.variation]),
    );
    for (const [into, expected] of mismatchedInto) expect(into).toBe(1 - expected);
  });

  it('finds the same with the JSON.parse fallback (keys encoded from text)', async () => {
    const fast = (await aggregateExperimentData([file(text)], spec)).assignmentAudit!;
    const slow = (
      await aggregateExperimentData([file(text)], spec, undefined, undefined, {
        disableFastPath: true,
      })
    ).assignmentAudit!;
    expect(slow).toEqual(fast);
  });

  it('finds the same when the metric events are read in a second pass (stash overflow)', async () => {
    const once = (await aggregateExperimentData([file(text)], spec)).assignmentAudit!;
    const twice = await aggregateExperimentData([file(text)], spec, undefined, undefined, {
      maxStashedEvents: 4,
    });
    expect(twice.assignmentAudit).toEqual(once);
  });

  it('leaves the per-arm statistics as they are without the audit', async () => {
    const { assignment: _, ...plain } = spec;
    const withAudit = await aggregateExperimentData([file(text)], spec);
    const without = await aggregateExperimentData([file(text)], plain);
    expect(without.assignmentAudit).toBeUndefined();
    const { assignmentAudit: __, ...rest } = withAudit;
    expect(rest).toEqual(without);
  });

  it("keeps the audit when the arms are placed on the design's variations", async () => {
    const data = await aggregateExperimentData([file(text)], spec, undefined, undefined, {
      variations: ['control', 'treatment', 'off'],
    });
    expect(data.assignmentAudit?.mismatches).toBe(ledger.mismatches);
  });

  it('auditAssignment gives the audit alone, from a spec without one', async () => {
    const { assignment, ...plain } = spec;
    const audit = await auditAssignment([file(text)], plain, assignment!);
    expect(audit.mismatches).toBe(ledger.mismatches);
    expect(audit.config).toEqual({ flagKey: AUDIT_FLAG_KEY, ...assignment });
  });

  it("gives no audit for CSV rows, whose arm labels need not be the flag's variation indices", async () => {
    const csv = `unit,variation,event,time\nu1,0,,${START + 1000}\nu2,1,,${START + 2000}\n`;
    const data = await aggregateCsvEvents([file(csv)], spec, {
      unitKey: 'unit',
      variation: 'variation',
      eventKey: 'event',
      timestamp: 'time',
    });
    expect(data.arms.length).toBe(2);
    expect(data.assignmentAudit).toBeUndefined();
  });

  it('refuses a rollout without variations with a clear message', async () => {
    await expect(
      aggregateExperimentData([file(text)], {
        ...spec,
        assignment: { salt: 's', rollout: { kind: 'experiment', seed: null, variations: [] } },
      }),
    ).rejects.toThrow(/no variations/);
  });
});

describe('layer overlap for the units seen', () => {
  it("counts the units whose bucket another experiment of the layer tracks too (Node's SHA-1 as reference)", async () => {
    const rollout = {
      kind: 'experiment' as const,
      seed: 77,
      variations: [
        { variation: 0, weight: 15_000 },
        { variation: 1, weight: 15_000 },
        { variation: 0, weight: 70_000, untracked: true },
      ],
    };
    const bucketOf = (key: string) =>
      Number(BigInt(`0x${createHash('sha1').update(`77.${key}`).digest('hex').slice(0, 15)}`)) /
      (2 ** 60 - 1);
    const lines: string[] = [];
    let inOther = 0;
    for (let i = 0; i < 3000; i++) {
      const key = `layer-unit-${i}`;
      const b = bucketOf(key);
      if (b >= 0.3) continue; // outside this experiment: not exposed
      if (b >= 0.2) inOther++;
      const variation = b < 0.15 ? 0 : 1;
      lines.push(
        JSON.stringify({
          kind: 'feature',
          creationDate: START + 1000,
          contextKeys: { user: key },
          key: AUDIT_FLAG_KEY,
          variation,
          version: 3,
          reason: { kind: 'FALLTHROUGH', inExperiment: true },
        }),
      );
    }
    const audit = await auditAssignment([file(lines.join('\n'))], spec, {
      salt: AUDIT_SALT,
      rollout,
      layer: {
        key: 'checkout-layer',
        others: [
          { experimentKey: 'overlapping', ranges: [[0.2, 0.5]] },
          { experimentKey: 'apart', ranges: [[0.5, 0.7]] },
        ],
      },
    });
    expect(audit.mismatches).toBe(0);
    expect(inOther).toBeGreaterThan(50);
    expect(audit.layer).toEqual({
      key: 'checkout-layer',
      overlaps: [
        { experimentKey: 'overlapping', units: inOther },
        { experimentKey: 'apart', units: 0 },
      ],
    });
  });
});
