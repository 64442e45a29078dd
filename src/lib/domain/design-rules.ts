// Rules on a design as it stands (docs/design-model.md#rules). Drafts may be incomplete, so saving is only
// refused for contradictions (SAVE_BLOCKING_CODES); starting an iteration needs every rule to pass.

import { effectiveAllocations, otherLayerReservations } from './allocation.ts';
import { DESIGN_LIMITS } from './text-limits.ts';
import { violation, type Violation } from './violation.ts';
import { DEFAULT_RULE, type Experiment, type Flag } from './types.ts';
import type { WorkspaceView } from './workspace-view.ts';
import {
  hasDenominator,
  isAggregation,
  isMetricKindName,
  metricKind,
} from '../metric-kinds/index.ts';

/** Codes that make even a draft unsavable: the design contradicts itself or its layer. */
export const SAVE_BLOCKING_CODES: readonly string[] = [
  'holdout-and-layer',
  'layer-over-reserved',
  'reservation-out-of-range',
  'text-too-long',
  // The importer refuses any other pre-period, so a stored one would break every later import.
  'covariate-days-out-of-range',
];

const TOLERANCE = 1e-6;

const percent = (x: number) => `${Math.round(x * 1000) / 1000}%`;

function inRange(x: number, low: number, high: number): boolean {
  return Number.isFinite(x) && x >= low && x <= high;
}

export function variationName(flag: Flag | undefined, variationId: string): string {
  return flag?.variations.find((v) => v.id === variationId)?.name ?? variationId;
}

function checkPlacement(experiment: Experiment, workspace: WorkspaceView, out: Violation[]): void {
  const { layer, holdoutId } = experiment;
  if (layer && holdoutId) {
    out.push(
      violation(
        'holdout-and-layer',
        'holdoutId',
        `An experiment can be in a holdout or in a layer, not both. Remove the holdout or take the experiment out of layer “${layer.layerKey}”.`,
      ),
    );
  }
  if (holdoutId && !workspace.holdouts.some((h) => h.id === holdoutId)) {
    out.push(
      violation(
        'unknown-holdout',
        'holdoutId',
        `Holdout “${holdoutId}” is not in this workspace. Import or create it, or remove it from the experiment.`,
      ),
    );
  }
  if (!layer) return;
  if (!(
    Number.isFinite(layer.reservationPercent) &&
    layer.reservationPercent > 0 &&
    layer.reservationPercent <= 100
  )) {
    out.push(
      violation(
        'reservation-out-of-range',
        'layer.reservationPercent',
        `The layer reservation must be more than 0% and at most 100%; it is ${layer.reservationPercent}%.`,
      ),
    );
    return;
  }
  const layerRecord = workspace.layers.find((l) => l.key === layer.layerKey);
  if (!layerRecord) {
    out.push(
      violation(
        'unknown-layer',
        'layer.layerKey',
        `Layer “${layer.layerKey}” is not in this workspace. Import or create it, or remove the experiment from it.`,
      ),
    );
    return;
  }
  const others = otherLayerReservations(
    experiment.key,
    layerRecord,
    experiment.environmentKey,
    workspace.experiments,
  );
  const othersTotal = others.reduce((sum, r) => sum + r.reservationPercent, 0);
  if (othersTotal + layer.reservationPercent > 100 + TOLERANCE) {
    out.push(
      violation(
        'layer-over-reserved',
        'layer.reservationPercent',
        `Layer “${layerRecord.name}” would be ${percent(othersTotal + layer.reservationPercent)} reserved in ${experiment.environmentKey}; reservations in a layer total at most 100%. Other experiments hold ${percent(othersTotal)}, so at most ${percent(Math.max(0, 100 - othersTotal))} is left.`,
      ),
    );
  }
}

