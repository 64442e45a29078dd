// A pool of Comlink workers with a FIFO job queue. Workers start lazily, one per job that finds no
// idle worker, up to the pool size, and after IDLE_SHRINK_MS with nothing to do the pool stops all
// but one (a page left open should not hold a worker per core). Each worker runs one job at a time,
// so cancelling a request drops its queued jobs outright and asks the workers running its jobs to stop.
import { wrap, type Endpoint, type Remote } from 'comlink';

/** A Web Worker, or anything that talks like one (tests use a MessagePort). */
export type WorkerLike = Endpoint & { terminate: () => void };

export const MAX_POOL_SIZE = 8;

/** After this long with no job running or queued, the pool stops every worker but one. */
export const IDLE_SHRINK_MS = 30_000;

/** Clamped to 1..MAX_POOL_SIZE. */
export function clampPoolSize(size: number): number {
  if (!Number.isFinite(size)) return 1;
  return Math.min(MAX_POOL_SIZE, Math.max(1, Math.floor(size)));
}

/** One worker per logical core the browser reports, clamped; 1 where nothing is reported. */
export function defaultPoolSize(): number {
  return clampPoolSize(globalThis.navigator?.hardwareConcurrency ?? 1);
}

export class WorkerPoolError extends Error {
  constructor(
    readonly code: 'aborted' | 'internal',
    message: string,
  ) {
    super(message);
    this.name = 'WorkerPoolError';
  }
}

type Cancellable = { cancel: (requestId: number) => void };

type Job<Api> = {
  requestId: number;
  call: (remote: Remote<Api>) => Promise<unknown>;
  settle: (outcome: { value: unknown } | { error: WorkerPoolError }) => void;
};

type Slot<Api> = { worker: WorkerLike; remote: Remote<Api>; job: Job<Api> | null };

export class WorkerPool<Api extends Cancellable> {
  readonly size: number;
  readonly #createWorker: () => WorkerLike;
  readonly #slots: Slot<Api>[] = [];
  readonly #queue: Job<Api>[] = [];
  readonly #idleMs: number;
  #idleTimer: ReturnType<typeof setTimeout> | null = null;
  #terminated = false;

  constructor(
    createWorker: () => WorkerLike,
    size: number = defaultPoolSize(),
    idleMs: number = IDLE_SHRINK_MS,
  ) {
    this.#createWorker = createWorker;
    this.size = clampPoolSize(size);
    this.#idleMs = idleMs;
  }

  /** Workers running now: 0 until the first job (the pool starts lazily), 1 after an idle spell. */
  get started(): number {
    return this.#slots.length;
  }

  /** Runs `call` on the next free worker. Rejects with WorkerPoolError when cancelled or the worker dies. */
  run<T>(requestId: number, call: (remote: Remote<Api>) => Promise<T>): Promise<T> {
    if (this.#terminated)
      return Promise.reject(new WorkerPoolError('internal', 'the worker pool was terminated'));
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      const job: Job<Api> = {
        requestId,
        call,
        settle: (outcome) => {
          if (settled) return;
          settled = true;
          if ('error' in outcome) reject(outcome.error);
          else resolve(outcome.value as T);
        },
      };
      this.#queue.push(job);
      this.#dispatch();
    });
  }

  /**
   * Drops the request's queued jobs (they reject with code 'aborted') and asks the workers running its
   * jobs to stop; those jobs settle when the worker returns, which keeps it marked busy until it is free.
   */
  cancel(requestId: number): void {
    const error = new WorkerPoolError('aborted', 'the analysis was cancelled');
    for (let index = this.#queue.length - 1; index >= 0; index--) {
      if (this.#queue[index].requestId === requestId)
        this.#queue.splice(index, 1)[0].settle({ error });
    }
    for (const slot of this.#slots) {
      if (slot.job?.requestId === requestId) slot.remote.cancel(requestId).catch(() => undefined);
    }
  }

  terminate(): void {
    this.#terminated = true;
    this.#cancelShrink();
    const error = new WorkerPoolError('internal', 'the worker pool was terminated');
    for (const job of this.#queue.splice(0)) job.settle({ error });
    for (const slot of this.#slots.splice(0)) {
      slot.job?.settle({ error });
      slot.worker.terminate();
    }
  }

  #dispatch(): void {
    while (this.#queue.length > 0) {
      const slot = this.#slots.find((candidate) => candidate.job === null) ?? this.#spawn();
      if (!slot) return;
      this.#start(slot, this.#queue.shift()!);
    }
  }

  #spawn(): Slot<Api> | null {
    if (this.#slots.length >= this.size) return null;
    const worker = this.#createWorker();
    const slot: Slot<Api> = { worker, remote: wrap<Api>(worker), job: null };
    worker.addEventListener('error', ((event: ErrorEvent) =>
      this.#fail(slot, event?.message)) as EventListener);
    worker.addEventListener('messageerror', () =>
      this.#fail(slot, 'a message could not be deserialised'),
    );
    this.#slots.push(slot);
    return slot;
  }

  #start(slot: Slot<Api>, job: Job<Api>): void {
    this.#cancelShrink();
    slot.job = job;
    Promise.resolve()
      .then(() => job.call(slot.remote))
      .then(
        (value) => job.settle({ value }),
        (error: unknown) => job.settle({ error: asPoolError(error) }),
      )
      .finally(() => {
        if (slot.job !== job) return;
        slot.job = null;
        this.#dispatch();
        this.#shrinkWhenIdle();
      });
  }

  /** Starts the idle clock once nothing runs or waits; any new job stops it. */
  #shrinkWhenIdle(): void {
    this.#cancelShrink();
    const busy = this.#queue.length > 0 || this.#slots.some((slot) => slot.job !== null);
    if (this.#terminated || busy || this.#slots.length <= 1) return;
    this.#idleTimer = setTimeout(() => {
      this.#idleTimer = null;
      for (const slot of this.#slots.splice(1)) slot.worker.terminate();
    }, this.#idleMs);
  }

  #cancelShrink(): void {
    if (this.#idleTimer === null) return;
    clearTimeout(this.#idleTimer);
    this.#idleTimer = null;
  }

  /** A worker that crashed is dropped; its job fails and the next job gets a fresh worker. */
  #fail(slot: Slot<Api>, reason: string | undefined): void {
    const index = this.#slots.indexOf(slot);
    if (index < 0) return;
    this.#slots.splice(index, 1);
    slot.worker.terminate();
    const job = slot.job;
    slot.job = null;
    job?.settle({
      error: new WorkerPoolError(
        'internal',
        `an analysis worker failed: ${reason ?? 'unknown error'}`,
      ),
    });
    this.#dispatch();
    this.#shrinkWhenIdle();
  }
}

function asPoolError(error: unknown): WorkerPoolError {
  if (error instanceof WorkerPoolError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new WorkerPoolError('internal', `an analysis worker call failed: ${message}`);
}
