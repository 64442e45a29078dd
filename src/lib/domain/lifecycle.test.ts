import { describe, expect, it } from 'vitest';
import {
  applyDesignEdit,
  iterationEndingChanges,
  planIterationWindow,
  planIterationStart,
  planIterationStop,
  type IterationChange,
} from './lifecycle.ts';
import { buildScenario, codes, testDeps } from './test-builders.ts';
import type { Result } from './violation.ts';
import type { WorkspaceView } from './workspace-view.ts';

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(JSON.stringify(result.violations));
  return result.value;
}

function running() {
  const deps = testDeps();
  const s = buildScenario(deps);
  const change = value(planIterationStart(s.experiment, 'production', s.view, deps));
  const view: WorkspaceView = {
    ...s.view,
    experiments: [change.experiment],
    iterations: change.started,
  };
  deps.advance(60_000);
  return { ...s, deps, change, view, iteration: change.started[0] };
}

const apply = (view: WorkspaceView, change: IterationChange): WorkspaceView => {
  const written = [...change.ended, ...change.updated, ...change.started];
  return {
    ...view,
    experiments: view.experiments.map((e) =>
      e.id === change.experiment.id ? change.experiment : e,
    ),
    iterations: [
      ...view.iterations.filter((it) => !written.some((w) => w.id === it.id)),
      ...written,
    ],
  };
};

describe('planIterationStart', () => {
  it('starts iteration 1 in the environment with a snapshot of the design and the flag variations', () => {
    const { iteration, experiment, flag } = running();
    expect(iteration).toMatchObject({
      experimentId: experiment.id,
      environmentKey: 'production',
      flagKey: 'checkout-button',
      number: 1,
      status: 'running',
      startedAt: 1_700_000_000_000,
      endedAt: null,
    });
    expect(iteration.design.hypothesis).toBe(experiment.hypothesis);
    expect(iteration.design.flagVariations.map((v) => v.value)).toEqual(['grey', 'green', 'blue']);
    expect(iteration.design.treatments).not.toBe(experiment.treatments);
    expect(flag.variations).toHaveLength(3);
  });

  it('refuses with the rule violations and writes nothing', () => {
    const s = buildScenario();
    const result = planIterationStart(
      { ...s.experiment, randomizationUnit: null },
      'production',
      s.view,
      s.deps,
    );
    expect(result.ok).toBe(false);
    if (!result.ok) expect(codes(result.violations)).toEqual(['randomization-unit-missing']);
  });

  it('restarting ends the running iteration of the same experiment and numbers the next one', () => {
    const r = running();
    const again = value(planIterationStart(r.change.experiment, 'production', r.view, r.deps));
    expect(again.ended).toEqual([
      { ...r.iteration, status: 'stopped', endedAt: 1_700_000_060_000, endReason: 'restarted' },
    ]);
    expect(again.started[0].number).toBe(2);
  });
});

describe('planIterationStop', () => {
  it('ends the iteration with a winner and reason', () => {
    const r = running();
    const green = r.flag.variations[1].id;
    expect(
      value(
        planIterationStop(r.iteration, 5, { winnerVariationId: green, winnerReason: 'Clear lift' }),
      ),
    ).toMatchObject({
      status: 'stopped',
      endedAt: 5,
      endReason: 'stopped',
      winnerVariationId: green,
      winnerReason: 'Clear lift',
    });
  });
  it('refuses a winner outside the arms and an iteration that is not running', () => {
    const r = running();
    expect(
      codes(
        (
          planIterationStop(r.iteration, 5, {
            winnerVariationId: r.flag.variations[2].id,
          }) as unknown as { violations: [] }
        ).violations,
      ),
    ).toEqual(['unknown-winner']);
    const stopped = value(planIterationStop(r.iteration, 5));
    expect(
      codes((planIterationStop(stopped, 6) as unknown as { violations: [] }).violations),
    ).toEqual(['not-running']);
  });
});

