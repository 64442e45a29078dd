import { describe, expect, it } from 'vitest';
import { parseTags } from './tags.ts';

describe('parseTags', () => {
  it('keeps each tag once, ignoring case and blanks, in the order typed', () => {
    expect(parseTags('q3, q3')).toEqual(['q3']);
    expect(parseTags(' Q3 ,checkout,, q3 , Checkout ,new')).toEqual(['Q3', 'checkout', 'new']);
    expect(parseTags('')).toEqual([]);
  });
});
