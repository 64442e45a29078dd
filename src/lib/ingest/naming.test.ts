// Issue #14, CSV naming resolved silently: each case is now refused or reported by name.
import { describe, expect, it } from 'vitest';
import { aggregateCsvUnits, aggregateSummaryCsv, IngestError } from './index.ts';
import { file, PARSING_MODES } from './test-events.ts';
import type { ExperimentSpec } from './types.ts';

const spec: ExperimentSpec = {
  flagKey: 'f',
  randomizationUnit: 'user',
  metrics: [{ key: 'bought', eventKey: 'buy', kind: 'conversion', aggregation: 'average' }],
};

async function failure(run: Promise<unknown>): Promise<IngestError> {
  try {
    await run;
  } catch (error) {
    if (error instanceof IngestError) return error;
    throw error;
  }
  throw new Error('the import succeeded');
}

describe.each(PARSING_MODES)('event-level CSV naming, $name', ({ importEvents }) => {
  it('refuses a mapped column the header names twice', async () => {
    // Today the last "arm" column wins: u1 is in arm 0 by one column and 1 by the other.
    const csv = ['user,arm,arm,time', 'u1,0,1,1000', 'u2,1,0,1000'].join('\n');
    const error = await failure(
      importEvents([file(csv, 'twice.csv')], spec, {
        unitKey: 'user',
        variation: 'arm',
        timestamp: 'time',
        eventKey: 'user',
      }),
    );
    expect(error.message).toContain('"arm"');
    expect(error.message).toMatch(/twice/);
    expect(error.field).toBe('variation');
  });

  it('keeps "treatment" apart from the indices 0 and 1, and names them when they cannot be placed', async () => {
    // Today "treatment" got number 0 and merged with arm 0: 3 units in arm 0.
    const csv = ['user,arm,time', 'u1,treatment,1000', 'u2,0,1000', 'u3,1,1000', 'u4,0,1000'].join(
      '\n',
    );
    const mapping = { unitKey: 'user', variation: 'arm', timestamp: 'time', eventKey: 'user' };
    const data = await importEvents([file(csv, 'mixed.csv')], spec, mapping);
    expect(data.armLabels).toEqual(['0', '1', 'treatment']);
    expect(data.arms.map((arm) => arm.units)).toEqual([2, 1, 1]);
    const error = await failure(
      importEvents([file(csv, 'mixed.csv')], spec, mapping, {
        variations: ['control', 'treatment'],
      }),
    );
    expect(error.code).toBe('unplaced-arms');
    expect(error.message).toContain('"0" (2 units)');
    expect(error.message).toContain('"1" (1 unit)');
  });
});

describe('unit-level CSV naming', () => {
  it('refuses a mapped column the header names twice (case aside)', async () => {
    const csv = ['user,arm,bought,Bought', 'u1,0,1,0'].join('\n');
    const error = await failure(
      aggregateCsvUnits([file(csv, 'twice.csv')], spec, {
        unitKey: 'user',
        variation: 'arm',
        metrics: { bought: 'bought' },
      }),
    );
    expect(error.message).toContain('"bought"');
    expect(error.field).toBe('metrics.bought');
  });
});

describe('summary CSV naming', () => {
  it('reports arms "1" and "01" as one arm given twice', async () => {
    const csv = ['arm,units,conversions', '0,10,1', '1,20,2', '01,30,3'].join('\n');
    const data = await aggregateSummaryCsv([file(csv, 's.csv')], spec);
    expect(data.arms).toEqual([
      { variation: 0, units: 10 },
      { variation: 1, units: 20 },
    ]);
    expect(data.diagnostics.malformed).toEqual([
      { file: 's.csv', line: 4, reason: 'a second row for arm "01" (the same as "1") of bought' },
    ]);
  });

  it('refuses an arm label that is a number but no variation index, naming it', async () => {
    const csv = ['arm,units,conversions', '0,10,1', '99999999999999999999,20,2', '1,5,1'].join(
      '\n',
    );
    const data = await aggregateSummaryCsv([file(csv, 's.csv')], spec);
    expect(data.armLabels).toEqual(['0', '1']);
    expect(data.diagnostics.malformed[0].line).toBe(3);
    expect(data.diagnostics.malformed[0].reason).toContain('"99999999999999999999"');
  });

  it('refuses a negative conversion count, naming the arm', async () => {
    const csv = ['arm,units,conversions', 'control,10,-3', 'treatment,10,2'].join('\n');
    const error = await failure(aggregateSummaryCsv([file(csv, 's.csv')], spec));
    expect(error.message).toContain('arm "control"');
    expect(error.message).toMatch(/0 or more/);
  });

  it('refuses a summary column the header names twice', async () => {
    const csv = ['arm,units,units,conversions', 'a,10,12,1', 'b,10,12,2'].join('\n');
    const error = await failure(aggregateSummaryCsv([file(csv, 's.csv')], spec));
    expect(error.message).toContain('"units"');
  });
});

describe.each(PARSING_MODES)(
  'an event-level CSV of which no row can be read, $name',
  ({ importEvents }) => {
    it('fails, saying why, instead of giving no arms', async () => {
      const csv = ['user,arm,time', 'u1,0,yesterday', 'u2,1,someday'].join('\n');
      const error = await failure(
        importEvents([file(csv, 'dates.csv')], spec, {
          unitKey: 'user',
          variation: 'arm',
          timestamp: 'time',
          eventKey: 'user',
        }),
      );
      expect(error.message).toMatch(
        /No row of dates\.csv could be read.*line 2: timestamp "yesterday"/,
      );
    });
  },
);

describe('summary CSV column names', () => {
  it('reads the arm and count columns detectCsvShape calls a summary', async () => {
    // control: 100 users, 10 conversions; treatment: 90 users, 12.
    const csv = ['group,users,conversions', 'treatment,90,12', 'control,100,10'].join('\n');
    const data = await aggregateSummaryCsv([file(csv, 's.csv')], spec, {
      variations: ['control', 'treatment'],
    });
    expect(data.metrics.bought.map((arm) => [arm.variation, arm.units, arm.conversions])).toEqual([
      [0, 100, 10],
      [1, 90, 12],
    ]);
  });
});
