// One live query mirrored into Svelte state for the view that shows it (the store's `follow`).
import type { CredenceDb } from '../../lib/db/credence-db.ts';
import { workspace, type Subscribable } from './workspace.svelte.ts';

export class LiveMirror<T> {
  /** The query's latest value; the initial value until its first answer. */
  value = $state.raw() as T;
  /** True once the query answered. */
  loaded = $state(false);
  readonly #initial: T;

  constructor(initial: T) {
    this.#initial = initial;
    this.value = initial;
  }

  /** Starts following `query` (in an $effect; return the stop for its cleanup). */
  follow(query: (db: CredenceDb) => Subscribable<T>): () => void {
    this.value = this.#initial;
    this.loaded = false;
    return workspace.follow(query, (value) => {
      this.value = value;
      this.loaded = true;
    });
  }
}
