// The 15-point Gauss–Kronrod rule on [-1, 1] (nodes ascending) with its embedded 7-point Gauss rule,
// plus a cumulative-integration matrix: CUMULATIVE[i][k] = ∫_{-1}^{x_i} ℓ_k(s) ds, where ℓ_k is the
// Lagrange basis polynomial of node k. Applied to a function's values at the nodes it gives the
// integral from -1 to every node of the degree-14 interpolant — how the exact comparisons get every
// arm's CDF at the nodes from its density alone (no incomplete-beta call per node).

const HALF_NODES = [
  0.9914553711208126, 0.9491079123427585, 0.8648644233597691, 0.7415311855993945,
  0.5860872354676911, 0.4058451513773972, 0.20778495500789848, 0,
];
const HALF_KRONROD_WEIGHTS = [
  0.022935322010529224, 0.06309209262997856, 0.10479001032225019, 0.14065325971552592,
  0.1690047266392679, 0.19035057806478542, 0.20443294007529889, 0.20948214108472782,
];
// Gauss weights of the nodes ±0.949…, ±0.741…, ±0.405…, 0 (odd positions of HALF_NODES).
const HALF_GAUSS_WEIGHTS = [
  0.1294849661688697, 0.27970539148927664, 0.3818300505051189, 0.4179591836734694,
];

export const RULE_SIZE = 15;
export const NODES = new Float64Array(RULE_SIZE);
export const KRONROD_WEIGHTS = new Float64Array(RULE_SIZE);
/** Gauss-7 weights laid out on the 15 nodes (0 on the Kronrod-only nodes). */
export const GAUSS_WEIGHTS = new Float64Array(RULE_SIZE);
/** Row-major RULE_SIZE × RULE_SIZE. */
export const CUMULATIVE = new Float64Array(RULE_SIZE * RULE_SIZE);

for (let i = 0; i < 8; i++) {
  NODES[i] = -HALF_NODES[i];
  NODES[RULE_SIZE - 1 - i] = HALF_NODES[i];
  KRONROD_WEIGHTS[i] = KRONROD_WEIGHTS[RULE_SIZE - 1 - i] = HALF_KRONROD_WEIGHTS[i];
  if (i % 2 === 1)
    GAUSS_WEIGHTS[i] = GAUSS_WEIGHTS[RULE_SIZE - 1 - i] = HALF_GAUSS_WEIGHTS[(i - 1) / 2];
}
NODES[7] = 0;
buildCumulativeMatrix();

/** Legendre P_0..P_degree at x. */
function legendreValues(x: number, degree: number): Float64Array {
  const values = new Float64Array(degree + 1);
  values[0] = 1;
  if (degree >= 1) values[1] = x;
  for (let n = 1; n < degree; n++)
    values[n + 1] = ((2 * n + 1) * x * values[n] - n * values[n - 1]) / (n + 1);
  return values;
}

/**
 * In the Legendre basis: values at the nodes = V·c, so the interpolant's coefficients are V⁻¹·values;
 * ∫_{-1}^{x} P_n = (P_{n+1}(x) − P_{n−1}(x)) / (2n + 1) for n ≥ 1 and x + 1 for n = 0.
 * CUMULATIVE = A·V⁻¹ with A[i][n] = ∫_{-1}^{x_i} P_n.
 */
function buildCumulativeMatrix(): void {
  const n = RULE_SIZE;
  const vandermonde: number[][] = [];
  const antiderivatives: number[][] = [];
  for (let i = 0; i < n; i++) {
    const p = legendreValues(NODES[i], n);
    vandermonde.push(Array.from(p.subarray(0, n)));
    const row = [NODES[i] + 1];
    for (let degree = 1; degree < n; degree++)
      row.push((p[degree + 1] - p[degree - 1]) / (2 * degree + 1));
    antiderivatives.push(row);
  }
  const inverse = invert(vandermonde);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < n; k++) {
      let sum = 0;
      for (let degree = 0; degree < n; degree++)
        sum += antiderivatives[i][degree] * inverse[degree][k];
      CUMULATIVE[i * n + k] = sum;
    }
  }
}

/** Gauss–Jordan inverse with partial pivoting (small, well-conditioned matrices only). */
function invert(matrix: number[][]): number[][] {
  const n = matrix.length;
  const work = matrix.map((row, i) => [
    ...row,
    ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)),
  ]);
  for (let column = 0; column < n; column++) {
    let pivot = column;
    for (let row = column + 1; row < n; row++)
      if (Math.abs(work[row][column]) > Math.abs(work[pivot][column])) pivot = row;
    [work[column], work[pivot]] = [work[pivot], work[column]];
    const scale = 1 / work[column][column];
    for (let j = 0; j < 2 * n; j++) work[column][j] *= scale;
    for (let row = 0; row < n; row++) {
      if (row === column) continue;
      const factor = work[row][column];
      if (factor !== 0) for (let j = 0; j < 2 * n; j++) work[row][j] -= factor * work[column][j];
    }
  }
  return work.map((row) => row.slice(n));
}
