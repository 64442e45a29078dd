/** Gauss–Legendre rule on [−1, 1]: nodes and weights, symmetric pairs listed in full. */
export type QuadratureRule = { nodes: Float64Array; weights: Float64Array };

/** Nodes are the roots of P_n, found by Newton from the Chebyshev-like guess cos(π(i − 1/4)/(n + 1/2)). */
export function gaussLegendre(order: number): QuadratureRule {
  const nodes = new Float64Array(order);
  const weights = new Float64Array(order);
  for (let i = 0; i < Math.ceil(order / 2); i++) {
    let x = Math.cos((Math.PI * (i + 0.75)) / (order + 0.5));
    let derivative = 0;
    for (let step = 0; step < 100; step++) {
      // Three-term recurrence for P_n(x) and, from it, P_n'(x).
      let current = 1;
      let previous = 0;
      for (let k = 1; k <= order; k++) {
        const older = previous;
        previous = current;
        current = ((2 * k - 1) * x * previous - (k - 1) * older) / k;
      }
      derivative = (order * (x * current - previous)) / (x * x - 1);
      const move = current / derivative;
      x -= move;
      if (Math.abs(move) <= 1e-16) break;
    }
    const weight = 2 / ((1 - x * x) * derivative * derivative);
    nodes[i] = -x;
    nodes[order - 1 - i] = x;
    weights[i] = weight;
    weights[order - 1 - i] = weight;
  }
  return { nodes, weights };
}
