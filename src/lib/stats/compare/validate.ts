// Input checks shared by the exact and Monte Carlo comparisons: bad input fails here, by name.
import { StatsInputError, type Direction, type Posterior } from '../types.ts';

export type ComparisonInput = { posteriors: Posterior[]; direction: Direction; control: number };

export function validateComparisonInput(input: ComparisonInput): 'normal' | 'beta' {
  if (input === null || typeof input !== 'object')
    throw new StatsInputError('input', 'must be an object');
  const { posteriors, direction, control } = input;
  if (!Array.isArray(posteriors) || posteriors.length === 0) {
    throw new StatsInputError('posteriors', 'must be a non-empty array');
  }
  if (direction !== 'higher' && direction !== 'lower') {
    throw new StatsInputError('direction', `must be 'higher' or 'lower', got ${String(direction)}`);
  }
  if (!Number.isInteger(control) || control < 0 || control >= posteriors.length) {
    throw new StatsInputError(
      'control',
      `must be an index into posteriors (0..${posteriors.length - 1}), got ${control}`,
    );
  }
  const family = posteriors[0]?.family;
  posteriors.forEach((posterior, index) => {
    const field = `posteriors[${index}]`;
    if (posterior === null || typeof posterior !== 'object')
      throw new StatsInputError(field, 'must be a posterior object');
    if (posterior.family !== family) {
      throw new StatsInputError(
        `${field}.family`,
        `mixed families in one comparison (${family} and ${String(posterior.family)})`,
      );
    }
    if (posterior.family === 'normal') {
      if (!Number.isFinite(posterior.mean))
        throw new StatsInputError(`${field}.mean`, `must be finite, got ${posterior.mean}`);
      if (!(Number.isFinite(posterior.sd) && posterior.sd > 0)) {
        throw new StatsInputError(`${field}.sd`, `must be finite and > 0, got ${posterior.sd}`);
      }
    } else if (posterior.family === 'beta') {
      if (!(Number.isFinite(posterior.alpha) && posterior.alpha > 0)) {
        throw new StatsInputError(
          `${field}.alpha`,
          `must be finite and > 0, got ${posterior.alpha}`,
        );
      }
      if (!(Number.isFinite(posterior.beta) && posterior.beta > 0)) {
        throw new StatsInputError(`${field}.beta`, `must be finite and > 0, got ${posterior.beta}`);
      }
    } else {
      throw new StatsInputError(
        `${field}.family`,
        `must be 'normal' or 'beta', got ${String((posterior as { family: unknown }).family)}`,
      );
    }
  });
  return family;
}

/**
 * The same comparison with higher-is-better: 'lower' mirrors every posterior (normal: negate the mean;
 * Beta(a, b) → Beta(b, a), i.e. x → 1 − x). Probabilities and losses are unchanged by the mirror.
 */
export function orientHigher(posteriors: Posterior[], direction: Direction): Posterior[] {
  if (direction === 'higher') return posteriors;
  return posteriors.map((posterior) =>
    posterior.family === 'normal'
      ? { family: 'normal', mean: -posterior.mean, sd: posterior.sd }
      : { family: 'beta', alpha: posterior.beta, beta: posterior.alpha },
  );
}

export type Comparison = {
  probabilityToBeBest: number[];
  probabilityToBeatControl: (number | null)[];
  expectedLoss: number[];
  standardErrors?: {
    probabilityToBeBest: number[];
    probabilityToBeatControl: (number | null)[];
    expectedLoss: number[];
  };
};