function checkFlagAndAudience(
  experiment: Experiment,
  flag: Flag | undefined,
  out: Violation[],
): void {
  if (experiment.flagKey === null) return;
  if (!flag) {
    out.push(
      violation(
        'unknown-flag',
        'flagKey',
        `No flag or AI Config “${experiment.flagKey}” in this workspace. Import or create it first.`,
      ),
    );
    return;
  }
  if (flag.variations.length < 2) {
    out.push(
      violation(
        'flag-too-few-variations',
        'flagKey',
        `Flag “${flag.key}” has ${flag.variations.length} variation(s); an experiment needs a flag with at least two.`,
      ),
    );
  }
  const ruleId = experiment.audienceRuleId;
  const rules = flag.environments[experiment.environmentKey]?.rules ?? [];
  if (ruleId !== null && ruleId !== DEFAULT_RULE && !rules.some((r) => r.id === ruleId)) {
    out.push(
      violation(
        'unknown-audience-rule',
        'audienceRuleId',
        `Flag “${flag.key}” has no targeting rule “${ruleId}” in ${experiment.environmentKey}. Choose the default rule or one of the flag's rules.`,
      ),
    );
  }
  const outside = experiment.notInExperimentVariationId;
  if (outside !== null && !flag.variations.some((v) => v.id === outside)) {
    out.push(
      violation(
        'unknown-not-in-experiment-variation',
        'notInExperimentVariationId',
        `Flag “${flag.key}” has no variation “${outside}” to serve to units outside the experiment.`,
      ),
    );
  }
}

function checkArms(experiment: Experiment, flag: Flag | undefined, out: Violation[]): void {
  const { treatments } = experiment;
  if (treatments.length < 2) {
    out.push(
      violation(
        'too-few-arms',
        'treatments',
        `An experiment needs at least two variations; it has ${treatments.length}.`,
      ),
    );
  }
  const seen = new Set<string>();
  const names = new Set<string>();
  treatments.forEach((t, i) => {
    const name = t.name || variationName(flag, t.variationId);
    // Summary and CSV imports match arms by name, ignoring case: two arms with one name cannot be told apart.
    const folded = name.trim().toLowerCase();
    if (names.has(folded) && !seen.has(t.variationId)) {
      out.push(
        violation(
          'duplicate-arm-name',
          'treatments',
          `Two arms are named “${name}”; give each variation a distinct name (case is ignored when data is matched to arms).`,
        ),
      );
    }
    names.add(folded);
    if (seen.has(t.variationId)) {
      out.push(
        violation(
          'duplicate-arm',
          `treatments[${i}].variationId`,
          `Variation “${variationName(flag, t.variationId)}” is used by more than one arm.`,
        ),
      );
    }
    seen.add(t.variationId);
    if (flag && !flag.variations.some((v) => v.id === t.variationId)) {
      out.push(
        violation(
          'unknown-variation',
          `treatments[${i}].variationId`,
          `Arm “${name}” serves a variation that flag “${flag.key}” does not have.`,
        ),
      );
    }
    if (experiment.splitMode === 'custom' && !inRange(t.allocationPercent, 0, 100)) {
      out.push(
        violation(
          'allocation-out-of-range',
          `treatments[${i}].allocationPercent`,
          `Arm “${name}” has ${t.allocationPercent}% of the traffic; it must be between 0 and 100%.`,
        ),
      );
    }
  });
  if (experiment.splitMode === 'custom' && treatments.length > 0) {
    const total = effectiveAllocations(experiment).reduce((sum, x) => sum + x, 0);
    if (Math.abs(total - 100) > TOLERANCE) {
      out.push(
        violation(
          'split-not-100',
          'treatments',
          `A custom split must total 100%; these arms total ${percent(total)}.`,
        ),
      );
    }
  }
  if (treatments.length > 0) {
    if (experiment.controlVariationId === null) {
      out.push(
        violation(
          'no-control',
          'controlVariationId',
          'Choose the control: the variation the others are compared with.',
        ),
      );
    } else if (!treatments.some((t) => t.variationId === experiment.controlVariationId)) {
      out.push(
        violation(
          'control-not-an-arm',
          'controlVariationId',
          "The control must be one of the experiment's variations.",
        ),
      );
    }
  }
  if (!inRange(experiment.sampleSizePercent, 0, 100)) {
    out.push(
      violation(
        'sample-size-out-of-range',
        'sampleSizePercent',
        `The sample size must be between 0 and 100%; it is ${experiment.sampleSizePercent}%.`,
      ),
    );
  }
}

