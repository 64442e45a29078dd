// The assignment audit (docs/assignment-audit.md): while exposures are read, each unit's arm in the data
// is compared with the arm the flag's bucketing gives its key. Counts only, in maps whose size is set
// by the flag (arms, versions, reasons) or the window (hours), plus a bounded list of example keys: no
// per-unit list. A unit is judged once, on the first exposure read for it; a later exposure in another
// arm counts as a reassignment (and the unit lands among the units in several arms).
import { bucket32, bucketPrefix, sliceForBucket, sliceForBucket32 } from '../bucketing/bucket.ts';
import { BucketHasher } from '../bucketing/bucket-hasher.ts';
import { inRanges } from '../bucketing/ranges.ts';
import { decodeLossless } from './bytes.ts';
import { REASON_ABSENT, REASON_KINDS, type ParsedEvent } from './parsed-event.ts';
import {
  AUDIT_EXAMPLES,
  type AssignmentAudit,
  type AssignmentConfig,
  type AuditCounts,
  type AuditExample,
} from './types.ts';
import type { UnitTable } from './unit-table.ts';

const HOUR = 3_600_000;

const enum Outcome {
  Match,
  Mismatch,
  Ambiguous,
  OutsideAllocation,
  UntrackedVariation,
}
const OUTCOMES = 5;
const EXAMPLE_KIND = [
  '',
  'mismatch',
  'ambiguous',
  'outsideAllocation',
  'untrackedVariation',
] as const;

/** How an exposure changed its unit (see ExperimentAggregator.expose). */
export const enum ExposureChange {
  NewUnit,
  SameArm,
  OtherArm,
  AlreadySeveral,
}

/** Distinct reasons kept apart; more fall into "other". */
const MAX_REASONS = 64;
const MAX_VERSION_PAIRS = 256;

function tally(): Float64Array {
  return new Float64Array(OUTCOMES);
}

function countsOf(t: Float64Array): AuditCounts {
  return {
    units: t[0] + t[1] + t[2] + t[3] + t[4],
    matches: t[Outcome.Match],
    mismatches: t[Outcome.Mismatch],
    ambiguous: t[Outcome.Ambiguous],
    outsideAllocation: t[Outcome.OutsideAllocation],
    untrackedVariation: t[Outcome.UntrackedVariation],
  };
}

function tallyIn<K>(map: Map<K, Float64Array>, key: K): Float64Array {
  let t = map.get(key);
  if (t === undefined) map.set(key, (t = tally()));
  return t;
}

/** The version as stored in a unit's audit word: version + 1, or 0 when it has none that fits. */
function versionWord(version: number): number {
  return Number.isInteger(version) && version >= 0 && version < 0x7ffffffe ? version + 1 : 0;
}

const versionOfWord = (word: number): number | null => (word === 0 ? null : word - 1);

export class AssignmentAuditor {
  private readonly hasher: BucketHasher;
  private readonly slices: AssignmentConfig['rollout']['variations'];
  private readonly rollout: AssignmentConfig['rollout'];
  private readonly tracked = new Set<number>();
  private readonly totals = tally();
  private readonly arms = new Map<number, Float64Array>();
  private readonly expectedByArm = new Map<number, Map<number, number>>();
  private readonly versions = new Map<number, Float64Array>();
  private readonly reasons = new Map<number, Float64Array>();
  private readonly hours = new Map<number, Float64Array>();
  private readonly versionPairs = new Map<
    string,
    { from: number | null; to: number | null; units: number }
  >();
  private readonly layerOthers: NonNullable<AssignmentConfig['layer']>['others'];
  private readonly layerUnits: number[];
  private reassigned = 0;
  private reassignedAcrossVersions = 0;
  private readonly examples: Record<(typeof EXAMPLE_KIND)[number], AuditExample[]> = {
    '': [],
    mismatch: [],
    ambiguous: [],
    outsideAllocation: [],
    untrackedVariation: [],
  };

  constructor(
    private readonly flagKey: string,
    private readonly config: AssignmentConfig,
  ) {
    const { rollout, salt } = config;
    if (rollout.variations.length === 0)
      throw new RangeError('The flag rollout to audit against has no variations.');
    this.rollout = rollout;
    this.slices = rollout.variations;
    for (const slice of rollout.variations)
      if (slice.untracked !== true) this.tracked.add(slice.variation);
    this.layerOthers = config.layer?.others ?? [];
    this.layerUnits = this.layerOthers.map(() => 0);
    this.hasher = new BucketHasher(`${bucketPrefix(flagKey, salt, rollout.seed)}.`);
  }

