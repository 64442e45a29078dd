// The latest answer to an async question, for a component's $effect. Each load supersedes the one
// before it: the old load's signal aborts and its answer is dropped, so a slow answer to an old
// question (an earlier link, another iteration) never overwrites the newer one.
export class AsyncValue<T> {
  /** The current load's answer; the initial value while it runs or when there is none. */
  value = $state.raw() as T;
  loading = $state(false);
  readonly #initial: T;
  #running: AbortController | null = null;

  constructor(initial: T) {
    this.#initial = initial;
    this.value = initial;
  }

  /**
   * Starts a load, dropping the running one and showing the initial value until the answer comes.
   * Rejects with the loader's error only while this load is still the current one.
   */
  async load(loader: (signal: AbortSignal) => Promise<T>): Promise<void> {
    this.cancel();
    const controller = new AbortController();
    this.#running = controller;
    this.loading = true;
    try {
      const value = await loader(controller.signal);
      if (this.#running === controller) this.value = value;
    } catch (error) {
      if (this.#running === controller) throw error;
    } finally {
      if (this.#running === controller) {
        this.#running = null;
        this.loading = false;
      }
    }
  }

  /** A value known without loading (just written, say): it supersedes any running load. */
  set(value: T): void {
    this.#running?.abort();
    this.#running = null;
    this.loading = false;
    this.value = value;
  }

  /** Drops the running load and goes back to the initial value. */
  cancel(): void {
    this.set(this.#initial);
  }
}
