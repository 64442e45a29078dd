// Deep comparison that lets numbers differ in their last bits. Node and Chromium ship different V8
// versions whose Math.exp/pow/log may round differently, so the same engine code can disagree at
// ~1e-16 relative; anything beyond `relativeTolerance` is reported. Returns [] when equal.
export function numericDifferences(
  actual: unknown,
  expected: unknown,
  relativeTolerance = 1e-12,
  path = '$',
): string[] {
  if (typeof actual === 'number' && typeof expected === 'number') {
    if (Object.is(actual, expected)) return [];
    const scale = Math.max(Math.abs(actual), Math.abs(expected), Number.MIN_VALUE);
    return Math.abs(actual - expected) <= relativeTolerance * scale
      ? []
      : [`${path}: ${actual} ≠ ${expected}`];
  }
  if (Array.isArray(actual) && Array.isArray(expected)) {
    if (actual.length !== expected.length)
      return [`${path}: length ${actual.length} ≠ ${expected.length}`];
    return actual.flatMap((item, index) =>
      numericDifferences(item, expected[index], relativeTolerance, `${path}[${index}]`),
    );
  }
  if (isRecord(actual) && isRecord(expected)) {
    const keys = new Set(
      [...Object.keys(actual), ...Object.keys(expected)].filter(
        (key) => actual[key] !== undefined || expected[key] !== undefined,
      ),
    );
    return [...keys].flatMap((key) =>
      numericDifferences(actual[key], expected[key], relativeTolerance, `${path}.${key}`),
    );
  }
  return Object.is(actual, expected)
    ? []
    : [`${path}: ${JSON.stringify(actual)} ≠ ${JSON.stringify(expected)}`];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
