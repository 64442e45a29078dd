import { describe, expect, test } from 'vitest';
import Papa from 'papaparse';
import type { ArmResult } from '../stats/types.ts';
import type { AnalysisResponse } from '../analysis/types.ts';
import { testSnapshot } from '../share/test-snapshot.ts';
import { resultsTableFromSnapshot } from './from-snapshot.ts';
import { resultsCsv, resultsMarkdown, type ResultsTable } from './results-table.ts';

// Hand-written results (the worked numeric example of docs/statistics.md); the tables only format them.
const control: ArmResult = {
  name: 'Blue',
  status: 'ok',
  posterior: { family: 'normal', mean: 10, sd: 0.158114 },
  posteriorMean: 10,
  credibleInterval: [9.739924, 10.260076],
  relativeDifference: null,
  probabilityToBeatControl: null,
  probabilityToBeBest: 0.014296,
  expectedLoss: 0.5,
  expectedLossRelative: 0.05,
};
const treatment: ArmResult = {
  ...control,
  name: 'Green',
  posteriorMean: 10.499158,
  credibleInterval: [10.228908, 10.769407],
  relativeDifference: { mean: 0.049916, sd: 0.02, credibleInterval: [0.011498, 0.088334] },
  probabilityToBeatControl: 0.985704,
  probabilityToBeBest: 0.985704,
  expectedLoss: 0.001,
  expectedLossRelative: 0.0001,
};

function table(): ResultsTable {
  return {
    experiment: 'Checkout | "colour"',
    credibleMass: 0.9,
    metrics: [
      {
        name: 'Order value',
        unit: 'number',
        arms: [
          { name: 'Blue', isControl: true, units: 1000, sum: 10000, result: control },
          { name: '=Green', isControl: false, units: 1000, sum: 10500, result: treatment },
        ],
      },
      {
        name: 'Purchase',
        unit: 'rate',
        error: 'not enough data',
        arms: [{ name: 'Blue', isControl: true, units: 3, conversions: 1, result: null }],
      },
    ],
  };
}

describe('resultsCsv', () => {
  test('one row per metric and arm, raw numbers at full precision, text defused', () => {
    const rows = Papa.parse<string[]>(resultsCsv(table()), { skipEmptyLines: true }).data;
    expect(rows).toHaveLength(4);
    expect(rows[0]).toContain('90% interval low');
    const green = Object.fromEntries(rows[0].map((column, i) => [column, rows[2][i]]));
    expect(green).toMatchObject({
      experiment: 'Checkout | "colour"',
      variation: "'=Green",
      control: 'false',
      'posterior mean': '10.499158',
      '90% interval low': '10.228908',
      'relative 90% interval high': '0.088334',
      'probability to beat control': '0.985704',
    });
    const failed = Object.fromEntries(rows[0].map((column, i) => [column, rows[3][i]]));
    expect(failed).toMatchObject({
      conversions: '1',
      'posterior mean': '',
      note: 'not enough data',
    });
  });
});

