// Each arm's posterior as a smooth, log-concave density on a working axis t where comparisons happen.
// Order is all that matters for "who is best", so any increasing map x → t will do:
// - normal: t = (x − centre) / scale, one affine map shared by all arms (keeps tolerances scale-free);
// - Beta: t = logit(x). On that axis the density is x^a (1−x)^b / B(a, b): smooth and finite for every
//   a, b > 0, so shapes ≤ 1 (infinite density at 0 or 1 in x) need no special treatment.
import {
  betaCdf,
  binomialDeviance,
  logBeta,
  normalCdf,
  stirlingCorrection,
} from '../special/index.ts';

export interface ArmCurve {
  /** Where the log-density peaks, and the curvature scale there (1/sqrt(−ℓ'')). */
  readonly mode: number;
  readonly scale: number;
  logDensity(t: number): number;
  /** Derivative of logDensity: decreasing, since the density is log-concave. */
  slope(t: number): number;
  /** P(T ≤ t) from a special function: called a few times per comparison, not per node. */
  cdf(t: number): number;
  /** The arm's mean on the original x axis. */
  readonly meanX: number;
}

const LOG_SQRT_2PI = 0.9189385332046728;
const LOG_2PI = 1.8378770664093456;

export class NormalCurve implements ArmCurve {
  readonly mode: number;
  readonly scale: number;
  readonly meanX: number;
  private readonly logNormaliser: number;

  /** mean and sd already on the working axis; meanX on the original axis. */
  constructor(mean: number, sd: number, meanX: number) {
    this.mode = mean;
    this.scale = sd;
    this.meanX = meanX;
    this.logNormaliser = -Math.log(sd) - LOG_SQRT_2PI;
  }

  logDensity(t: number): number {
    const z = (t - this.mode) / this.scale;
    return this.logNormaliser - 0.5 * z * z;
  }

  slope(t: number): number {
    return -(t - this.mode) / (this.scale * this.scale);
  }

  cdf(t: number): number {
    return normalCdf((t - this.mode) / this.scale);
  }
}

/** log(1 + e^t) without overflow or loss for large |t|. */
export function softplus(t: number): number {
  return t > 0 ? t + Math.log1p(Math.exp(-t)) : Math.log1p(Math.exp(t));
}

/** x = 1/(1 + e^{−t}). */
export function logistic(t: number): number {
  return 1 / (1 + Math.exp(-t));
}

export class LogitBetaCurve implements ArmCurve {
  readonly mode: number;
  readonly scale: number;
  readonly meanX: number;
  private readonly total: number;
  private readonly useDeviance: boolean;
  private readonly constant: number;

  constructor(
    readonly alpha: number,
    readonly beta: number,
  ) {
    const total = alpha + beta;
    this.total = total;
    this.mode = Math.log(alpha / beta);
    this.scale = Math.sqrt(1 / alpha + 1 / beta);
    this.meanX = alpha / total;
    // For large shapes a·ln x + b·ln y − ln B cancels badly; Loader's deviance form does not:
    // ln[x^a y^b / B] = −bd0(a, n x) − bd0(b, n y) + ½ ln(a b / (2π n)) + δ(n) − δ(a) − δ(b).
    this.useDeviance = Math.min(alpha, beta) >= 10;
    this.constant = this.useDeviance
      ? 0.5 * (Math.log(alpha) + Math.log(beta) - Math.log(total) - LOG_2PI) +
        stirlingCorrection(total) -
        stirlingCorrection(alpha) -
        stirlingCorrection(beta)
      : -logBeta(alpha, beta);
  }

  logDensity(t: number): number {
    if (this.useDeviance) {
      const x = logistic(t);
      const y = logistic(-t);
      return (
        this.constant -
        binomialDeviance(this.alpha, this.total * x) -
        binomialDeviance(this.beta, this.total * y)
      );
    }
    // ln x = −softplus(−t), ln y = −softplus(t)
    return this.constant - this.alpha * softplus(-t) - this.beta * softplus(t);
  }

  slope(t: number): number {
    return this.alpha - this.total * logistic(t);
  }

  cdf(t: number): number {
    return t > 0
      ? 1 - betaSfAt(t, this.alpha, this.beta)
      : betaCdf(logistic(t), this.alpha, this.beta);
  }
}

/** Upper tail at logit t via the mirrored Beta (1 − x computed from t, not by subtraction). */
function betaSfAt(t: number, alpha: number, beta: number): number {
  return betaCdf(logistic(-t), beta, alpha);
}
