import { adjustArm } from './adjust-arm.ts';
import type { ArmMoments } from './arm-moments.ts';
import type { DifferenceScale } from './types.ts';

/**
 * The difference and its variance. Relative differences divide by the unadjusted control mean's
 * absolute value (also under CUPED) and take their variance by the delta method; under CUPED the
 * control's gradient is taken at the unadjusted treatment mean, as gbstats does.
 */
export function effectMoments(
  control: ArmMoments,
  treatment: ArmMoments,
  theta: number,
  scale: DifferenceScale,
): { estimate: number; variance: number } {
  const a = adjustArm(control, theta);
  const b = adjustArm(treatment, theta);
  if (scale === 'absolute')
    return { estimate: b.mean - a.mean, variance: b.variance / b.units + a.variance / a.units };
  const base = control.mean;
  const estimate = (b.mean - a.mean) / Math.abs(base);
  const base2 = base * base;
  if (theta === 0 || control.covariate === null) {
    return {
      estimate,
      variance:
        b.variance / (b.units * base2) + (a.variance * b.mean * b.mean) / (a.units * base2 * base2),
    };
  }
  // Gradient of the lift in the control's (ȳ, x̄): (−ȳ_t / ȳ_c², θ / ȳ_c), ȳ_t unadjusted.
  const x = control.covariate;
  const ratio = treatment.mean / base;
  const controlPart =
    control.variance * ratio * ratio -
    2 * theta * x.covariance * ratio +
    theta * theta * x.variance;
  return { estimate, variance: b.variance / (b.units * base2) + controlPart / (a.units * base2) };
}
