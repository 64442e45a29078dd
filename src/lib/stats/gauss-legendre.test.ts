import { describe, expect, it } from 'vitest';
import { gaussLegendre } from './gauss-legendre.ts';

describe('gaussLegendre', () => {
  it.each([2, 4, 10, 32, 64])(
    'the %i-node rule integrates x^k exactly for k < 2n (∫₋₁¹ x^k = 2/(k + 1) for even k, 0 for odd)',
    (order) => {
      const { nodes, weights } = gaussLegendre(order);
      for (const k of [0, 1, 2, 7, 10, 2 * order - 2, 2 * order - 1].filter(
        (power) => power < 2 * order,
      )) {
        let sum = 0;
        for (let i = 0; i < order; i++) sum += weights[i]! * nodes[i]! ** k;
        expect(Math.abs(sum - (k % 2 === 0 ? 2 / (k + 1) : 0))).toBeLessThan(1e-14);
      }
    },
  );

  it('integrates exp on [−1, 1] to e − 1/e', () => {
    const { nodes, weights } = gaussLegendre(10);
    const sum = nodes.reduce((total, node, i) => total + weights[i]! * Math.exp(node), 0);
    expect(Math.abs(sum - (Math.E - 1 / Math.E))).toBeLessThan(1e-15);
  });
});
