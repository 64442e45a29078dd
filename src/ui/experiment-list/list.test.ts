import { describe, expect, it } from 'vitest';
import { createEnvironment, createExperiment } from '../../lib/domain/create.ts';
import { sequentialIds } from '../../lib/domain/ids.ts';
import type { Iteration } from '../../lib/domain/types.ts';
import { allTags, experimentStatus, groupByEnvironment, matchesFilter } from './list.ts';

let clock = 0;
const deps = { newId: sequentialIds('t'), now: () => ++clock };
const checkout = createExperiment(
  {
    key: 'checkout',
    name: 'Checkout',
    environmentKey: 'production',
    tags: ['q3', 'web'],
    hypothesis: 'Faster pays',
  },
  deps,
);
const search = createExperiment(
  { key: 'search', name: 'Search ranking', environmentKey: 'staging', tags: ['web'] },
  deps,
);

describe('experiments list', () => {
  it('filters by text and tag', () => {
    expect(matchesFilter(checkout, 'faster', '')).toBe(true);
    expect(matchesFilter(checkout, 'ranking', '')).toBe(false);
    expect(matchesFilter(search, '', 'q3')).toBe(false);
    expect(matchesFilter(checkout, ' CHECK ', 'q3')).toBe(true);
    expect(allTags([checkout, search])).toEqual(['q3', 'web']);
  });

  it('groups by environment, keeping empty environments', () => {
    const groups = groupByEnvironment(
      [checkout, search],
      [
        createEnvironment({ key: 'production', name: 'Production' }, deps),
        createEnvironment({ key: 'test', name: 'Test' }, deps),
      ],
    );
    expect(groups.map((g) => [g.key, g.experiments.map((e) => e.key)])).toEqual([
      ['production', ['checkout']],
      ['staging', ['search']],
      ['test', []],
    ]);
  });

  it('derives the status from the iterations', () => {
    const iteration = { experimentId: checkout.id, status: 'stopped' } as Iteration;
    expect(experimentStatus(checkout, [])).toBe('draft');
    expect(experimentStatus(checkout, [iteration])).toBe('stopped');
    expect(experimentStatus(checkout, [iteration, { ...iteration, status: 'running' }])).toBe(
      'running',
    );
  });
});