describe('applyDesignEdit', () => {
  it.each([
    ['hypothesis', { hypothesis: 'Green is calmer' }],
    ['randomizationUnit', { randomizationUnit: 'organization' }],
    ['audienceRuleId', { audienceRuleId: 'rule-canada' }],
    ['sampleSizePercent', { sampleSizePercent: 50 }],
  ])(
    'editing %s of a running experiment ends the iteration and starts a new one',
    (field, edit) => {
      const r = running();
      const change = value(applyDesignEdit(r.change.experiment, edit, r.view, r.deps));
      expect(change.restartedBecause).toEqual([field]);
      expect(change.ended).toEqual([
        {
          ...r.iteration,
          status: 'stopped',
          endedAt: 1_700_000_060_000,
          endReason: 'design-changed',
        },
      ]);
      expect(change.started).toHaveLength(1);
      expect(change.started[0]).toMatchObject({
        number: 2,
        status: 'running',
        environmentKey: 'production',
        startedAt: 1_700_000_060_000,
      });
      // The old iteration keeps the design it ran with.
      expect(change.ended[0].design).toEqual(r.iteration.design);
    },
  );

  it('editing the split ends the iteration', () => {
    const r = running();
    const treatments = r.experiment.treatments.map((t, i) => ({
      ...t,
      allocationPercent: i === 0 ? 80 : 20,
    }));
    const change = value(
      applyDesignEdit(r.change.experiment, { splitMode: 'custom', treatments }, r.view, r.deps),
    );
    expect(change.restartedBecause).toEqual(['treatments']);
    expect(change.started[0].design.treatments.map((t) => t.allocationPercent)).toEqual([80, 20]);
  });

  it('changing or removing an existing metric ends the iteration', () => {
    const r = running();
    const [checkout, revenue] = r.experiment.metrics;
    const changed = value(
      applyDesignEdit(
        r.change.experiment,
        { metrics: [{ ...checkout, eventKey: 'order-placed' }, revenue] },
        r.view,
        r.deps,
      ),
    );
    expect(changed.restartedBecause).toEqual(['metrics.checkout']);
    const removed = value(
      applyDesignEdit(r.change.experiment, { metrics: [checkout] }, r.view, r.deps),
    );
    expect(removed.restartedBecause).toEqual(['metrics.revenue']);
  });

  it('renaming or adding a metric keeps the iteration running and updates its snapshot', () => {
    const r = running();
    const [checkout, revenue] = r.experiment.metrics;
    const added = { ...revenue, key: 'aov', name: 'Order value', primary: false };
    const change = value(
      applyDesignEdit(
        r.change.experiment,
        { metrics: [{ ...checkout, name: 'Checkouts' }, revenue, added] },
        r.view,
        r.deps,
      ),
    );
    expect(change.restartedBecause).toEqual([]);
    expect(change.ended).toEqual([]);
    expect(change.started).toEqual([]);
    expect(change.updated).toHaveLength(1);
    expect(change.updated[0]).toMatchObject({ id: r.iteration.id, status: 'running', number: 1 });
    expect(change.updated[0].design.metrics.map((m) => m.name)).toEqual([
      'Checkouts',
      'Revenue',
      'Order value',
    ]);
  });

  it('renaming the experiment or editing tags does not end the iteration', () => {
    const r = running();
    const change = value(
      applyDesignEdit(
        r.change.experiment,
        { name: 'Renamed', tags: ['checkout'], description: 'More words' },
        r.view,
        r.deps,
      ),
    );
    expect(change.restartedBecause).toEqual([]);
    expect(change.experiment).toMatchObject({
      name: 'Renamed',
      tags: ['checkout'],
      updatedAt: 1_700_000_060_000,
    });
  });

  it('refuses changing the flag, layer, holdout or key mid-iteration', () => {
    const r = running();
    const result = applyDesignEdit(
      r.change.experiment,
      { flagKey: 'other-flag', holdoutId: r.holdout.id },
      r.view,
      r.deps,
    );
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.violations.map((v) => [v.code, v.field])).toEqual([
        ['locked-while-running', 'flagKey'],
        ['locked-while-running', 'holdoutId'],
      ]);
  });

  it('refuses an iteration-ending edit whose new design cannot start, keeping the old iteration', () => {
    const r = running();
    const result = applyDesignEdit(
      r.change.experiment,
      { randomizationUnit: null },
      r.view,
      r.deps,
    );
    expect(result.ok).toBe(false);
    if (!result.ok) expect(codes(result.violations)).toEqual(['randomization-unit-missing']);
  });

  it('saves any edit of a draft that is not running, refusing only contradictions', () => {
    const s = buildScenario();
    const draft = value(
      applyDesignEdit(s.experiment, { treatments: [], randomizationUnit: null }, s.view, s.deps),
    );
    expect(draft.restartedBecause).toEqual([]);
    expect(draft.experiment.treatments).toEqual([]);
    const contradictory = applyDesignEdit(
      s.experiment,
      { holdoutId: s.holdout.id, layer: { layerKey: s.layer.key, reservationPercent: 10 } },
      s.view,
      s.deps,
    );
    expect(contradictory.ok).toBe(false);
  });

  it('restarts running iterations in every environment and keeps history across edits', () => {
    const r = running();
    r.flag.environments.staging.on = true;
    const staging = value(planIterationStart(r.change.experiment, 'staging', r.view, r.deps));
    let view = apply(r.view, staging);
    const change = value(
      applyDesignEdit(view.experiments[0], { hypothesis: 'New idea' }, view, r.deps),
    );
    expect(change.ended.map((it) => it.environmentKey).sort()).toEqual(['production', 'staging']);
    expect(change.started.map((it) => [it.environmentKey, it.number]).sort()).toEqual([
      ['production', 2],
      ['staging', 2],
    ]);
    view = apply(view, change);
    expect(view.iterations.filter((it) => it.status === 'running')).toHaveLength(2);
    expect(
      view.iterations.filter((it) => it.status === 'stopped').map((it) => it.design.hypothesis),
    ).toEqual([r.experiment.hypothesis, r.experiment.hypothesis]);
  });
});

