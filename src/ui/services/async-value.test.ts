import { describe, expect, it } from 'vitest';
import { AsyncValue } from './async-value.svelte.ts';

/** A promise resolved or rejected from outside, to finish loads in any order. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('AsyncValue', () => {
  it('holds the initial value while loading, then the answer', async () => {
    const files = new AsyncValue<string[]>([]);
    const answer = deferred<string[]>();
    const done = files.load(() => answer.promise);
    expect(files.loading).toBe(true);
    expect(files.value).toEqual([]);
    answer.resolve(['a.csv']);
    await done;
    expect(files.loading).toBe(false);
    expect(files.value).toEqual(['a.csv']);
  });

  it('drops a stale answer that arrives after a newer load, and aborts its signal', async () => {
    const files = new AsyncValue<string>('none');
    const slow = deferred<string>();
    const fast = deferred<string>();
    let slowSignal: AbortSignal | undefined;
    const first = files.load((signal) => {
      slowSignal = signal;
      return slow.promise;
    });
    const second = files.load(() => fast.promise);
    expect(slowSignal?.aborted).toBe(true);
    fast.resolve('iteration 2');
    await second;
    slow.resolve('iteration 1');
    await first;
    expect(files.value).toBe('iteration 2');
    expect(files.loading).toBe(false);
  });

  it('keeps loading while the newer load runs, even when the stale one ends first', async () => {
    const value = new AsyncValue<number>(0);
    const slow = deferred<number>();
    const newer = deferred<number>();
    const first = value.load(() => slow.promise);
    const second = value.load(() => newer.promise);
    slow.resolve(1);
    await first;
    expect(value.loading).toBe(true);
    expect(value.value).toBe(0);
    newer.resolve(2);
    await second;
    expect(value.value).toBe(2);
  });

  it('cancel drops the running load and goes back to the initial value', async () => {
    const value = new AsyncValue<string | null>(null);
    const answer = deferred<string>();
    let seen: AbortSignal | undefined;
    const done = value.load((signal) => {
      seen = signal;
      return answer.promise;
    });
    value.cancel();
    expect(seen?.aborted).toBe(true);
    expect(value.loading).toBe(false);
    answer.resolve('late');
    await done;
    expect(value.value).toBeNull();
  });

  it('set supersedes a running load', async () => {
    const value = new AsyncValue<string[]>([]);
    const answer = deferred<string[]>();
    const done = value.load(() => answer.promise);
    value.set(['written']);
    answer.resolve(['read before the write']);
    await done;
    expect(value.value).toEqual(['written']);
  });

  it('rejects with the error of the current load, never of a stale one', async () => {
    const value = new AsyncValue<number>(0);
    const stale = deferred<number>();
    const first = value.load(() => stale.promise);
    const second = value.load(() => Promise.reject(new Error('store unavailable')));
    await expect(second).rejects.toThrow('store unavailable');
    expect(value.loading).toBe(false);
    stale.reject(new Error('old failure'));
    await expect(first).resolves.toBeUndefined();
  });
});