function checkMetrics(experiment: Experiment, out: Violation[]): void {
  const keys = new Set<string>();
  let primaries = 0;
  experiment.metrics.forEach((m, i) => {
    const label = m.name || m.key || `#${i + 1}`;
    if (!m.key)
      out.push(
        violation('metric-missing-key', `metrics[${i}].key`, `Metric “${label}” needs a key.`),
      );
    else if (keys.has(m.key))
      out.push(
        violation(
          'duplicate-metric',
          `metrics[${i}].key`,
          `Metric key “${m.key}” is used twice; each metric appears once.`,
        ),
      );
    keys.add(m.key);
    if (!m.eventKey)
      out.push(
        violation(
          'metric-missing-event-key',
          `metrics[${i}].eventKey`,
          `Metric “${label}” needs the event key it counts.`,
        ),
      );
    if (isMetricKindName(m.kind) && isAggregation(m.aggregation)) {
      const definition = metricKind(m.kind);
      if (!definition.aggregations.includes(m.aggregation))
        out.push(
          violation(
            'metric-aggregation-not-allowed',
            `metrics[${i}].aggregation`,
            `A ${definition.label.toLowerCase()} metric (“${label}”) is aggregated by ${definition.aggregations.join(' or ')}.`,
          ),
        );
      else if (hasDenominator(m) && !m.denominatorEventKey)
        out.push(
          violation(
            'metric-missing-denominator',
            `metrics[${i}].denominatorEventKey`,
            `Ratio metric “${label}” needs the event key of its denominator.`,
          ),
        );
    }
    checkGuardrailMargin(m, i, label, out);
    if (m.primary && ++primaries === 2) {
      out.push(
        violation(
          'multiple-primary-metrics',
          `metrics[${i}].primary`,
          'An experiment has one primary metric; make the others secondary.',
        ),
      );
    }
  });
  if (experiment.metrics.length > 0 && primaries === 0) {
    out.push(violation('no-primary-metric', 'metrics', 'Mark one metric as primary.'));
  }
}

function checkGuardrailMargin(
  metric: Experiment['metrics'][number],
  index: number,
  label: string,
  out: Violation[],
): void {
  const margin = metric.guardrailMargin;
  if (margin === undefined) return;
  const field = `metrics[${index}].guardrailMargin`;
  if (metric.primary)
    out.push(
      violation(
        'primary-with-margin',
        field,
        `Metric “${label}” is primary and has a guardrail margin; a metric is either the primary or a guardrail.`,
      ),
    );
  if (!(Number.isFinite(margin) && margin >= 0 && margin < DESIGN_LIMITS.maxGuardrailMargin))
    out.push(
      violation(
        'guardrail-margin-out-of-range',
        field,
        `The guardrail margin of “${label}” must be from 0% to less than 100% (e.g. 1 for “no worse than −1%”); it is ${Number.isFinite(margin) ? percent(margin * 100) : String(margin)}.`,
      ),
    );
}

