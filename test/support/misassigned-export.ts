// A generated Data Export file for the assignment audit: units are put in the arm the flag's bucketing
// gives them, except a known set the generator moves on purpose (wrong arm in flag version 12, exposed
// though outside the allocation, exposed in the untracked variation, reassigned between versions), plus
// the float32-boundary keys of scripts/reference/float32-boundary-keys.py. The true arm is computed
// here with Node's SHA-1 and BigInt, independently of src/lib/bucketing. The ledger says what an audit
// must find.
import { createHash } from 'node:crypto';
import boundary from '../../src/lib/ingest/__fixtures__/float32-boundary-keys.json' with { type: 'json' };
import { seededRandom } from '../../src/lib/ingest/seeded-random.ts';

const HOUR = 3_600_000;

/** The flag the file was "served" by (SDK shape: importFlagJson reads it). */
export const AUDIT_FLAG_KEY = 'checkout-audit';
export const AUDIT_SALT = 'audit-salt';
export const AUDIT_ROLLOUT = boundary.rollout as {
  kind: 'experiment';
  seed: number;
  variations: { variation: number; weight: number; untracked?: boolean }[];
};

export function auditFlagJson(): Record<string, unknown> {
  return {
    key: AUDIT_FLAG_KEY,
    on: true,
    salt: AUDIT_SALT,
    variations: ['control', 'treatment', 'off'],
    rules: [],
    fallthrough: { rollout: AUDIT_ROLLOUT },
    offVariation: 2,
  };
}

export type AuditLedger = {
  units: number;
  matches: number;
  mismatches: number;
  ambiguous: number;
  outsideAllocation: number;
  untrackedVariation: number;
  mismatchesByVersion: Record<number, number>;
  /** Units in a wrong arm (mismatched, outside the allocation, untracked variation) per version. */
  wrongByVersion: Record<number, number>;
  unitsByVersion: Record<number, number>;
  mismatchKeys: string[];
  ambiguousKeys: string[];
  reassigned: number;
  /** Units exposed outside the experiment (inExperiment false): not audited. */
  notInExperiment: number;
};

/** The bucket as the 64-bit SDKs have it, from Node's SHA-1. */
function trueBucket(unitKey: string): number {
  const hex = createHash('sha1').update(`${AUDIT_ROLLOUT.seed}.${unitKey}`).digest('hex');
  return Number(BigInt(`0x${hex.slice(0, 15)}`)) / (2 ** 60 - 1);
}

function trueSlice(bucket: number): { variation: number; untracked: boolean } {
  let cumulative = 0;
  for (const slice of AUDIT_ROLLOUT.variations) {
    cumulative += slice.weight / 100_000;
    if (bucket < cumulative)
      return { variation: slice.variation, untracked: slice.untracked === true };
  }
  const last = AUDIT_ROLLOUT.variations.at(-1)!;
  return { variation: last.variation, untracked: last.untracked === true };
}

export type MisassignedOptions = {
  units: number;
  /** Share of version-12 units in the experiment put in the wrong arm. */
  wrongShare: number;
  start: number;
  seed?: number;
};

/**
 * JSON Lines text. Units 0…n/2 are first evaluated on flag version 11, the rest on 12; only version 12
 * misassigns. Every 20th unit outside the allocation is exposed anyway; every 499th in the experiment is
 * exposed in variation 2 (untracked); every 401st version-11 unit is exposed again on version 12 in the
 * other arm (reassigned).
 */
export function misassignedExport(options: MisassignedOptions): {
  text: string;
  ledger: AuditLedger;
} {
  const random = seededRandom(options.seed ?? 5);
  const ledger: AuditLedger = {
    units: 0,
    matches: 0,
    mismatches: 0,
    ambiguous: 0,
    outsideAllocation: 0,
    untrackedVariation: 0,
    mismatchesByVersion: { 11: 0, 12: 0 },
    wrongByVersion: { 11: 0, 12: 0 },
    unitsByVersion: { 11: 0, 12: 0 },
    mismatchKeys: [],
    ambiguousKeys: [],
    reassigned: 0,
    notInExperiment: 0,
  };
  const lines: string[] = [];
  let outsideUnits = 0;
  const evaluation = (
    key: string,
    variation: number,
    time: number,
    version: number,
    inExperiment: boolean,
  ) =>
    lines.push(
      JSON.stringify({
        kind: 'feature',
        creationDate: time,
        contextKeys: { user: key },
        key: AUDIT_FLAG_KEY,
        value: ['control', 'treatment', 'off'][variation],
        version,
        variation,
        reason: { kind: 'FALLTHROUGH', inExperiment },
      }),
    );
  const purchase = (key: string, time: number) =>
    lines.push(
      JSON.stringify({
        kind: 'custom',
        creationDate: time,
        contextKeys: { user: key },
        key: 'purchase',
        metricValue: Math.round(20 + 40 * random()),
      }),
    );
  for (let i = 0; i < options.units; i++) {
    const key = `unit-${i}`;
    const version = i < options.units / 2 ? 11 : 12;
    const time = options.start + (i % 48) * HOUR + 1000 + (i % 997);
    const slice = trueSlice(trueBucket(key));
    if (slice.untracked) {
      if (outsideUnits++ % 20 === 0) {
        evaluation(key, 0, time, version, true);
        ledger.outsideAllocation++;
        ledger.wrongByVersion[version]++;
        ledger.units++;
        ledger.unitsByVersion[version]++;
      } else {
        evaluation(key, slice.variation, time, version, false);
        ledger.notInExperiment++;
      }
      continue;
    }
    ledger.units++;
    ledger.unitsByVersion[version]++;
    if (i % 499 === 0) {
      evaluation(key, 2, time, version, true);
      ledger.untrackedVariation++;
      ledger.wrongByVersion[version]++;
      continue;
    }
    let variation = slice.variation;
    if (version === 12 && random() < options.wrongShare) {
      variation = 1 - slice.variation;
      ledger.mismatches++;
      ledger.mismatchesByVersion[12]++;
      ledger.wrongByVersion[12]++;
      ledger.mismatchKeys.push(key);
    } else ledger.matches++;
    evaluation(key, variation, time, version, true);
    evaluation(key, variation, time + 60_000, version, true);
    if (version === 11 && i % 401 === 0) {
      evaluation(key, 1 - variation, time + HOUR, 12, true);
      ledger.reassigned++;
    }
    if (random() < 0.3) purchase(key, time + 120_000);
  }
  // The float32-boundary keys, each in the variation the 32-bit SDKs give it on version 12.
  for (const edge of boundary.keys) {
    const variation = edge.variation32 === 2 ? edge.variation64 : edge.variation32;
    evaluation(edge.unitKey, variation, options.start + 2 * HOUR, 12, true);
    ledger.ambiguous++;
    ledger.units++;
    ledger.unitsByVersion[12]++;
    ledger.ambiguousKeys.push(edge.unitKey);
  }
  return { text: lines.join('\n') + '\n', ledger };
}
