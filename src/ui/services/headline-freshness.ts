// Whether the experiments list's headline still describes the experiment's latest data: one computed
// before the latest dataset was imported (or for another iteration) is recomputed.
export type HeadlineBasis = { iterationNumber: number; datasetCreatedAt: number };

export function headlineIsCurrent(
  headline: { at: number; iterationNumber: number } | undefined,
  latest: HeadlineBasis,
): boolean {
  return (
    headline !== undefined &&
    headline.iterationNumber === latest.iterationNumber &&
    headline.at >= latest.datasetCreatedAt
  );
}
