import { describe, expect, it } from 'vitest';
import type { FileImport } from '../../lib/db/import-files.ts';
import type { FoundArmLabel } from '../../lib/ingest/index.ts';
import {
  alignLabels,
  appliesAtOnce,
  armLine,
  choicesToAssignment,
  diagnosticsLine,
  joinFiles,
  mergedAssignment,
  sameRead,
  fromStored,
  toStored,
  withUnits,
} from './import-plan.ts';

const label = (
  name: string,
  units: number,
  proposed: number | null,
  match: FoundArmLabel['match'],
): FoundArmLabel => ({ label: name, units, proposed, match });

describe('arm placement', () => {
  it('applies at once only when every label is placed by name or index', () => {
    expect(appliesAtOnce([label('control', 5, 0, 'name'), label('1', 3, 1, 'index')])).toBe(true);
    expect(appliesAtOnce([label('control', 5, 0, 'name'), label('x', 3, null, null)])).toBe(false);
    expect(appliesAtOnce([label('1', 5, 0, 'one-based'), label('2', 3, 1, 'one-based')])).toBe(
      false,
    );
  });

  it('lists the labels still without a variation', () => {
    const { assignment, unplaced } = choicesToAssignment(
      new Map<string, number | 'excluded' | null>([
        ['a', 0],
        ['b', 'excluded'],
        ['c', null],
      ]),
    );
    expect([...assignment]).toEqual([
      ['a', 0],
      ['b', 'excluded'],
    ]);
    expect(unplaced).toEqual(['c']);
    expect(toStored(assignment)).toEqual([
      { label: 'a', variation: 0 },
      { label: 'b', variation: null },
    ]);
  });

  it('merges the files’ assignments, a later file winning, labels compared case-insensitively', () => {
    const merged = mergedAssignment([
      {
        assignment: [
          { label: 'Legacy', variation: 2 },
          { label: 'a', variation: 0 },
        ],
      },
      { assignment: [{ label: 'legacy ', variation: null }] },
    ]);
    expect(merged.get('legacy ')).toBe('excluded');
    expect(merged.get('a')).toBe(0);
    // Spelt as the data now spells each label; labels no longer found are left out.
    const aligned = alignLabels(merged, [label('LEGACY', 4, null, null)]);
    expect([...aligned]).toEqual([['LEGACY', 'excluded']]);
  });

  it('writes the compact line with units per label and the excluded ones', () => {
    const found = [
      label('b', 1200, 1, 'name'),
      label('control', 1234, 0, 'name'),
      label('x', 3, null, null),
    ];
    const assignment = new Map<string, number | 'excluded'>([
      ['b', 1],
      ['control', 0],
      ['x', 'excluded'],
    ]);
    const line =
      'Control ← “control” 1,234 units; B ← “b” 1,200 units; C ← nothing; excluded: “x” 3 units';
    expect(armLine(found, assignment, ['Control', 'B', 'C'])).toBe(line);
    // Stored with the dataset and read back after a reload: the same line.
    const stored = fromStored(withUnits(assignment, found));
    expect(armLine(stored.found, stored.assignment, ['Control', 'B', 'C'])).toBe(line);
  });
});

describe('files of one iteration', () => {
  const events: FileImport = { kind: 'events', mapping: { unitKey: 'u', timestamp: 't' } };

  it('are read one way: same kind and mapping (key order aside)', () => {
    expect(sameRead(events, { kind: 'events', mapping: { timestamp: 't', unitKey: 'u' } })).toBe(
      true,
    );
    const problem = (existing: FileImport[], next: FileImport) => {
      const joined = joinFiles(existing, next);
      return 'problem' in joined ? joined.problem : null;
    };
    expect(joinFiles([], { kind: 'summary' })).toEqual({ read: { kind: 'summary' } });
    expect(joinFiles([events], events)).toEqual({ read: events });
    expect(problem([events], { kind: 'json', countAll: false })).toMatch(/event-level CSV/);
    expect(
      problem([events], { kind: 'events', mapping: { unitKey: 'user', timestamp: 't' } }),
    ).toMatch(/one mapping/);
    expect(problem([{ kind: 'summary' }], { kind: 'summary' })).toMatch(/counted twice/);
    const units: FileImport = {
      kind: 'units',
      mapping: { unitKey: 'u', variation: 'v', metrics: { m: 'a' } },
    };
    expect(
      problem([units], { ...units, mapping: { ...units.mapping, metrics: { m: 'b' } } }),
    ).toMatch(/one mapping/);
  });

  it('join the event mappings of the warehouse’s evaluation and metric tables', () => {
    const evaluations: FileImport = {
      kind: 'events',
      mapping: { unitKey: 'context_key', timestamp: 'timestamp', variation: 'variation' },
    };
    const metrics: FileImport = {
      kind: 'events',
      mapping: {
        unitKey: 'context_key',
        timestamp: 'timestamp',
        eventKey: 'event_key',
        value: 'value',
      },
    };
    expect(joinFiles([evaluations], metrics)).toEqual({
      read: {
        kind: 'events',
        mapping: {
          unitKey: 'context_key',
          timestamp: 'timestamp',
          variation: 'variation',
          eventKey: 'event_key',
          value: 'value',
        },
      },
    });
  });

  it('describe their diagnostics in one line', () => {
    expect(
      diagnosticsLine({
        recordsRead: 12000,
        malformedCount: 3,
        skipped: { 'no-variation': 2, 'other-flag': 0 },
      }),
    ).toBe('12,000 rows read, 3 malformed, skipped: no-variation 2');
    expect(diagnosticsLine({ recordsRead: 1, malformedCount: 0, skipped: {} })).toBe(
      '1 row read, 0 malformed, none skipped',
    );
  });
});
