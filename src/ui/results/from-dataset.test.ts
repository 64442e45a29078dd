import { describe, expect, it } from 'vitest';
import type { Dataset, Iteration } from '../../lib/domain/types.ts';
import { typedExperimentData } from '../data/typed-data.ts';
import { resultsInputFrom } from './from-dataset.ts';
import { analysisSettingsFromSnapshot, snapshotFromResults } from '../share/snapshot-results.ts';
import { testSnapshot } from '../../lib/share/test-snapshot.ts';

// Arms in the design's order (B before A) while the dataset is keyed by flag variation index.
const iteration = {
  id: 'it-1',
  experimentId: 'e-1',
  number: 2,
  design: {
    hypothesis: 'B beats A',
    flagVariations: [
      { id: 'va', name: 'A', value: 'a' },
      { id: 'vb', name: 'B', value: 'b' },
    ],
    treatments: [
      { variationId: 'vb', name: 'B', allocationPercent: 40 },
      { variationId: 'va', name: 'A', allocationPercent: 60 },
    ],
    splitMode: 'custom',
    controlVariationId: 'va',
    metrics: [
      {
        key: 'buy',
        name: 'Purchase',
        kind: 'conversion',
        eventKey: 'buy',
        aggregation: 'average',
        direction: 'higher',
        primary: true,
      },
    ],
  },
} as unknown as Iteration;

const dataset = {
  arms: [
    { variation: 0, units: 600 },
    { variation: 1, units: 400 },
  ],
  metrics: {
    buy: [
      { variation: 1, units: 400, conversions: 44, sum: 44, sumSquares: 44 },
      { variation: 0, units: 600, conversions: 60, sum: 60, sumSquares: 60 },
    ],
  },
  exposuresByHour: [{ hourStart: 3_600_000, counts: { 0: 6, 1: 4 } }],
  diagnostics: { unitsInSeveralArms: 3 },
} as unknown as Dataset;

describe('resultsInputFrom', () => {
  const input = resultsInputFrom(iteration, dataset);

  it('follows the design order and finds the control', () => {
    expect(input.armNames).toEqual(['B', 'A']);
    expect(input.controlIndex).toBe(1);
    expect(input.weights).toEqual([40, 60]);
    expect(input.hypothesis).toBe('B beats A');
    expect(input.unitsInSeveralArms).toBe(3);
  });

  it('maps per-variation statistics and exposures to the arms', () => {
    expect(input.metrics[0].arms).toEqual([
      { name: 'B', units: 400, conversions: 44, sum: 44, sumSquares: 44 },
      { name: 'A', units: 600, conversions: 60, sum: 60, sumSquares: 60 },
    ]);
    expect(input.exposures).toEqual([{ start: 3_600_000, counts: [4, 6] }]);
  });

  it('gives arms without statistics zero events, keeping their units', () => {
    const empty = resultsInputFrom(iteration, { ...dataset, metrics: {} });
    expect(empty.metrics[0].arms[1]).toEqual({
      name: 'A',
      units: 600,
      conversions: 0,
      sum: 0,
      sumSquares: 0,
    });
  });
});

