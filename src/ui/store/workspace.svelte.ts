// The page's view of the stored workspace: Dexie live queries mirrored into Svelte state. Every
// write goes through src/lib/db (which checks the rules in one transaction); the live queries then
// bring the new records here, in this tab and in any other.
import { openCredenceDb, type CredenceDb } from '../../lib/db/credence-db.ts';
import { DbError, toDbError } from '../../lib/db/errors.ts';
import { liveSettings, liveTable } from '../../lib/db/live.ts';
import { defaultWorkspaceSettings } from '../../lib/domain/create.ts';
import type {
  Dataset,
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
type Subscribable<T> = {
  subscribe(observer: { next: (value: T) => void; error: (error: unknown) => void }): unknown;
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
  datasets = $state.raw<Dataset[]>([]);
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
      let pending = 8;
      const loaded = () => {
        if (--pending === 0 && this.status === 'loading') this.status = 'ready';
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
      watch<Environment[]>(liveTable(db, 'environments'), (v) => (this.environments = v));
      watch<Flag[]>(liveTable(db, 'flags'), (v) => (this.flags = v));
      watch<Layer[]>(liveTable(db, 'layers'), (v) => (this.layers = v));
      watch<Holdout[]>(liveTable(db, 'holdouts'), (v) => (this.holdouts = v));
      watch<Experiment[]>(liveTable(db, 'experiments'), (v) => (this.experiments = v));
      watch<Iteration[]>(liveTable(db, 'iterations'), (v) => (this.iterations = v));
      watch<Dataset[]>(liveTable(db, 'datasets'), (v) => (this.datasets = v));
      watch<WorkspaceSettings>(liveSettings(db), (v) => (this.settings = v));
      return db;
    } catch (error) {
      this.#fail(toDbError(error));
      throw error;
    }
  }

  #fail(error: DbError): void {
    this.error = error;
    this.status = 'error';
  }

  /** Resolves once every live query delivered its first value. */
  async ready(): Promise<void> {
    await this.db();
    while (this.status === 'loading') await new Promise((resolve) => setTimeout(resolve, 20));
  }

  get openDb(): CredenceDb | null {
    return this.#db;
  }
}

export const workspace = new WorkspaceStore();
