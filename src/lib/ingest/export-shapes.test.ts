// Data Export shapes seen in real files (issue 13.8): custom events that carry a `context` object
// instead of `contextKeys` (newer JavaScript SDKs), multi-kind contexts, `samplingRatio` (counted,
// not reweighted), and summary / index events (skipped under their kind). Each answer is worked out
// by hand in the comments, and every file goes through the byte-level fast path and JSON.parse alone.
import { describe, expect, it } from 'vitest';
import { utf8 } from './bytes.ts';
import { aggregateExperimentData } from './index.ts';
import { readParsedRecord } from './json-fallback.ts';
import { scanRecord } from './json-fast-path.ts';
import { MatchTargets } from './match-targets.ts';
import { EventKind, ParsedEvent } from './parsed-event.ts';
import { file } from './test-events.ts';
import type { ExperimentSpec } from './types.ts';

const spec: ExperimentSpec = {
  flagKey: 'checkout-flag',
  randomizationUnit: 'user',
  window: { start: 1000, end: 100_000 },
  metrics: [
    { key: 'buy', eventKey: 'purchase', kind: 'conversion', aggregation: 'average' },
    { key: 'revenue', eventKey: 'purchase', kind: 'numeric', aggregation: 'sum' },
  ],
};

const IN = '"reason":{"kind":"RULE_MATCH","inExperiment":true}';
// Written by hand, one record per line, as the export writes them.
const LINES = [
  // 1. U1 → arm 0 at 2000, contextKeys, sampled one in 10.
  `{"kind":"feature","creationDate":2000,"contextKeys":{"user":"U1"},"key":"checkout-flag","variation":0,${IN},"samplingRatio":10}`,
  // 2. U2 → arm 1 at 2000, context only (no contextKeys).
  `{"kind":"feature","creationDate":2000,"context":{"kind":"user","key":"U2","name":"Sandy"},"key":"checkout-flag","variation":1,${IN}}`,
  // 3. U3 → arm 1 at 2100, a multi-kind context only.
  `{"kind":"feature","creationDate":2100,"context":{"kind":"multi","user":{"key":"U3"},"org":{"key":"o1"}},"key":"checkout-flag","variation":1,${IN}}`,
  // 4. U1 buys for 10 at 3000: a custom event with `context` instead of `contextKeys`.
  '{"kind":"custom","creationDate":3000,"key":"purchase","context":{"kind":"user","key":"U1","anonymous":true},"metricValue":10}',
  // 5. U2 buys for 4 at 3000, sampled one in 2: counts as 4, not 8.
  '{"kind":"custom","creationDate":3000,"key":"purchase","context":{"kind":"user","key":"U2"},"metricValue":4,"samplingRatio":2}',
  // 6. U3 buys for 6 at 3100 under a multi-kind context.
  '{"kind":"custom","creationDate":3100,"key":"purchase","context":{"kind":"multi","user":{"key":"U3"},"device":{"key":"d1"}},"metricValue":6}',
  // 7. A purchase by an org context keyed "U2": no user key → skipped as no-unit-key.
  '{"kind":"custom","creationDate":3200,"key":"purchase","context":{"kind":"org","key":"U2"},"metricValue":50}',
  // 8. U1 buys for 1 at 3500; a context without kind is a user context.
  '{"kind":"custom","creationDate":3500,"key":"purchase","context":{"key":"U1"},"metricValue":1}',
  // 9. A summary event (no creationDate, no unit): skipped as summary.
  '{"kind":"summary","startDate":1000,"endDate":5000,"features":{"checkout-flag":{"default":"old","counters":[{"variation":0,"version":4,"count":5}]}}}',
  // 10. An index event: skipped as index.
  '{"kind":"index","creationDate":2000,"context":{"kind":"user","key":"U9"}}',
  // 11. A summary event inside the export's envelope: skipped as summary.
  '{"project":"p","environment":"e","event":{"kind":"summary","startDate":1000,"endDate":5000,"features":{}},"version":1}',
];
const TEXT = LINES.join('\n') + '\n';

