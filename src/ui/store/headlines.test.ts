import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Headline } from './headlines.svelte.ts';

const STORAGE_KEY = 'credence.headlines';

function memoryStorage(initial: Record<string, string> = {}): Storage {
  const items = new Map(Object.entries(initial));
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (key) => items.get(key) ?? null,
    key: (index) => [...items.keys()][index] ?? null,
    removeItem: (key) => void items.delete(key),
    setItem: (key, value) => void items.set(key, String(value)),
  };
}

const headline = (leader: string): Headline => ({
  at: 1,
  iterationNumber: 1,
  leader,
  probabilityToBeBest: 0.9,
  winner: false,
  srmAlert: false,
});

/** A fresh store module reading `storage` as it loads, as on a page load. */
async function loadStore(storage: Storage) {
  vi.stubGlobal('localStorage', storage);
  vi.resetModules();
  return (await import('./headlines.svelte.ts')).headlines;
}

const stored = (storage: Storage) => JSON.parse(storage.getItem(STORAGE_KEY) ?? 'null');

describe('cached headlines', () => {
  let storage: Storage;
  beforeEach(() => {
    storage = memoryStorage({
      [STORAGE_KEY]: JSON.stringify({ kept: headline('A'), deleted: headline('B') }),
    });
  });
  afterEach(() => vi.unstubAllGlobals());

  it('loads what an earlier page stored', async () => {
    const headlines = await loadStore(storage);
    expect(Object.keys(headlines.byExperiment).sort()).toEqual(['deleted', 'kept']);
  });

  it('forgets the headline of a deleted experiment, in memory and in storage', async () => {
    const headlines = await loadStore(storage);
    headlines.forget(['deleted']);
    expect(Object.keys(headlines.byExperiment)).toEqual(['kept']);
    expect(stored(storage)).toEqual({ kept: headline('A') });
    expect(Object.keys((await loadStore(storage)).byExperiment)).toEqual(['kept']);
  });

  it('clears every headline when the workspace is replaced', async () => {
    const headlines = await loadStore(storage);
    headlines.clear();
    expect(headlines.byExperiment).toEqual({});
    expect(stored(storage)).toEqual({});
  });

  it('records a new headline after a clear', async () => {
    const headlines = await loadStore(storage);
    headlines.clear();
    headlines.record('new', headline('C'));
    expect(stored(storage)).toEqual({ new: headline('C') });
  });
});
