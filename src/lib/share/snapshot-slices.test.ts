import { describe, expect, test } from 'vitest';
import { crc32 as zlibCrc32, deflateRawSync } from 'node:zlib';
import { decodeSnapshot, encodeSnapshot } from './snapshot-codec.ts';
import { SnapshotError } from './snapshot-error.ts';
import { SNAPSHOT_LIMITS } from './snapshot-limits.ts';
import {
  attributeSlicesFromSnapshot,
  encodeWithSlices,
  largestSlices,
  pickedSliceKey,
  sliceKey,
  slicesSummaryLine,
  snapshotSlices,
} from './snapshot-slices.ts';
import type { Snapshot } from './snapshot-types.ts';
import { testSnapshot, testSnapshotWithSlices } from './test-snapshot.ts';
import { validateSnapshot } from './validate-snapshot.ts';
import type { AttributeSlices } from '../analysis/slices.ts';

type Mutation = (snapshot: any) => void; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A token built with Node's zlib from JSON text, so hostile keys reach the decoder as written. */
function tokenOf(json: string): string {
  const bytes = Buffer.from(json, 'utf8');
  const checksum = Buffer.alloc(4);
  checksum.writeUInt32BE(zlibCrc32(bytes));
  return 'v1.' + Buffer.concat([checksum, deflateRawSync(bytes)]).toString('base64url');
}

function refusal(mutate: Mutation): SnapshotError {
  const snapshot = JSON.parse(JSON.stringify(testSnapshotWithSlices()));
  mutate(snapshot);
  try {
    validateSnapshot(JSON.parse(JSON.stringify(snapshot)));
  } catch (error) {
    if (error instanceof SnapshotError) return error;
    throw error;
  }
  throw new Error('expected the snapshot to be refused');
}

