// Checks the request's shape before any work is scheduled. The values inside a metric (units,
// conversions, options) are the engine's to validate; its errors come back per metric.
import { ANALYSIS_DEFAULTS, analysisSizeProblem } from '../lib/analysis/defaults.ts';
import { fail, type WorkerResult } from '../lib/analysis/result.ts';

export function validateRequest(request: unknown): WorkerResult<never> | null {
  if (!isObject(request)) return invalid('request', 'must be an object');
  if (typeof request.viewKey !== 'string') return invalid('request.viewKey', 'must be a string');
  if (!Array.isArray(request.metrics)) return invalid('request.metrics', 'must be an array');
  for (let index = 0; index < request.metrics.length; index++) {
    const metric: unknown = request.metrics[index];
    const field = `request.metrics[${index}]`;
    if (!isObject(metric)) return invalid(field, 'must be an object');
    if (typeof metric.key !== 'string') return invalid(`${field}.key`, 'must be a string');
    if (!Array.isArray(metric.arms)) return invalid(`${field}.arms`, 'must be an array');
    if (!isObject(metric.options)) return invalid(`${field}.options`, 'must be an object');
  }
  const tooBig = requestSizeProblem(request.metrics as Record<string, unknown>[]);
  if (tooBig) return invalid('request', `This analysis ${tooBig}`);
  if (request.srm !== undefined) {
    const srm = request.srm;
    if (!isObject(srm)) return invalid('request.srm', 'must be an object');
    if (!Array.isArray(srm.looks))
      return invalid('request.srm.looks', 'must be an array of per-arm counts');
    if (!Array.isArray(srm.weights)) return invalid('request.srm.weights', 'must be an array');
  }
  return null;
}

/** The work of the whole request: the widest metric's arms, the most draws any metric asks for. */
function requestSizeProblem(metrics: Record<string, unknown>[]): string | null {
  let arms = 0;
  let draws: number | undefined;
  let monteCarlo = false;
  for (const metric of metrics) {
    arms = Math.max(arms, (metric.arms as unknown[]).length);
    const options = metric.options as Record<string, unknown>;
    if (options.method !== 'monte-carlo') continue;
    monteCarlo = true;
    const asked = typeof options.draws === 'number' ? options.draws : undefined;
    if (asked !== undefined) draws = Math.max(draws ?? 0, asked);
    else draws = Math.max(draws ?? 0, ANALYSIS_DEFAULTS.draws);
  }
  return analysisSizeProblem({
    method: monteCarlo ? 'monte-carlo' : 'exact',
    draws,
    arms,
    metrics: metrics.length,
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function invalid(field: string, message: string): WorkerResult<never> {
  return fail('invalid-input', `${field}: ${message}`, field);
}