// More context shapes, for the line-by-line agreement only.
const MORE = [
  // attributes nested in the context, one of them named "key"
  '{"kind":"custom","creationDate":1,"key":"purchase","context":{"kind":"user","address":{"key":"no","city":"x"},"key":"U4"}}',
  // a single-kind org context with an attribute named "user": not a user key
  '{"kind":"custom","creationDate":1,"key":"purchase","context":{"kind":"org","key":"o","user":{"key":"no"}}}',
  // contextKeys for another kind only, and a user context
  '{"kind":"custom","creationDate":1,"key":"purchase","contextKeys":{"org":"o"},"context":{"kind":"user","key":"U5"}}',
  // samplingRatio 1 and 0 are not sampling
  '{"kind":"custom","creationDate":1,"key":"purchase","contextKeys":{"user":"U6"},"samplingRatio":1}',
  '{"kind":"custom","creationDate":1,"key":"purchase","contextKeys":{"user":"U6"},"samplingRatio":0}',
];

describe('Data Export shapes of newer SDKs, through the fast path and JSON.parse', () => {
  for (const fast of [true, false]) {
    it(`${fast ? 'fast path' : 'JSON.parse only'}: context-only custom events count, summary and index are skipped, sampling is counted`, async () => {
      const data = await aggregateExperimentData(
        [file(TEXT, 'export.jsonl')],
        spec,
        undefined,
        undefined,
        { disableFastPath: !fast },
      );
      // Units: U1 in arm 0; U2 and U3 in arm 1.
      expect(data.arms).toEqual([
        { variation: 0, units: 1 },
        { variation: 1, units: 2 },
      ]);
      // Every exposed unit bought: 1 of 1 in arm 0, 2 of 2 in arm 1.
      expect(data.metrics.buy.map((arm) => [arm.units, arm.conversions])).toEqual([
        [1, 1],
        [2, 2],
      ]);
      // Revenue per unit: U1 = 10 + 1 = 11; U2 = 4 (not reweighted to 8); U3 = 6.
      // Arm 0: Σ 11, Σ² 121. Arm 1: Σ 4 + 6 = 10, Σ² 16 + 36 = 52.
      expect(data.metrics.revenue.map((arm) => [arm.units, arm.sum, arm.sumSquares])).toEqual([
        [1, 11, 121],
        [2, 10, 52],
      ]);
      const d = data.diagnostics;
      expect(d.recordsRead).toBe(11);
      expect(d.skipped).toEqual({ 'no-unit-key': 1, summary: 2, index: 1 });
      expect(d.sampledEvents).toBe(2); // lines 1 and 5
      expect(d.eventsOutsideWindow).toBe(0);
      expect(d.malformedCount).toBe(0);
      expect(d.firstTimestamp).toBe(2000); // summaries carry no creationDate
      expect(d.lastTimestamp).toBe(3500);
    });
  }

  it('the fast path reads every one of these lines itself, exactly as JSON.parse does', () => {
    const targets = new MatchTargets('checkout-flag', 'user', ['purchase']);
    for (const line of [...LINES, ...MORE]) {
      const bytes = utf8(line);
      const fast = new ParsedEvent();
      expect(scanRecord(bytes, 0, bytes.length, targets, fast), line).toBe(true);
      const reference = new ParsedEvent();
      readParsedRecord(JSON.parse(line), targets, reference);
      // Of the unit key's bytes only the key's: the fast path points into the record.
      const view = ({ unitBytes, unitStart, unitEnd, ...e }: ParsedEvent) => ({
        ...e,
        unitKeyBytes: unitBytes && [...unitBytes.subarray(unitStart, unitEnd)],
        unit: { ...e.unit },
        id: { ...e.id },
      });
      expect(view(fast), line).toEqual(view(reference));
    }
  });

  it('reads the unit of a context-only custom event and its samplingRatio', () => {
    const targets = new MatchTargets('checkout-flag', 'user', ['purchase']);
    const event = new ParsedEvent();
    const bytes = utf8(LINES[4]);
    expect(scanRecord(bytes, 0, bytes.length, targets, event)).toBe(true);
    expect(event.kind).toBe(EventKind.Custom);
    expect(event.hasUnit).toBe(true);
    expect(event.samplingRatio).toBe(2);
    expect(event.eventKeyIndex).toBe(0);
  });
});