describe('days of first exposure for the Over time section', () => {
  it('puts each day in the design order of arms and metrics; absent metrics count zero', () => {
    const withDays = {
      ...dataset,
      breakdowns: [
        {
          by: 'day',
          cells: [
            {
              value: '86400000',
              arms: [
                { variation: 0, units: 7 },
                { variation: 1, units: 5 },
              ],
              metrics: {
                buy: [
                  { variation: 0, units: 7, conversions: 2, sum: 2, sumSquares: 2 },
                  { variation: 1, units: 5, conversions: 1, sum: 1, sumSquares: 1 },
                ],
              },
            },
            {
              value: '172800000',
              arms: [{ variation: 0, units: 3 }],
              metrics: {},
            },
          ],
        },
      ],
    } as unknown as Dataset;
    expect(resultsInputFrom(iteration, withDays).days).toEqual([
      {
        start: 86_400_000,
        metrics: [
          [
            { units: 5, conversions: 1, sum: 1, sumSquares: 1 }, // B (variation 1) first
            { units: 7, conversions: 2, sum: 2, sumSquares: 2 },
          ],
        ],
      },
      {
        start: 172_800_000,
        metrics: [
          [
            { units: 0, conversions: 0, sum: 0, sumSquares: 0 },
            { units: 3, conversions: 0, sum: 0, sumSquares: 0 },
          ],
        ],
      },
    ]);
    expect(resultsInputFrom(iteration, dataset).days).toBeUndefined();
  });

  it("carries the attribute breakdowns in arm order and the design's slicing attributes", () => {
    const withSlices = {
      ...dataset,
      breakdowns: [
        {
          by: 'attribute',
          attribute: 'country',
          otherValues: 0,
          cells: [
            {
              value: 'US',
              arms: [
                { variation: 0, units: 7 },
                { variation: 1, units: 5 },
              ],
              metrics: { buy: [{ variation: 1, units: 5, conversions: 1, sum: 1, sumSquares: 1 }] },
            },
          ],
        },
      ],
    } as unknown as Dataset;
    const sliced = resultsInputFrom(
      { ...iteration, design: { ...iteration.design, attributes: ['country'] } },
      withSlices,
    );
    expect(sliced.slicingAttributes).toEqual(['country']);
    expect(sliced.slices).toEqual([
      {
        attribute: 'country',
        otherValues: 0,
        cells: [
          {
            value: 'US',
            units: [5, 7], // B (variation 1) first
            metrics: [
              [
                { units: 5, conversions: 1, sum: 1, sumSquares: 1 },
                { units: 7, conversions: 0, sum: 0, sumSquares: 0 },
              ],
            ],
          },
        ],
      },
    ]);
    // A design stored before slicing attributes existed, and data without slices.
    expect(resultsInputFrom(iteration, dataset).slicingAttributes).toEqual([]);
    expect(resultsInputFrom(iteration, dataset).slices).toBeUndefined();
  });
});

describe('typedExperimentData', () => {
  it('keys typed arms by flag variation and takes units per arm', () => {
    const data = typedExperimentData(iteration, {
      buy: [
        { name: 'B', units: 400, conversions: 44, sum: 44, sumSquares: 44 },
        { name: 'A', units: 600, conversions: 60, sum: 60, sumSquares: 60 },
      ],
    });
    expect(data.arms).toEqual([
      { variation: 1, units: 400 },
      { variation: 0, units: 600 },
    ]);
    expect(data.metrics.buy.map((arm) => arm.variation)).toEqual([1, 0]);
    expect(data.exposuresByHour).toEqual([]);
    expect(data.diagnostics.recordsRead).toBe(0);
  });
});

describe('the assignment audit and snapshot links', () => {
  it('never carries the audit or its example unit keys into a shared snapshot', () => {
    const audited = {
      ...dataset,
      assignmentAudit: {
        units: 1000,
        examples: { mismatch: [{ unitKey: 'secret-unit-key-42', variation: 1, expected: 0 }] },
      },
    } as unknown as Dataset;
    const input = resultsInputFrom(iteration, audited);
    const snapshot = snapshotFromResults({
      name: 'x',
      iteration: { startedAt: 0, endedAt: null },
      input,
      settings: analysisSettingsFromSnapshot(testSnapshot()),
    });
    const text = JSON.stringify(snapshot);
    expect(text).not.toContain('secret-unit-key-42');
    expect(text).not.toContain('assignmentAudit');
  });
});

describe('days since exposure for the novelty view', () => {
  it('keeps the cells as given (k as start), in design order, and names the metrics they hold', () => {
    const withSince = {
      ...dataset,
      breakdowns: [
        {
          by: 'days-since-exposure',
          cells: ['0', '1'].map((value) => ({
            value,
            arms: [
              { variation: 0, units: 7 },
              { variation: 1, units: 5 },
            ],
            metrics: {
              buy: [
                { variation: 0, units: 7, conversions: 2, sum: 2, sumSquares: 2 },
                { variation: 1, units: 5, conversions: 1, sum: 1, sumSquares: 1 },
              ],
            },
          })),
        },
      ],
    } as unknown as Dataset;
    const since = resultsInputFrom(iteration, withSince).sinceExposure;
    expect(since?.metricKeys).toEqual(['buy']);
    expect(since?.days.map((day) => day.start)).toEqual([0, 1]);
    expect(since?.days[1].metrics).toEqual([
      [
        { units: 5, conversions: 1, sum: 1, sumSquares: 1 },
        { units: 7, conversions: 2, sum: 2, sumSquares: 2 },
      ],
    ]);
    expect(resultsInputFrom(iteration, dataset).sinceExposure).toBeUndefined();
  });
});