  /** One qualifying exposure of `unit` (already in the unit table), `change` what it did to the unit. */
  observe(event: ParsedEvent, unit: number, change: ExposureChange, units: UnitTable): void {
    if (change === ExposureChange.SameArm || change === ExposureChange.AlreadySeveral) return;
    if (change === ExposureChange.OtherArm) return this.reassignment(event, unit, units);
    const bytes = event.unitBytes;
    if (bytes === null) return;
    units.setAuditWord(unit, versionWord(event.version));
    const bucket = this.hasher.bucketOf(bytes, event.unitStart, event.unitEnd);
    const slice64 = sliceForBucket(this.rollout, bucket);
    const slice32 = sliceForBucket32(this.rollout, bucket32(this.hasher.hash60));
    const expected = this.slices[slice64];
    const expected32 = this.slices[slice32];
    const variation = event.variation;
    let outcome: Outcome;
    if (!this.tracked.has(variation)) outcome = Outcome.UntrackedVariation;
    else if (
      slice64 !== slice32 &&
      (expected.variation !== expected32.variation ||
        (expected.untracked === true) !== (expected32.untracked === true)) &&
      (variation === expected.variation || variation === expected32.variation)
    )
      outcome = Outcome.Ambiguous;
    else if (expected.untracked === true) outcome = Outcome.OutsideAllocation;
    else outcome = variation === expected.variation ? Outcome.Match : Outcome.Mismatch;

    this.totals[outcome]++;
    if (outcome !== Outcome.UntrackedVariation)
      for (let k = 0; k < this.layerOthers.length; k++)
        if (inRanges(this.layerOthers[k].ranges, bucket)) this.layerUnits[k]++;
    tallyIn(this.arms, variation)[outcome]++;
    tallyIn(this.versions, Number.isFinite(event.version) ? event.version : -1)[outcome]++;
    tallyIn(this.reasons, this.reasonKey(event))[outcome]++;
    tallyIn(this.hours, Math.floor(event.time / HOUR))[outcome]++;
    if (outcome === Outcome.Mismatch) {
      let byExpected = this.expectedByArm.get(variation);
      if (byExpected === undefined) this.expectedByArm.set(variation, (byExpected = new Map()));
      byExpected.set(expected.variation, (byExpected.get(expected.variation) ?? 0) + 1);
    }
    if (outcome !== Outcome.Match) {
      const list = this.examples[EXAMPLE_KIND[outcome]];
      if (list.length < AUDIT_EXAMPLES)
        list.push({
          unitKey: decodeLossless(bytes, event.unitStart, event.unitEnd),
          variation,
          expected: expected.variation,
          version: Number.isFinite(event.version) ? event.version : null,
        });
    }
  }

  /** A unit seen in a second arm: was it across flag versions? */
  private reassignment(event: ParsedEvent, unit: number, units: UnitTable): void {
    this.reassigned++;
    const from = versionOfWord(units.auditWordOf(unit));
    const to = versionOfWord(versionWord(event.version));
    if (from === to) return;
    this.reassignedAcrossVersions++;
    const key = `${from}→${to}`;
    const pair = this.versionPairs.get(key);
    if (pair !== undefined) pair.units++;
    else if (this.versionPairs.size < MAX_VERSION_PAIRS)
      this.versionPairs.set(key, { from, to, units: 1 });
  }

  /** Reason kind and rule index in one number (reasons beyond MAX_REASONS share one key). */
  private reasonKey(event: ParsedEvent): number {
    const key = (event.reasonKind + 2) * 0x10000 + Math.min(event.ruleIndex + 1, 0xffff);
    return this.reasons.has(key) || this.reasons.size < MAX_REASONS ? key : -1;
  }

  result(): AssignmentAudit {
    const sorted = <K extends number>(map: Map<K, Float64Array>) =>
      [...map].sort((a, b) => a[0] - b[0]);
    return {
      ...countsOf(this.totals),
      config: { flagKey: this.flagKey, ...structuredClone(this.config) },
      arms: sorted(this.arms).map(([variation, t]) => ({
        variation,
        ...countsOf(t),
        expected: [...(this.expectedByArm.get(variation) ?? [])]
          .sort((a, b) => a[0] - b[0])
          .map(([expected, units]) => ({ variation: expected, units })),
      })),
      byVersion: sorted(this.versions).map(([version, t]) => ({
        version: version < 0 ? null : version,
        ...countsOf(t),
      })),
      byReason: sorted(this.reasons).map(([key, t]) => ({
        reason: reasonLabel(key),
        ...countsOf(t),
      })),
      byHour: sorted(this.hours).map(([hour, t]) => ({ hourStart: hour * HOUR, ...countsOf(t) })),
      ...(this.config.layer
        ? {
            layer: {
              key: this.config.layer.key,
              overlaps: this.layerOthers.map((other, k) => ({
                experimentKey: other.experimentKey,
                units: this.layerUnits[k],
              })),
            },
          }
        : {}),
      reassigned: {
        units: this.reassigned,
        acrossVersions: this.reassignedAcrossVersions,
        byVersions: [...this.versionPairs.values()].sort((a, b) => b.units - a.units),
      },
      examples: {
        mismatch: this.examples.mismatch,
        ambiguous: this.examples.ambiguous,
        outsideAllocation: this.examples.outsideAllocation,
        untrackedVariation: this.examples.untrackedVariation,
      },
    };
  }
}

function reasonLabel(key: number): string {
  if (key < 0) return 'other reasons';
  const kind = Math.floor(key / 0x10000) - 2;
  const rule = (key % 0x10000) - 1;
  const name = kind === REASON_ABSENT ? 'no reason' : kind >= 0 ? REASON_KINDS[kind] : 'other kind';
  return rule >= 0 ? `${name} rule ${rule}` : name;
}
