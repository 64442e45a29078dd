import { expect, test } from 'vitest';
import { validateRequest } from './validate-request.ts';

function request(method: string, draws: number | undefined, arms: number, metrics: number) {
  return {
    viewKey: 'v',
    metrics: Array.from({ length: metrics }, (_, m) => ({
      key: `m${m}`,
      arms: Array.from({ length: arms }, (_, a) => ({ name: `A${a}`, units: 10, conversions: 1 })),
      options: { kind: 'conversion', method, ...(draws === undefined ? {} : { draws }) },
    })),
  };
}

test('a Monte Carlo request over the work limit is refused before any work starts', () => {
  // 1e8 draws × 26 arms × 100 metrics: hours of CPU.
  const refused = validateRequest(request('monte-carlo', 100_000_000, 26, 100));
  expect(refused).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  expect(refused?.ok === false && refused.error.message).toMatch(/500,000,000/);
});

test('the default draws count toward the limit; the exact method costs no draws', () => {
  expect(validateRequest(request('monte-carlo', undefined, 26, 100))).not.toBeNull();
  expect(validateRequest(request('exact', 100_000_000, 26, 100))).toBeNull();
  expect(validateRequest(request('monte-carlo', 1_000_000, 25, 20))).toBeNull();
});

test('more arms or metrics than the app allows are refused whatever the method', () => {
  expect(validateRequest(request('exact', undefined, 27, 1))).not.toBeNull();
  expect(validateRequest(request('exact', undefined, 2, 101))).not.toBeNull();
});
