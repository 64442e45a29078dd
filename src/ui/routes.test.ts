import { describe, expect, it } from 'vitest';
import { hrefFor, parseHash } from './routes.ts';

describe('hash routes', () => {
  it('parses every screen', () => {
    expect(parseHash('')).toEqual({ name: 'experiments' });
    expect(parseHash('#/')).toEqual({ name: 'experiments' });
    expect(parseHash('#/methodology')).toEqual({ name: 'methodology' });
    expect(parseHash('#/experiments/abc/design')).toEqual({
      name: 'experiment',
      id: 'abc',
      tab: 'design',
    });
    expect(parseHash('#/experiments/abc')).toEqual({
      name: 'experiment',
      id: 'abc',
      tab: 'results',
    });
    expect(parseHash('#/experiments/abc/nope')).toEqual({
      name: 'not-found',
      path: '/experiments/abc/nope',
    });
  });

  it('round-trips ids with reserved characters', () => {
    const route = { name: 'experiment' as const, id: 'a b/c%', tab: 'data' as const };
    expect(hrefFor(route)).toBe('#/experiments/a%20b%2Fc%25/data');
    expect(parseHash(hrefFor(route))).toEqual(route);
  });

  it('reads a snapshot token verbatim and the workspace page', () => {
    expect(parseHash('#/snapshot/v1.AbC-_x')).toEqual({ name: 'snapshot', token: 'v1.AbC-_x' });
    expect(parseHash('#/snapshot/')).toEqual({ name: 'snapshot', token: '' });
    expect(parseHash('#/snapshot')).toEqual({ name: 'snapshot', token: '' });
    expect(parseHash('#/snapshot/a/b%20c')).toEqual({ name: 'snapshot', token: 'a/b%20c' });
    expect(hrefFor({ name: 'snapshot', token: 'v1.xyz' })).toBe('#/snapshot/v1.xyz');
    expect(parseHash('#/workspace')).toEqual({ name: 'workspace' });
    expect(hrefFor({ name: 'workspace' })).toBe('#/workspace');
  });
});
