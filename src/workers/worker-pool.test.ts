// The pool's idle shrink, with fake workers (the job's call never reaches them) and fake timers.
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { IDLE_SHRINK_MS, WorkerPool, type WorkerLike } from './worker-pool.ts';

type Api = { cancel: (requestId: number) => void };

function fakeWorkers() {
  const workers: { terminated: boolean }[] = [];
  const create = (): WorkerLike => {
    const record = { terminated: false };
    workers.push(record);
    return {
      postMessage: () => undefined,
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
      terminate: () => void (record.terminated = true),
    };
  };
  return {
    create,
    created: () => workers.length,
    alive: () => workers.filter((w) => !w.terminated).length,
  };
}

/** `count` jobs that run until `finish()` is called. */
function blockingJobs(pool: WorkerPool<Api>, count: number) {
  let finish!: () => void;
  const gate = new Promise<void>((resolve) => (finish = resolve));
  const done = Promise.all(Array.from({ length: count }, (_, i) => pool.run(i, () => gate)));
  return { finish, done };
}

let pool: WorkerPool<Api> | null = null;
beforeEach(() => void vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] }));
afterEach(() => {
  pool?.terminate();
  pool = null;
  vi.useRealTimers();
});

describe('idle shrink', () => {
  test('after the idle time, every worker but one is terminated', async () => {
    const workers = fakeWorkers();
    pool = new WorkerPool<Api>(workers.create, 3);
    const jobs = blockingJobs(pool, 3);
    await vi.advanceTimersByTimeAsync(0);
    expect(pool.started).toBe(3);
    jobs.finish();
    await jobs.done;
    await vi.advanceTimersByTimeAsync(IDLE_SHRINK_MS - 1);
    expect(workers.alive()).toBe(3);
    await vi.advanceTimersByTimeAsync(1);
    expect(pool.started).toBe(1);
    expect(workers.alive()).toBe(1);
  });

  test('a busy pool does not shrink, and a new job restarts the idle clock', async () => {
    const workers = fakeWorkers();
    pool = new WorkerPool<Api>(workers.create, 3);
    const first = blockingJobs(pool, 3);
    await vi.advanceTimersByTimeAsync(0);
    first.finish();
    await first.done;
    await vi.advanceTimersByTimeAsync(IDLE_SHRINK_MS / 2);
    const second = blockingJobs(pool, 1);
    await vi.advanceTimersByTimeAsync(IDLE_SHRINK_MS * 2);
    expect(workers.alive()).toBe(3);
    second.finish();
    await second.done;
    await vi.advanceTimersByTimeAsync(IDLE_SHRINK_MS - 1);
    expect(workers.alive()).toBe(3);
    await vi.advanceTimersByTimeAsync(1);
    expect(workers.alive()).toBe(1);
  });

  test('a shrunk pool starts workers again on demand, up to its size', async () => {
    const workers = fakeWorkers();
    pool = new WorkerPool<Api>(workers.create, 3);
    const first = blockingJobs(pool, 3);
    await vi.advanceTimersByTimeAsync(0);
    first.finish();
    await first.done;
    await vi.advanceTimersByTimeAsync(IDLE_SHRINK_MS);
    expect(pool.started).toBe(1);
    const again = blockingJobs(pool, 3);
    await vi.advanceTimersByTimeAsync(0);
    expect(pool.started).toBe(3);
    expect(workers.created()).toBe(5);
    again.finish();
    await expect(again.done).resolves.toHaveLength(3);
  });

  test('a single worker is kept, and a terminated pool leaves no timer', async () => {
    const workers = fakeWorkers();
    pool = new WorkerPool<Api>(workers.create, 2);
    const one = blockingJobs(pool, 1);
    await vi.advanceTimersByTimeAsync(0);
    one.finish();
    await one.done;
    expect(vi.getTimerCount()).toBe(0);
    const two = blockingJobs(pool, 2);
    await vi.advanceTimersByTimeAsync(0);
    two.finish();
    await two.done;
    expect(vi.getTimerCount()).toBe(1);
    pool.terminate();
    expect(vi.getTimerCount()).toBe(0);
    expect(workers.alive()).toBe(0);
  });
});
