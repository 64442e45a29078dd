// Identity and time are injected so that every domain function is deterministic under test.

export type IdGenerator = () => string;
export type Clock = () => number;

export const randomId: IdGenerator = () => crypto.randomUUID();
export const systemClock: Clock = () => Date.now();

export type Deps = { newId: IdGenerator; now: Clock };

export const defaultDeps: Deps = { newId: randomId, now: systemClock };

/** Deterministic ids for tests and generators: prefix-1, prefix-2, … */
export function sequentialIds(prefix = 'id'): IdGenerator {
  let next = 0;
  return () => `${prefix}-${++next}`;
}
