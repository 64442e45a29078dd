// The quick path's write: a new experiment, its first iteration and (when a file was read) its dataset,
// in one transaction, so a refused design leaves nothing behind.
import { checkSavable } from '../domain/design-rules.ts';
import type { Dataset, Experiment, Iteration } from '../domain/types.ts';
import type { CredenceDb } from './credence-db.ts';
import { inTransaction } from './design-store.ts';
import { DbError, ruleViolation } from './errors.ts';
import { repositories } from './repository.ts';

export function createExperimentWithData(
  db: CredenceDb,
  records: { experiment: Experiment; iteration: Iteration; dataset: Dataset | null },
): Promise<void> {
  const { experiment, iteration, dataset } = records;
  return inTransaction(
    db,
    ['flags', 'layers', 'holdouts', 'experiments', 'iterations', 'datasets'],
    async () => {
      const repos = repositories(db);
      const [flags, layers, holdouts, experiments] = await Promise.all([
        repos.flags.list(),
        repos.layers.list(),
        repos.holdouts.list(),
        repos.experiments.list(),
      ]);
      if (experiments.some((e) => e.key === experiment.key))
        throw new DbError(
          'duplicate-key',
          `An experiment with key “${experiment.key}” already exists.`,
          'Try again: a free key is chosen each time.',
        );
      const problems = checkSavable(experiment, {
        flags,
        layers,
        holdouts,
        experiments,
        iterations: [],
      });
      if (problems.length > 0) throw ruleViolation('The experiment cannot be saved', problems);
      await repos.experiments.put(experiment);
      await repos.iterations.put(iteration);
      if (dataset) await repos.datasets.put(dataset);
    },
  );
}
