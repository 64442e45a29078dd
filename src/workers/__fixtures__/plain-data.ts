// Finds what would not be plain data: functions, symbols, bigints, class instances (Map, Date, proxies
// of classes...). Returns the paths of offenders; [] means plain objects, arrays and primitives only.
export function findNonPlainData(value: unknown, path = '$'): string[] {
  if (value === null || value === undefined) return [];
  const type = typeof value;
  if (type === 'string' || type === 'number' || type === 'boolean') return [];
  if (type !== 'object') return [`${path} (${type})`];
  if (Array.isArray(value))
    return value.flatMap((item, index) => findNonPlainData(item, `${path}[${index}]`));
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null)
    return [`${path} (instance of ${prototype?.constructor?.name ?? 'unknown'})`];
  return Object.entries(value as Record<string, unknown>).flatMap(([key, item]) =>
    findNonPlainData(item, `${path}.${key}`),
  );
}
