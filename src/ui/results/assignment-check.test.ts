import { describe, expect, it } from 'vitest';
import type { AssignmentAudit, AuditCounts } from '../../lib/ingest/types.ts';
import {
  assignmentHealthCheck,
  auditSentence,
  formatShare,
  layerSentences,
} from './assignment-check.ts';

const counts = (units: number, mismatches = 0, extra: Partial<AuditCounts> = {}): AuditCounts => ({
  units,
  matches: units - mismatches - (extra.ambiguous ?? 0) - (extra.outsideAllocation ?? 0),
  mismatches,
  ambiguous: 0,
  outsideAllocation: 0,
  untrackedVariation: 0,
  ...extra,
});

function audit(byVersion: [number | null, AuditCounts][], extra: Partial<AuditCounts> = {}) {
  const total = byVersion.reduce((sum, [, c]) => sum + c.units, 0);
  const mismatches = byVersion.reduce((sum, [, c]) => sum + c.mismatches, 0);
  return {
    ...counts(total, mismatches, extra),
    config: {
      flagKey: 'f',
      salt: 's',
      rollout: { kind: 'experiment', seed: null, variations: [] },
    },
    arms: [],
    byVersion: byVersion.map(([version, c]) => ({ version, ...c })),
    byReason: [],
    byHour: [],
    reassigned: { units: 0, acrossVersions: 0, byVersions: [] },
    examples: { mismatch: [], ambiguous: [], outsideAllocation: [], untrackedVariation: [] },
  } satisfies AssignmentAudit;
}

const stored = (a: AssignmentAudit) => ({
  source: { kind: 'files' as const, files: [{ name: 'export.jsonl', size: 1 }] },
  assignmentAudit: a as never,
});

describe('the Assignment health check', () => {
  it("says the share in the right arm and where the mismatches come from (the issue's example)", () => {
    // 20,341 of 20,345 = 99.9803…% → 99.98%.
    const a = audit([
      [11, counts(10_000)],
      [12, counts(10_345, 4)],
    ]);
    expect(auditSentence(a)).toBe(
      '99.98% of 20,345 units are in the arm the flag assigns; 4 mismatches, all from flag version 12.',
    );
    expect(assignmentHealthCheck(stored(a), { ok: true, value: null as never })).toMatchObject({
      id: 'assignment',
      status: 'warn',
    });
  });

  it('passes when every unit is where the flag puts it, and fails above 1% wrong', () => {
    expect(auditSentence(audit([[3, counts(1234)]]))).toBe(
      'All 1,234 units are in the arm the flag assigns.',
    );
    const many = audit([
      [11, counts(100, 1)],
      [12, counts(100, 2)],
    ]);
    expect(auditSentence(many)).toBe(
      '98.50% of 200 units are in the arm the flag assigns; 3 mismatches, from flag versions 11 (1) and 12 (2).',
    );
    expect(assignmentHealthCheck(stored(many), { ok: true, value: null as never })?.status).toBe(
      'fail',
    );
    expect(
      assignmentHealthCheck(stored(audit([[3, counts(10)]])), { ok: true, value: null as never })
        ?.status,
    ).toBe('pass');
  });

  it('rounds down, so a few wrong units never read as 100.00%', () => {
    expect(formatShare(99_999, 100_000)).toBe('99.99%');
    expect(formatShare(1, 3)).toBe('33.33%');
    expect(formatShare(0, 0)).toBe('–');
  });

  it('says what to import when there is no audit, and stays away from summaries and CSV files', () => {
    const reason = 'The flag “f” is not in this workspace. Import its JSON';
    const jsonFiles = {
      source: { kind: 'files' as const, files: [{ name: 'a.jsonl.gz', size: 1 }] },
    };
    expect(assignmentHealthCheck(jsonFiles, { ok: false, reason })).toEqual({
      id: 'assignment',
      label: 'Assignment',
      status: 'warn',
      detail: `Not audited. ${reason}`,
    });
    const csv = { source: { kind: 'files' as const, files: [{ name: 'rows.csv', size: 1 }] } };
    expect(assignmentHealthCheck(csv, { ok: false, reason })).toBeNull();
    expect(assignmentHealthCheck({ source: { kind: 'typed' } }, { ok: false, reason })).toBeNull();
  });
});

describe('the layer lines of the audit panel', () => {
  it('names the designed overlap, the experiments hashed apart and the units seen in another reservation', () => {
    const a = {
      ...audit([[3, counts(10)]]),
      layer: {
        key: 'L',
        overlaps: [
          { experimentKey: 'b', units: 7 },
          { experimentKey: 'c', units: 0 },
        ],
      },
    };
    expect(
      layerSentences(
        'a',
        'L',
        {
          overlaps: [{ experimentKeys: ['a', 'b'], ranges: [[0.2, 0.3]] }],
          notComparable: [['d', 'a']],
        },
        a,
      ),
    ).toEqual([
      'The reservations of this experiment and “b” in layer “L” overlap in buckets 20.00%–30.00%.',
      "“d” in layer “L” is hashed with another seed or salt: bucket space cannot keep its units apart from this experiment's.",
      '7 units seen here fall in the reservation of “b” (layer “L”).',
    ]);
    expect(layerSentences('a', null, { overlaps: [], notComparable: [] }, a)).toEqual([]);
  });
});
