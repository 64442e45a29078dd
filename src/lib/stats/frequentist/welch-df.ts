import type { AdjustedArm } from './adjust-arm.ts';

/** Welch–Satterthwaite degrees of freedom from the per-unit variances the test uses. */
export function welchDegreesOfFreedom(control: AdjustedArm, treatment: AdjustedArm): number {
  const a = control.variance / control.units;
  const b = treatment.variance / treatment.units;
  return (a + b) ** 2 / ((a * a) / (control.units - 1) + (b * b) / (treatment.units - 1));
}
