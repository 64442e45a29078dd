import { describe, expect, it } from 'vitest';
import { errorId, violationsAt } from './violations.ts';

const all = [
  { code: 'a', field: 'treatments', message: 'total' },
  { code: 'b', field: 'treatments[1].allocationPercent', message: 'range' },
  { code: 'c', field: 'layer.reservationPercent', message: 'over' },
];

describe('violationsAt', () => {
  it('matches the exact field, or everything under it when nested', () => {
    expect(violationsAt(all, 'treatments').map((v) => v.code)).toEqual(['a']);
    expect(violationsAt(all, 'treatments', true).map((v) => v.code)).toEqual(['a', 'b']);
    expect(violationsAt(all, 'layer', true).map((v) => v.code)).toEqual(['c']);
    expect(violationsAt(all, 'layer')).toEqual([]);
  });

  it('makes ids safe for HTML', () => {
    expect(errorId('treatments[1].allocationPercent')).toBe('error-treatments-1-allocationPercent');
  });
});
