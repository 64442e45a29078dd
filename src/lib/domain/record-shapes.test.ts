import { describe, expect, it } from 'vitest';
import { defaultWorkspaceSettings } from './create.ts';
import { checkRecord } from './record-shapes.ts';

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
