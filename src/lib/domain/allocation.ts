import type { Experiment, Layer } from './types.ts';

/** Each arm's share in percent: equal splits divide 100 evenly whatever was stored. */
export function effectiveAllocations(
  design: Pick<Experiment, 'splitMode' | 'treatments'>,
): number[] {
  const n = design.treatments.length;
  if (design.splitMode === 'equal') return design.treatments.map(() => (n === 0 ? 0 : 100 / n));
  return design.treatments.map((t) => t.allocationPercent);
}

/**
 * Reservations of the other experiments in a layer for one environment: those recorded on the
 * layer (possibly experiments outside this workspace) and those of workspace experiments that name
 * the layer; a workspace experiment's own figure wins over a recorded one with the same key.
 */
export function otherLayerReservations(
  experimentKey: string,
  layer: Layer,
  environmentKey: string,
  experiments: Experiment[],
): { experimentKey: string; reservationPercent: number }[] {
  const byKey = new Map<string, number>();
  for (const r of layer.environments[environmentKey]?.reservations ?? [])
    byKey.set(r.experimentKey, r.reservationPercent);
  for (const e of experiments) {
    if (e.layer?.layerKey === layer.key && e.environmentKey === environmentKey)
      byKey.set(e.key, e.layer.reservationPercent);
  }
  byKey.delete(experimentKey);
  return [...byKey].map(([key, reservationPercent]) => ({
    experimentKey: key,
    reservationPercent,
  }));
}
