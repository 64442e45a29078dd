import { describe, expect, it } from 'vitest';
import { defaultWorkspaceSettings } from './create.ts';
import { checkRecord } from './record-shapes.ts';
import { planIterationStart } from './lifecycle.ts';
import { buildScenario, testDeps } from './test-builders.ts';

describe('stored analysis settings', () => {
  it('accept the defaults', () => {
    expect(checkRecord('settings', defaultWorkspaceSettings())).toEqual([]);
  });

  it('refuse values the analysis cannot use, naming the field', () => {
    const settings = defaultWorkspaceSettings();
    settings.analysis = {
      ...settings.analysis,
      credibleMass: 1.5,
      draws: 0,
      priorRelativeVariance: { revenue: -1 },
    };
    expect(checkRecord('settings', settings).map((found) => found.field)).toEqual([
      'analysis.credibleMass',
      'analysis.draws',
      'analysis.priorRelativeVariance.revenue',
    ]);
  });

  it('report a wrong type once, as a shape violation', () => {
    const settings = defaultWorkspaceSettings();
    const analysis = { ...settings.analysis, credibleMass: 'high' as unknown as number };
    const found = checkRecord('settings', { ...settings, analysis });
    expect(found).toHaveLength(1);
    expect(found[0].message).toMatch(/must be a finite number/);
  });
});

function firstIteration(scenario: ReturnType<typeof buildScenario>) {
  const started = planIterationStart(scenario.experiment, 'production', scenario.view, testDeps());
  if (!started.ok) throw new Error('the scenario starts');
  return started.value.started[0];
}

describe('records stored before decisions, roles and decision records existed', () => {
  it('still read: settings without the decision thresholds, metrics without margins, iterations without a decision', () => {
    const settings = defaultWorkspaceSettings();
    const {
      caringThreshold: _c,
      guardrailThreshold: _g,
      minimumUnitsPerArm: _m,
      ...old
    } = settings.analysis;
    expect(checkRecord('settings', { ...settings, analysis: old })).toEqual([]);
    const { experiment } = buildScenario();
    expect(experiment.metrics.every((m) => !('guardrailMargin' in m))).toBe(true);
    expect(checkRecord('experiments', experiment)).toEqual([]);
    const iteration = firstIteration(buildScenario());
    expect('decision' in iteration).toBe(false);
    expect(checkRecord('iterations', iteration)).toEqual([]);
  });

  it('accept a guardrail margin and a decision record, and refuse them malformed', () => {
    const scenario = buildScenario();
    const experiment = scenario.experiment;
    experiment.metrics[1] = { ...experiment.metrics[1], guardrailMargin: 0.01 };
    expect(checkRecord('experiments', experiment)).toEqual([]);
    const iteration = firstIteration(scenario);
    const decision = { by: 'Ana', at: 1_700_000_000_000, why: 'Ship green: +3% checkout.' };
    expect(checkRecord('iterations', { ...iteration, decision })).toEqual([]);
    expect(
      checkRecord('iterations', { ...iteration, decision: { ...decision, at: 'today' } }).map(
        (v) => v.field,
      ),
    ).toEqual(['decision.at']);
    expect(
      checkRecord('experiments', {
        ...experiment,
        metrics: [{ ...experiment.metrics[0], guardrailMargin: 'one' }],
      }).map((v) => v.field),
    ).toEqual(['metrics[0].guardrailMargin']);
  });

  it('check the new fields when present', () => {
    const settings = defaultWorkspaceSettings();
    const analysis = { ...settings.analysis, guardrailThreshold: 2, minimumUnitsPerArm: 1.5 };
    expect(checkRecord('settings', { ...settings, analysis }).map((v) => v.field)).toEqual([
      'analysis.minimumUnitsPerArm',
    ]);
    expect(
      checkRecord('settings', {
        ...settings,
        analysis: { ...settings.analysis, guardrailThreshold: 2 },
      }).map((v) => v.field),
    ).toEqual(['analysis.guardrailThreshold']);
  });
});

describe('stored datasets', () => {
  const cell = (value: string) => ({
    value,
    arms: [{ variation: 0, units: 3 }],
    metrics: { buyer: [{ variation: 0, units: 3, conversions: 1, sum: 1, sumSquares: 1 }] },
  });
  const dataset = (by: string) => ({
    id: 'd1',
    iterationId: 'i1',
    experimentId: 'e1',
    source: { kind: 'files', files: [{ name: 'events.jsonl', size: 10 }] },
    diagnostics: {},
    arms: [{ variation: 0, units: 3 }],
    metrics: {},
    exposuresByHour: [],
    breakdowns: [{ by, cells: [cell('0'), cell('1')] }],
    createdAt: 1,
  });

  it('accept statistics by day since exposure (no new schema version) and refuse an unknown breakdown', () => {
    expect(checkRecord('datasets', dataset('days-since-exposure'))).toEqual([]);
    expect(checkRecord('datasets', dataset('week')).map((found) => found.field)).toEqual([
      'breakdowns[0].by',
    ]);
  });
});
