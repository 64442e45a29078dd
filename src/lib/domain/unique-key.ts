/**
 * A record key made from a display name: lower-case letters and digits joined by single hyphens
 * (`fallback` when the name has none), with `-2`, `-3`, … appended until it is not yet `taken`.
 */
export function uniqueKey(name: string, fallback: string, taken: (key: string) => boolean): string {
  const base =
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || fallback;
  let key = base;
  for (let n = 2; taken(key); n++) key = `${base}-${n}`;
  return key;
}