describe('iterationEndingChanges', () => {
  it('treats an arm rename as cosmetic but a control change as a split change', () => {
    const s = buildScenario();
    const renamedArm = {
      ...s.experiment,
      treatments: s.experiment.treatments.map((t) => ({ ...t, name: `${t.name}!` })),
    };
    expect(iterationEndingChanges(s.experiment, renamedArm)).toEqual([]);
    expect(
      iterationEndingChanges(s.experiment, {
        ...s.experiment,
        controlVariationId: s.flag.variations[1].id,
      }),
    ).toEqual(['controlVariationId']);
  });
});

describe('planIterationWindow', () => {
  const MARCH_2 = Date.UTC(2026, 2, 2);
  const MARCH_5 = Date.UTC(2026, 2, 5);
  const NOW = Date.UTC(2026, 11, 6);
  const refused = (result: Result<unknown>) => (result.ok ? [] : codes(result.violations));

  it('back-dates a running iteration and keeps it running when no end is given', () => {
    const { iteration } = running();
    const moved = value(planIterationWindow(iteration, { start: MARCH_2, end: null }, NOW));
    expect(moved).toMatchObject({ status: 'running', startedAt: MARCH_2, endedAt: null });
    expect(moved.id).toBe(iteration.id);
  });

  it('a running iteration given an end is stopped then, with reason "stopped"', () => {
    const { iteration } = running();
    const ended = value(planIterationWindow(iteration, { start: MARCH_2, end: MARCH_5 }, NOW));
    expect(ended).toMatchObject({
      status: 'stopped',
      startedAt: MARCH_2,
      endedAt: MARCH_5,
      endReason: 'stopped',
    });
  });

  it('a stopped iteration keeps its end reason; its end cannot be removed', () => {
    const { iteration, deps } = running();
    const stopped = value(planIterationStop(iteration, deps.now()));
    const moved = value(planIterationWindow(stopped, { start: MARCH_2, end: MARCH_5 }, NOW));
    expect(moved).toMatchObject({ status: 'stopped', endedAt: MARCH_5, endReason: 'stopped' });
    expect(refused(planIterationWindow(stopped, { start: MARCH_2, end: null }, NOW))).toEqual([
      'window-end-required',
    ]);
  });

  it('refuses a future start or end, an end not after the start, and a missing start', () => {
    const { iteration } = running();
    expect(refused(planIterationWindow(iteration, { start: NOW + 1, end: null }, NOW))).toEqual([
      'window-start-future',
    ]);
    expect(refused(planIterationWindow(iteration, { start: MARCH_2, end: NOW + 1 }, NOW))).toEqual([
      'window-end-future',
    ]);
    expect(refused(planIterationWindow(iteration, { start: MARCH_5, end: MARCH_5 }, NOW))).toEqual([
      'window-end-before-start',
    ]);
    expect(refused(planIterationWindow(iteration, { start: NaN, end: null }, NOW))).toEqual([
      'window-start-missing',
    ]);
  });
});