function checkAttributes(experiment: Experiment, out: Violation[]): void {
  const { maxAttributes, maxAttributeChars } = DESIGN_LIMITS;
  const attributes = experiment.attributes;
  if (attributes.length > maxAttributes)
    out.push(
      violation(
        'too-many-attributes',
        'attributes',
        `Results can be sliced by at most ${maxAttributes} attributes; this design names ${attributes.length}. Remove ${attributes.length - maxAttributes}.`,
      ),
    );
  const seen = new Set<string>();
  attributes.forEach((name, i) => {
    const field = `attributes[${i}]`;
    if (name.trim() === '' || name !== name.trim())
      out.push(
        violation(
          'attribute-blank',
          field,
          `Attribute ${i + 1} is ${name.trim() === '' ? 'empty' : 'padded with spaces'}; write the attribute's name as it appears in the data.`,
        ),
      );
    else if (seen.has(name))
      out.push(violation('duplicate-attribute', field, `Attribute “${name}” is named twice.`));
    seen.add(name);
    checkLength(name, field, `Attribute ${i + 1}`, maxAttributeChars, out);
  });
}

function checkLength(text: string, field: string, label: string, max: number, out: Violation[]) {
  if (text.length > max) {
    out.push(
      violation(
        'text-too-long',
        field,
        `${label} has ${text.length.toLocaleString('en-US')} characters; at most ${max.toLocaleString('en-US')} fit in a design (and in a shared link). Shorten it by ${(text.length - max).toLocaleString('en-US')}.`,
      ),
    );
  }
}

function checkLimits(experiment: Experiment, out: Violation[]): void {
  const { maxNameChars, maxHypothesisChars, maxArms, maxMetrics } = DESIGN_LIMITS;
  checkLength(experiment.name, 'name', 'The name', maxNameChars, out);
  checkLength(experiment.hypothesis, 'hypothesis', 'The hypothesis', maxHypothesisChars, out);
  experiment.treatments.forEach((t, i) =>
    checkLength(t.name, 'treatments', `Arm ${i + 1}'s name`, maxNameChars, out),
  );
  experiment.metrics.forEach((m, i) => {
    checkLength(m.key, `metrics[${i}].key`, `Metric ${i + 1}'s key`, maxNameChars, out);
    checkLength(m.name, `metrics[${i}].name`, `Metric ${i + 1}'s name`, maxNameChars, out);
  });
  if (experiment.treatments.length > maxArms)
    out.push(
      violation(
        'too-many-arms',
        'treatments',
        `An experiment has at most ${maxArms} variations; this one has ${experiment.treatments.length}.`,
      ),
    );
  if (experiment.metrics.length > maxMetrics)
    out.push(
      violation(
        'too-many-metrics',
        'metrics',
        `An experiment has at most ${maxMetrics} metrics; this one has ${experiment.metrics.length}.`,
      ),
    );
}

/** Every violation of the design rules, for showing next to the fields (drafts included). */
export function checkDesign(experiment: Experiment, workspace: WorkspaceView): Violation[] {
  const out: Violation[] = [];
  const flag =
    experiment.flagKey === null
      ? undefined
      : workspace.flags.find((f) => f.key === experiment.flagKey);
  checkPlacement(experiment, workspace, out);
  checkFlagAndAudience(experiment, flag, out);
  checkArms(experiment, flag, out);
  checkMetrics(experiment, out);
  checkAttributes(experiment, out);
  checkLimits(experiment, out);
  checkCovariateDays(experiment, out);
  return out;
}

/** CUPED's pre-exposure window: absent (the import's default) or whole days from 0 (off) to 365. */
function checkCovariateDays(experiment: Experiment, out: Violation[]): void {
  const days = experiment.covariateDays;
  if (days === undefined || (Number.isInteger(days) && days >= 0 && days <= 365)) return;
  out.push(
    violation(
      'covariate-days-out-of-range',
      'covariateDays',
      'The CUPED pre-period is a whole number of days from 0 to 365 (0: no covariate).',
    ),
  );
}

/** The violations that refuse even saving a draft. */
export function checkSavable(experiment: Experiment, workspace: WorkspaceView): Violation[] {
  return checkDesign(experiment, workspace).filter((v) => SAVE_BLOCKING_CODES.includes(v.code));
}