describe('resultsMarkdown', () => {
  test('names with Markdown or HTML stay text, in the title and in every cell', () => {
    const base = table();
    const hostile = {
      ...base,
      experiment: '[x](javascript:alert(1)) <b>',
      metrics: base.metrics.map((metric) => ({
        ...metric,
        name: '![pixel](https://evil.example/p.png)',
        arms: metric.arms.map((arm) => ({ ...arm, name: '<img src=x onerror=alert(1)>' })),
      })),
    };
    const markdown = resultsMarkdown(hostile);
    expect(markdown.startsWith('**\\[x\\](javascript:alert(1)) &lt;b&gt;**')).toBe(true);
    expect(markdown).not.toMatch(/(^|[^\\])\[/);
    expect(markdown).not.toContain('<img');
    expect(markdown).toContain(
      '| !\\[pixel\\](https://evil.example/p.png) | &lt;img src=x onerror=alert(1)&gt; |',
    );
  });

  test('formats as the results page does and escapes the experiment name', () => {
    const markdown = resultsMarkdown(table());
    expect(markdown.startsWith('**Checkout \\| "colour"**')).toBe(true);
    const lines = markdown.trim().split('\n');
    expect(lines[2]).toContain('Posterior mean (90% interval)');
    expect(lines[5]).toBe(
      '| Order value | =Green | 1,000 | 10,500 | 10.499 (10.229 to 10.769) | +4.99% (+1.15% to +8.83%) | 98.6% | 98.6% | 0.0010 |',
    );
    // One precision per column: both arms' means and losses carry the same decimals.
    expect(lines[4]).toContain('| 10.000 (9.740 to 10.260) |');
    expect(lines[4]).toMatch(/\| 0\.5000 \|$/);
    expect(lines[4]).toContain('| control | control |');
    expect(lines[6]).toContain('| Purchase | Blue | 3 | 1 | — |');
  });
});

describe('resultsTableFromSnapshot', () => {
  test('pairs the design, the statistics and the worker answer, metric by metric', () => {
    const response: AnalysisResponse = {
      viewKey: 'x',
      metrics: [
        {
          key: 'order-value',
          result: { ok: true, value: { key: 'order-value', arms: [control, treatment] } },
        },
        {
          key: 'purchase',
          result: { ok: false, error: { code: 'invalid-input', message: 'bad arm' } },
        },
      ],
      srm: null,
    };
    const converted = resultsTableFromSnapshot(testSnapshot(), response);
    expect(converted.experiment).toBe('Checkout button colour');
    expect(converted.metrics[0].arms[1]).toEqual({
      name: 'Green',
      isControl: false,
      units: 1000,
      sum: 10500,
      result: treatment,
    });
    expect(converted.metrics[1]).toMatchObject({ unit: 'rate', error: 'bad arm' });
    expect(converted.metrics[1].arms[1]).toMatchObject({ conversions: 120, result: null });
  });
});

describe('the decision in exports', () => {
  const response: AnalysisResponse = {
    viewKey: 'x',
    metrics: [
      {
        key: 'order-value',
        result: { ok: true, value: { key: 'order-value', arms: [control, treatment] } },
      },
      {
        key: 'purchase',
        result: { ok: false, error: { code: 'invalid-input', message: 'bad arm' } },
      },
    ],
    srm: null,
  };

  test("carry the rule's sentence and the recorded decision from a snapshot", () => {
    const snapshot = testSnapshot();
    // Green: 98.6% > 95% to be best, expected loss 0.01% of control < 0.25%, 1,000 units per arm.
    expect(resultsTableFromSnapshot(snapshot, response).decision).toBe(
      'Ship Green: 98.6% probability to be best on Order value, expected loss 0.01%.',
    );
    expect(resultsTableFromSnapshot(snapshot, response).decisionRecord).toBeUndefined();
    snapshot.iteration.decision = { by: 'Ana', at: Date.UTC(2025, 2, 16), why: 'Shipped Green.' };
    snapshot.settings.winnerThreshold = 0.99;
    const table = resultsTableFromSnapshot(snapshot, response);
    expect(table.decision).toBe(
      'Keep running: Green leads with 98.6% probability to be best, not above the 99.0% threshold.',
    );
    expect(table.decisionRecord).toBe('Decided by Ana on 2025-03-16 (UTC): Shipped Green.');
  });

  test('a guardrail that cannot be analysed blocks shipping', () => {
    const snapshot = testSnapshot();
    snapshot.design.metrics[1].guardrailMargin = 0.01;
    expect(resultsTableFromSnapshot(snapshot, response).decision).toBe(
      'Keep running: guardrail Purchase cannot be checked for Green (no relative difference).',
    );
  });

  test('Markdown shows both above the table, as text', () => {
    const markdown = resultsMarkdown({
      ...table(),
      decision: 'Ship <b>Green</b>: 98.6% probability to be best.',
      decisionRecord: 'Decided by [Ana](x) on 2025-03-16 (UTC): ship.',
    });
    const lines = markdown.split('\n');
    expect(lines[2]).toBe(
      'Decision rule: Ship &lt;b&gt;Green&lt;/b&gt;: 98.6% probability to be best.',
    );
    expect(lines[4]).toBe('Decision record: Decided by \\[Ana\\](x) on 2025-03-16 (UTC): ship.');
    expect(lines[6]).toContain('Posterior mean (90% interval)');
  });
});

describe('metric roles in exports', () => {
  const withRoles = (): ResultsTable => {
    const base = table();
    return {
      ...base,
      metrics: [
        { ...base.metrics[0], role: 'primary' },
        { ...base.metrics[1], role: 'guardrail', guardrailMargin: 0.0025 },
      ],
    };
  };

  test('CSV has a metric role and a guardrail margin column, raw', () => {
    const rows = Papa.parse<string[]>(resultsCsv(withRoles()), { skipEmptyLines: true }).data;
    const column = (row: number, name: string) => rows[row][rows[0].indexOf(name)];
    expect([column(1, 'metric role'), column(2, 'metric role'), column(3, 'metric role')]).toEqual([
      'primary',
      'primary',
      'guardrail',
    ]);
    expect([column(1, 'guardrail margin'), column(3, 'guardrail margin')]).toEqual(['', '0.0025']);
    // The metric and variation stay the second and third columns.
    expect(rows[0].slice(0, 3)).toEqual(['experiment', 'metric', 'variation']);
  });

  test('Markdown labels each metric with its role, a guardrail with its margin', () => {
    const lines = resultsMarkdown(withRoles()).trim().split('\n');
    expect(lines[4].startsWith('| Order value (primary) | Blue |')).toBe(true);
    expect(lines[6].startsWith('| Purchase (guardrail, no worse than −0.25%) | Blue |')).toBe(true);
  });

  test('a snapshot gives every metric its role', () => {
    const snapshot = testSnapshot();
    snapshot.design.metrics[1].guardrailMargin = 0.01;
    const response: AnalysisResponse = { viewKey: 'x', metrics: [], srm: null };
    const converted = resultsTableFromSnapshot(snapshot, response);
    expect(converted.metrics.map((m) => [m.role, m.guardrailMargin])).toEqual([
      ['primary', undefined],
      ['guardrail', 0.01],
    ]);
    delete snapshot.design.metrics[1].guardrailMargin;
    expect(resultsTableFromSnapshot(snapshot, response).metrics[1].role).toBe('secondary');
  });
});
