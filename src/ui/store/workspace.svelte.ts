// The page's view of the stored workspace: Dexie live queries mirrored into Svelte state. Every
// write goes through src/lib/db (which checks the rules in one transaction); the live queries then
// bring the new records here, in this tab and in any other. Always mirrored: the small tables every
// screen and every design rule reads. Datasets (the large records) are followed only by the view that
// shows them (`follow`, `LiveMirror`): the list follows all, an experiment's page only its own.
import { openCredenceDb, type CredenceDb } from '../../lib/db/credence-db.ts';
import { DbError, toDbError } from '../../lib/db/errors.ts';
import {
  liveEnvironments,
  liveExperiments,
  liveFlags,
  liveHoldouts,
  liveLayers,
  liveSettings,
  liveTable,
} from '../../lib/db/live.ts';
import { defaultWorkspaceSettings } from '../../lib/domain/create.ts';
import type {
  Environment,
  Experiment,
  Flag,
  Holdout,
  Iteration,
  Layer,
  WorkspaceSettings,
} from '../../lib/domain/types.ts';
import type { WorkspaceView } from '../../lib/domain/workspace-view.ts';

type Status = 'loading' | 'ready' | 'error';
/** What a Dexie live query offers (structurally, so the UI does not import Dexie). */
export type Subscribable<T> = {
  subscribe(observer: { next: (value: T) => void; error: (error: unknown) => void }): {
    unsubscribe(): void;
  };
};

class WorkspaceStore {
  status = $state<Status>('loading');
  error = $state.raw<DbError | null>(null);
  environments = $state.raw<Environment[]>([]);
  flags = $state.raw<Flag[]>([]);
  layers = $state.raw<Layer[]>([]);
  holdouts = $state.raw<Holdout[]>([]);
  experiments = $state.raw<Experiment[]>([]);
  iterations = $state.raw<Iteration[]>([]);
  settings = $state.raw<WorkspaceSettings>(defaultWorkspaceSettings());
  view = $derived<WorkspaceView>({
    flags: this.flags,
    layers: this.layers,
    holdouts: this.holdouts,
    experiments: this.experiments,
    iterations: this.iterations,
  });

  #db: CredenceDb | null = null;
  #opening: Promise<CredenceDb> | null = null;
  #settle: () => void = () => {};
  /** Settles once every live query delivered its first value, or the store failed. */
  #settled = new Promise<void>((resolve) => (this.#settle = resolve));

  /** The open database; opens it and starts the live queries on first use. */
  db(): Promise<CredenceDb> {
    this.#opening ??= this.#open();
    return this.#opening;
  }

  async #open(): Promise<CredenceDb> {
    try {
      const db = await openCredenceDb(undefined, {
        onClosedByOtherTab: () =>
          this.#fail(
            new DbError(
              'closed-by-other-tab',
              'Another tab replaced or upgraded the stored workspace.',
              'Reload this tab.',
            ),
          ),
      });
      this.#db = db;
      let pending = 7;
      const loaded = () => {
        if (--pending > 0 || this.status !== 'loading') return;
        this.status = 'ready';
        this.#settle();
      };
      const watch = <T>(observable: Subscribable<T>, set: (value: T) => void) => {
        let first = true;
        observable.subscribe({
          next: (value) => {
            set(value);
            if (first) {
              first = false;
              loaded();
            }
          },
          error: (error) => this.#fail(toDbError(error)),
        });
      };
      watch<Environment[]>(liveEnvironments(db), (v) => (this.environments = v));
      watch<Flag[]>(liveFlags(db), (v) => (this.flags = v));
      watch<Layer[]>(liveLayers(db), (v) => (this.layers = v));
      watch<Holdout[]>(liveHoldouts(db), (v) => (this.holdouts = v));
      watch<Experiment[]>(liveExperiments(db), (v) => (this.experiments = v));
      watch<Iteration[]>(liveTable(db, 'iterations'), (v) => (this.iterations = v));
      watch<WorkspaceSettings>(liveSettings(db), (v) => (this.settings = v));
      return db;
    } catch (error) {
      this.#fail(toDbError(error));
      throw error;
    }
  }

  /**
   * Follows a live query for as long as a view needs it (call it in an $effect and return the stop):
   * `set` receives every value; an error goes to the storage alert like the store's own queries.
   */
  follow<T>(query: (db: CredenceDb) => Subscribable<T>, set: (value: T) => void): () => void {
    let stopped = false;
    let subscription: { unsubscribe(): void } | null = null;
    this.db().then(
      (db) => {
        if (stopped) return;
        subscription = query(db).subscribe({
          next: set,
          error: (error) => this.#fail(toDbError(error)),
        });
      },
      () => {}, // a database that cannot open is already reported by #open
    );
    return () => {
      stopped = true;
      subscription?.unsubscribe();
    };
  }

  #fail(error: DbError): void {
    this.error = error;
    this.status = 'error';
    this.#settle();
  }

  /** Resolves once every live query delivered its first value (or the store failed). */
  async ready(): Promise<void> {
    await this.db();
    await this.#settled;
  }

  get openDb(): CredenceDb | null {
    return this.#db;
  }
}

export const workspace = new WorkspaceStore();
