import { describe, expect, it } from 'vitest';
import { uniqueKey } from './unique-key.ts';

const none = () => false;

describe('uniqueKey', () => {
  it('turns a name into lower-case words joined by hyphens', () => {
    expect(uniqueKey('  New Checkout: Button (v2)! ', 'experiment', none)).toBe(
      'new-checkout-button-v2',
    );
  });

  it('falls back when the name has no letter or digit', () => {
    expect(uniqueKey('¿¡ !?', 'layer', none)).toBe('layer');
    expect(uniqueKey('', 'experiment', none)).toBe('experiment');
  });

  it('counts up from 2 past the keys already taken', () => {
    const taken = new Set(['checkout', 'checkout-2']);
    expect(uniqueKey('Checkout', 'experiment', (key) => taken.has(key))).toBe('checkout-3');
    expect(uniqueKey('Checkout', 'experiment', (key) => key === 'other')).toBe('checkout');
  });
});