describe('slices in a snapshot link', () => {
  test('encode → decode gives back the same slices, groups and compared arm', async () => {
    const token = await encodeSnapshot(testSnapshotWithSlices());
    expect(await decodeSnapshot(token)).toEqual({ ok: true, value: testSnapshotWithSlices() });
  });

  test('a link made before slices were shared still opens, without slices', async () => {
    const result = await decodeSnapshot(await encodeSnapshot(testSnapshot()));
    expect(result.ok && result.value.slices).toBeUndefined();
    expect(result.ok && attributeSlicesFromSnapshot(result.value)).toEqual([]);
  });

  test('a slice value spelled like a prototype key is data, not a key', async () => {
    const snapshot = testSnapshotWithSlices();
    snapshot.slices!.cells[0].value = '__proto__';
    snapshot.slices!.cells[1].value = 'constructor';
    const result = await decodeSnapshot(await encodeSnapshot(snapshot));
    expect(result.ok && result.value.slices?.cells.map((cell) => cell.value)).toEqual([
      '__proto__',
      'constructor',
      '',
      '',
    ]);
    expect(({} as Record<string, unknown>).units).toBeUndefined();
  });

  test('a `__proto__` key inside the slices is refused with its place', async () => {
    const json = JSON.stringify(testSnapshotWithSlices()).replace(
      '"value":"US"',
      '"__proto__":{"polluted":true},"value":"US"',
    );
    const result = await decodeSnapshot(tokenOf(json));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('invalid-content');
    expect(result.error.field).toBe('slices.cells[0].__proto__');
    expect(result.error.message).toMatch(/no snapshot holds/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  const cases: [string, Mutation, string][] = [
    ['slices not an object', (s) => (s.slices = [1, 2]), 'slices'],
    ['attribute not text', (s) => (s.slices.attribute = 7), 'slices.attribute'],
    ['empty attribute', (s) => (s.slices.attribute = ' '), 'slices.attribute'],
    ['no slices', (s) => (s.slices.cells = []), 'slices.cells'],
    [
      'more slices than a link may hold',
      (s) =>
        (s.slices.cells = Array.from({ length: SNAPSHOT_LIMITS.maxSlices + 1 }, (_, i) => ({
          ...s.slices.cells[0],
          value: `v${i}`,
        }))),
      'slices.cells',
    ],
    [
      'a huge units list',
      (s) => (s.slices.cells[0].units = new Array(5000).fill(1)),
      'slices.cells[0].units',
    ],
    ['units as text', (s) => (s.slices.cells[1].units[0] = '300'), 'slices.cells[1].units[0]'],
    ['negative units', (s) => (s.slices.cells[1].units[1] = -3), 'slices.cells[1].units[1]'],
    ['a value that is a number', (s) => (s.slices.cells[0].value = 1), 'slices.cells[0].value'],
    [
      'an overlong value',
      (s) => (s.slices.cells[0].value = 'x'.repeat(SNAPSHOT_LIMITS.maxSliceValueChars + 1)),
      'slices.cells[0].value',
    ],
    ['an unknown group', (s) => (s.slices.cells[2].group = 'rest'), 'slices.cells[2].group'],
    ['a repeated value', (s) => (s.slices.cells[1].value = 'US'), 'slices.cells[1]'],
    ['a repeated group', (s) => (s.slices.cells[3].group = 'other'), 'slices.cells[3]'],
    [
      'statistics missing a metric',
      (s) => s.slices.cells[0].statistics.pop(),
      'slices.cells[0].statistics',
    ],
    [
      'statistics missing an arm',
      (s) => s.slices.cells[0].statistics[1].pop(),
      'slices.cells[0].statistics[1]',
    ],
    [
      'more conversions than units',
      (s) => (s.slices.cells[0].statistics[1][0].conversions = 501),
      'slices.cells[0].statistics[1][0].conversions',
    ],
    [
      'an impossible sum of squares',
      (s) => (s.slices.cells[0].statistics[0][0].sumSquares = 1),
      'slices.cells[0].statistics[0][0].sumSquares',
    ],
    [
      'a statistics entry that is a list',
      (s) => (s.slices.cells[0].statistics[0][0] = [1]),
      'slices.cells[0].statistics[0][0]',
    ],
    ['the control as compared arm', (s) => (s.slices.comparedArm = 0), 'slices.comparedArm'],
    ['a compared arm out of range', (s) => (s.slices.comparedArm = 2), 'slices.comparedArm'],
    ['a fractional left-out count', (s) => (s.slices.leftOut = 1.5), 'slices.leftOut'],
    ['a picked slice out of range', (s) => (s.slices.picked = 4), 'slices.picked'],
    ['a picked slice as text', (s) => (s.slices.picked = 'DE'), 'slices.picked'],
  ];

  test.each(cases)('refuses %s', (_name, mutate, field) => {
    const error = refusal(mutate);
    expect(error.code).toBe('invalid-content');
    expect(error.field).toBe(field);
    expect(error.message.length).toBeGreaterThan(field.length + 10);
  });
});

/** The Results tab's slices for testSnapshotWithSlices, as attributeSlices builds them from a dataset. */
function resultsSlices(): AttributeSlices[] {
  const numeric = (units: number, sum: number, sumSquares: number) => ({
    units,
    conversions: 0,
    sum,
    sumSquares,
  });
  const converted = (units: number, conversions: number) => ({
    units,
    conversions,
    sum: conversions,
    sumSquares: conversions,
  });
  return [
    { attribute: 'plan', otherValues: 0, cells: [] },
    {
      attribute: 'country',
      otherValues: 3,
      cells: [
        {
          value: 'US',
          units: [500, 500],
          metrics: [
            [numeric(500, 5000, 62_500), numeric(500, 5400, 70_000)],
            [converted(500, 50), converted(500, 65)],
          ],
        },
        {
          value: 'DE',
          units: [300, 310],
          metrics: [
            [numeric(300, 3000, 37_500), numeric(310, 3200, 41_000)],
            [converted(300, 30), converted(310, 33)],
          ],
        },
        {
          value: '',
          group: 'other',
          units: [150, 140],
          metrics: [
            [numeric(150, 1500, 18_750), numeric(140, 1450, 19_000)],
            [converted(150, 15), converted(140, 16)],
          ],
        },
        {
          value: '',
          group: 'missing',
          units: [50, 50],
          metrics: [
            [numeric(50, 500, 6250), numeric(50, 530, 7000)],
            [converted(50, 5), converted(50, 6)],
          ],
        },
      ],
    },
  ];
}

describe('the Results tab’s slices ⇄ the link', () => {
  const metrics = testSnapshot().design.metrics;

  test('the chosen attribute is the one carried, with the compared arm', () => {
    const carried = snapshotSlices(resultsSlices(), { attribute: 'country', arm: 1 }, metrics, 0);
    expect(carried).toEqual(testSnapshotWithSlices().slices);
  });

  test('no choice yet: the first attribute with slices, as the section shows it', () => {
    expect(
      snapshotSlices(resultsSlices().slice(1), { attribute: null, arm: null }, metrics, 0),
    ).toEqual({ ...testSnapshotWithSlices().slices, comparedArm: undefined });
    expect(snapshotSlices(undefined, { attribute: null, arm: null }, metrics, 0)).toBeNull();
  });

  test('back from the link, the section reads the very cells it had', () => {
    const [, country] = resultsSlices();
    expect(attributeSlicesFromSnapshot(testSnapshotWithSlices())).toEqual([country]);
  });

  test('the largest slices are kept in their order; the others are counted', () => {
    const trimmed = largestSlices(testSnapshotWithSlices().slices!, 2);
    expect(trimmed.cells.map((cell) => cell.value)).toEqual(['US', 'DE']);
    expect(trimmed.leftOut).toBe(2);
    expect(largestSlices(trimmed, 1).leftOut).toBe(3);
  });
});

describe('a link too long for every slice', () => {
  /** 52 slices × 26 arms × 100 numeric metrics: far more than a link holds. */
  function hugeSnapshot(): Snapshot {
    const base = testSnapshot();
    const arms = Array.from({ length: 26 }, (_, a) => ({ name: `Arm ${a}`, split: 1 }));
    const metrics = Array.from({ length: 100 }, (_, m) => ({
      ...base.design.metrics[0],
      key: `m${m}`,
      name: `Metric ${m}`,
      primary: m === 0,
    }));
    const arm = (seed: number) => ({
      units: 1000 + seed,
      sum: 17 * seed + 0.123,
      sumSquares: 1e9 + seed * 7.77,
    });
    return {
      ...base,
      design: { ...base.design, arms, metrics },
      statistics: metrics.map((metric, m) => ({
        metric: metric.key,
        arms: arms.map((_, a) => arm(m * 31 + a)),
      })),
      srmLooks: [],
      slices: {
        attribute: 'country',
        otherValues: 0,
        cells: Array.from({ length: 52 }, (_, c) => ({
          value: `country ${c}`,
          units: arms.map((_, a) => 1000 + c * 10 + a),
          statistics: metrics.map((_, m) => arms.map((_, a) => arm(c * 7919 + m * 31 + a))),
        })),
      },
    };
  }

  test('keeps the largest slices that fit and says how many are left out', async () => {
    const snapshot = hugeSnapshot();
    await expect(encodeSnapshot(snapshot)).rejects.toThrow(SnapshotError);
    const { token, note } = await encodeWithSlices(snapshot);
    const result = await decodeSnapshot(token);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const kept = result.value.slices?.cells.length ?? 0;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(52);
    expect(result.value.slices?.leftOut).toBe(52 - kept);
    // The largest slices are the last ones (units grow with the index).
    expect(result.value.slices?.cells[0].value).toBe(`country ${52 - kept}`);
    expect(note).toBe(
      `The link holds the ${kept} largest slices by country; the ${52 - kept} smaller ones are left out to fit in a link.`,
    );
  });

  test('more slices than a link may hold: the largest 52, said when the link is copied', async () => {
    const snapshot = testSnapshotWithSlices();
    const slices = snapshot.slices!;
    slices.cells = Array.from({ length: 60 }, (_, i) => ({
      ...slices.cells[0],
      value: `v${i}`,
      units: [100 + i, 100 + i],
    }));
    // As snapshotFromResults caps them: the 52 largest, the 8 smallest counted.
    snapshot.slices = largestSlices(slices, SNAPSHOT_LIMITS.maxSlices);
    const { token, note } = await encodeWithSlices(snapshot);
    const result = await decodeSnapshot(token);
    expect(result.ok && result.value.slices?.cells[0].value).toBe('v8');
    expect(note).toBe(
      'The link holds the 52 largest slices by country; the 8 smaller ones are left out to fit in a link.',
    );
  });

  test('a link that fits is left whole, without a note', async () => {
    const { token, note } = await encodeWithSlices(testSnapshotWithSlices());
    expect(note).toBeNull();
    expect(await decodeSnapshot(token)).toEqual({ ok: true, value: testSnapshotWithSlices() });
  });

  test('slices the link cannot carry are left out with the reason, the rest is shared', async () => {
    const snapshot = testSnapshotWithSlices();
    snapshot.slices!.cells[0].value = 'x'.repeat(SNAPSHOT_LIMITS.maxSliceValueChars + 1);
    const { token, note } = await encodeWithSlices(snapshot);
    expect(await decodeSnapshot(token)).toEqual({ ok: true, value: testSnapshot() });
    expect(note).toMatch(/^The link leaves out the slices by country: .*longer than 1000/);
  });
});

describe('the embed card’s slice line', () => {
  test('names the attribute and counts the slices', () => {
    expect(slicesSummaryLine(testSnapshotWithSlices())).toBe(
      'Slices by country: 4 slices; raw and pooled estimates in the full view.',
    );
    expect(slicesSummaryLine(testSnapshot())).toBeNull();
  });

  test('counts the slices whose split alerts', () => {
    const snapshot = testSnapshotWithSlices();
    // 5000 : 3000 against 50 : 50 is far beyond chance; 500 : 500 is exactly the design.
    snapshot.slices!.cells[1].units = [5000, 3000];
    expect(slicesSummaryLine(snapshot)).toBe(
      'Slices by country: 4 slices, 1 with a sample ratio mismatch; raw and pooled estimates in the full view.',
    );
  });
});

describe('the picked slice', () => {
  const metrics = testSnapshot().design.metrics;

  test('goes into the link by position and comes back as the same slice', async () => {
    const choice = { attribute: 'country', arm: 1, slice: sliceKey({ value: '', group: 'other' }) };
    const carried = snapshotSlices(resultsSlices(), choice, metrics, 0);
    expect(carried?.picked).toBe(2);
    const snapshot = { ...testSnapshotWithSlices(), slices: carried! };
    const result = await decodeSnapshot(await encodeSnapshot(snapshot));
    expect(result.ok && pickedSliceKey(result.value)).toBe('group:other');
    expect(pickedSliceKey(testSnapshotWithSlices())).toBeNull();
  });

  test('a value named like a group is not the group', () => {
    expect(sliceKey({ value: 'other' })).not.toBe(sliceKey({ value: '', group: 'other' }));
    const choice = { attribute: 'country', arm: 1, slice: sliceKey({ value: 'other' }) };
    expect(snapshotSlices(resultsSlices(), choice, metrics, 0)?.picked).toBeUndefined();
  });

  test('trimming keeps the picked slice, however small, and its new position', () => {
    const slices = { ...testSnapshotWithSlices().slices!, picked: 3 };
    const trimmed = largestSlices(slices, 2);
    expect(trimmed.cells.map((cell) => cell.group ?? cell.value)).toEqual(['US', 'missing']);
    expect(trimmed.picked).toBe(1);
    expect(trimmed.leftOut).toBe(2);
  });

  test('the embed line names the picked slice', () => {
    const snapshot = testSnapshotWithSlices();
    snapshot.slices!.picked = 1;
    expect(slicesSummaryLine(snapshot)).toBe(
      'Slices by country: 4 slices, DE picked; raw and pooled estimates in the full view.',
    );
  });
});
