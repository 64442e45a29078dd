// A deterministic generator of realistic Data Export files (seeded PRNG, no Math.random): three arms
// with known true effects on a conversion metric and a numeric metric, plus the messy cases real
// exports have. It also keeps a ledger of what the analysis should find, computed from its own choices
// (not by running the importer), which the tests compare against.
import { seededRandom } from './seeded-random.ts';
import type { ExperimentSpec } from './types.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export const SAMPLE_START = Date.UTC(2026, 2, 2, 0, 0, 0);
export const SAMPLE_HOURS = 72;

export const SAMPLE_EXPERIMENT: ExperimentSpec = {
  flagKey: 'new-checkout',
  randomizationUnit: 'user',
  window: { start: SAMPLE_START, end: SAMPLE_START + SAMPLE_HOURS * HOUR },
  metrics: [
    { key: 'signup-rate', eventKey: 'signup', kind: 'conversion', aggregation: 'average' },
    { key: 'revenue-per-user', eventKey: 'purchase', kind: 'numeric', aggregation: 'sum' },
  ],
};

/** True effects: arm 1 lifts signups by 20% and order values by 10%; arm 2 changes nothing. */
export const SAMPLE_TRUTH = {
  signupRate: [0.1, 0.12, 0.1],
  purchaseProbability: 0.3,
  orderValueMean: [50, 55, 50],
  orderValueSd: 15,
};

export type SampleOptions = {
  units: number;
  seed?: number;
  /** records per yielded chunk */ batch?: number;
  /** Days the first exposures spread over (default 3, SAMPLE_HOURS). */
  days?: number;
  /**
   * A novelty effect: arm 1's signup lift is this (0.6: +60%) for a unit first exposed at the start,
   * falling linearly to none for one exposed at the end. Default: SAMPLE_TRUTH's steady lift.
   */
  fadingLift?: number;
  /**
   * A novelty effect by day since exposure: every unit signs up at the control's rate on a day drawn
   * evenly from 0 … `days` − 1 after its first exposure, and arm 1's units also at `lift` × that rate
   * on day 0 only. Arm 1's cumulative relative difference through day k is then lift · days / (k + 1).
   * (Signups may fall after the sample window's end; the ledger's window counts do not follow them.)
   */
  noveltySinceExposure?: { lift: number; days: number };
  /**
   * Attributes written into each unit's context (new and multi-context schemas; the old schema has no
   * context, so those units have no value). Values are drawn by weight. A value in `liftByValue` sets
   * arm 1's signup lift for its units (fading like `fadingLift` when that is given too); the first
   * attribute whose `liftByValue` names the unit's value wins.
   */
  sliceAttributes?: SliceAttributeOption[];
  /**
   * Draw the slicing attributes from a stream of their own, seeded with this: every other number of
   * the file is then as without attributes (only the contexts gain them). Default: the main stream.
   */
  attributeSeed?: number;
  /**
   * A broken assignment in one slice: of the units with `attribute` = `value` assigned to `arm`, only
   * `keepShare` stay in the file (the k-th such unit, k = 0, 1, …, stays when ⌊(k+1)·share⌋ > ⌊k·share⌋,
   * so exactly ⌊count·share⌋ stay). A dropped unit still draws its random numbers, so every other unit
   * is written exactly as without the skew.
   */
  skewSlice?: { attribute: string; value: string; arm: number; keepShare: number };
};

export type SliceAttributeOption = {
  name: string;
  values: string[];
  weights: number[];
  liftByValue?: Record<string, number>;
};

/** Arm 1's true signup rate for a unit first exposed at `fraction` (0..1) of the way through. */
export function fadingSignupRate(lift: number, fraction: number): number {
  return SAMPLE_TRUTH.signupRate[0] * (1 + lift * (1 - fraction));
}

export type SampleLedger = {
  /** Analysed units per arm, converted units per arm, and per-arm Σ and Σ² of per-unit revenue. */
  units: number[];
  converted: number[];
  revenueSum: number[];
  revenueSumSquares: number[];
  unitsInSeveralArms: number;
  duplicatesDropped: number;
  eventsBeforeExposure: number;
  eventsOutsideWindow: number;
  missingMetricValue: number;
  connectionTests: number;
  sampledEvents: number;
  legacyEvaluations: number;
  records: number;
};

export function emptyLedger(): SampleLedger {
  return {
    units: [0, 0, 0],
    converted: [0, 0, 0],
    revenueSum: [0, 0, 0],
    revenueSumSquares: [0, 0, 0],
    unitsInSeveralArms: 0,
    duplicatesDropped: 0,
    eventsBeforeExposure: 0,
    eventsOutsideWindow: 0,
    missingMetricValue: 0,
    connectionTests: 0,
    sampledEvents: 0,
    legacyEvaluations: 0,
    records: 0,
  };
}

type Unit = {
  key: string;
  schema: 'new' | 'old' | 'multi';
  attributes?: Record<string, string>;
};

function unitFields(unit: Unit, kind: 'feature' | 'custom'): Record<string, unknown> {
  if (unit.schema === 'old')
    return kind === 'feature' ? { userKey: unit.key } : { user: { key: unit.key } };
  if (unit.schema === 'multi') {
    return {
      contextKeys: { user: unit.key, device: `d-${unit.key}` },
      context: {
        kind: 'multi',
        user: { key: unit.key, name: 'Sam', ...unit.attributes },
        device: { key: `d-${unit.key}`, os: 'ios' },
      },
    };
  }
  return {
    contextKeys: { user: unit.key },
    context: { kind: 'user', key: unit.key, plan: 'free', ...unit.attributes },
  };
}

/**
 * Yields the file as text chunks of whole lines (JSON Lines, mixed envelopes and bare events, unsorted).
 * `ledger` is filled as generation proceeds and is complete once the generator is exhausted.
 */
export function* generateSampleLines(
  options: SampleOptions,
  ledger: SampleLedger = emptyLedger(),
): Generator<string> {
  const random = seededRandom(options.seed ?? 1);
  const attributeRandom =
    options.attributeSeed === undefined ? random : seededRandom(options.attributeSeed);
  const batch = options.batch ?? 2000;
  const { flagKey } = SAMPLE_EXPERIMENT;
  const hours = (options.days ?? SAMPLE_HOURS / 24) * 24;
  const end = SAMPLE_START + hours * HOUR;
  let pending: string[] = [];
  let eventId = 0;
  const emit = (event: Record<string, unknown>, bare = random() < 0.3) => {
    pending.push(
      JSON.stringify(
        bare ? event : { project: 'p-4f2a', environment: 'production', event, version: 1 },
      ),
    );
    ledger.records++;
  };
  const connectionTest = () => {
    emit({
      kind: 'feature',
      key: 'LaunchDarklyDataExportTestEvent',
      userKey: 'LaunchDarklyDataExportTestEvent',
      creationDate: SAMPLE_START,
      variation: 0,
      value: true,
      default: false,
    });
    ledger.connectionTests++;
  };
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  connectionTest();
  connectionTest();
  let skewMatches = 0;
  for (let i = 0; i < options.units; i++) {
    const schemaDraw = random();
    const unit: Unit = {
      key: i % 7 === 0 ? `user-${i}@example.com` : `user-${i}`,
      schema: schemaDraw < 0.08 ? 'old' : schemaDraw < 0.18 ? 'multi' : 'new',
    };
    const arm = Math.floor(random() * 3);
    const firstExposure = SAMPLE_START + HOUR + Math.floor(random() * (hours - 4) * HOUR);
    const severalArms = random() < 0.005;
    let armLift: number | undefined;
    if (options.sliceAttributes) {
      const attributes: Record<string, string> = Object.create(null);
      for (const attribute of options.sliceAttributes) {
        const value = drawByWeight(attribute, attributeRandom());
        attributes[attribute.name] = value;
        if (armLift === undefined && attribute.liftByValue && value in attribute.liftByValue)
          armLift = attribute.liftByValue[value];
      }
      if (unit.schema !== 'old') unit.attributes = attributes;
    }
    const skew = options.skewSlice;
    let dropped = false;
    if (skew && arm === skew.arm && unit.attributes?.[skew.attribute] === skew.value) {
      const k = skewMatches++;
      dropped = Math.floor((k + 1) * skew.keepShare) <= Math.floor(k * skew.keepShare);
    }
    const book = dropped ? emptyLedger() : ledger;
    const records: Record<string, unknown>[] = [];
    const evaluation = (
      variation: number,
      time: number,
      inExperiment: boolean | null,
      extra: Record<string, unknown> = {},
    ) => {
      const reason: Record<string, unknown> = { kind: 'RULE_MATCH', ruleIndex: 0, ruleId: 'r-exp' };
      if (inExperiment !== null) reason.inExperiment = inExperiment;
      records.push({
        kind: 'feature',
        creationDate: time,
        key: flagKey,
        ...unitFields(unit, 'feature'),
        value: variation !== 0,
        default: false,
        version: 12,
        variation,
        reason,
        ...extra,
      });
    };
    evaluation(arm, firstExposure, true);
    const evaluations = Math.floor(random() * 3);
    for (let k = 0; k < evaluations; k++)
      evaluation(arm, firstExposure + 1 + Math.floor(random() * 2 * HOUR), true);
    if (random() < 0.01) {
      evaluation(arm, firstExposure + 5, null);
      book.legacyEvaluations++;
    }
    if (random() < 0.01) {
      evaluation(arm, end + Math.floor(random() * HOUR), true);
      book.eventsOutsideWindow++;
    }
    if (severalArms) {
      evaluation((arm + 1) % 3, firstExposure + 10, true);
      book.unitsInSeveralArms++;
    }
    const custom = (
      key: string,
      time: number,
      value: number | undefined,
      extra: Record<string, unknown> = {},
    ) => {
      const event: Record<string, unknown> = {
        kind: 'custom',
        creationDate: time,
        key,
        ...unitFields(unit, 'custom'),
        data: { source: 'web' },
        ...extra,
      };
      if (value !== undefined) event.metricValue = value;
      records.push(event);
      return event;
    };
    if (!severalArms) {
      book.units[arm]++;
      const signupRate =
        armLift !== undefined && arm === 1
          ? options.fadingLift !== undefined
            ? fadingSignupRate(armLift, (firstExposure - SAMPLE_START) / (end - SAMPLE_START))
            : SAMPLE_TRUTH.signupRate[0] * (1 + armLift)
          : options.fadingLift !== undefined && arm === 1
            ? fadingSignupRate(
                options.fadingLift,
                (firstExposure - SAMPLE_START) / (end - SAMPLE_START),
              )
            : SAMPLE_TRUTH.signupRate[arm];
      const novelty = options.noveltySinceExposure;
      let signupDay = 0;
      let signsUp: boolean;
      if (novelty === undefined) signsUp = random() < signupRate;
      else {
        const base = SAMPLE_TRUTH.signupRate[0];
        const draw = random();
        signsUp = draw < (arm === 1 ? base * (1 + novelty.lift) : base);
        if (draw < base) signupDay = Math.floor(random() * novelty.days);
      }
      if (signsUp) {
        book.converted[arm]++;
        const signupTime = firstExposure + signupDay * DAY + Math.floor(random() * HOUR);
        const signup = custom('signup', signupTime, undefined, {
          id: `evt-${++eventId}`,
        });
        if (random() < 0.1) {
          records.push({ ...signup });
          book.duplicatesDropped++;
        }
      }
      let revenue = 0;
      if (random() < SAMPLE_TRUTH.purchaseProbability) {
        const purchases = 1 + Math.floor(random() * 3);
        for (let p = 0; p < purchases; p++) {
          const time = firstExposure + Math.floor(random() * 1.5 * HOUR);
          if (random() < 0.02) {
            custom('purchase', time, undefined);
            book.missingMetricValue++;
            continue;
          }
          const value = Math.max(
            1,
            Math.round(
              (SAMPLE_TRUTH.orderValueMean[arm] + SAMPLE_TRUTH.orderValueSd * normal()) * 100,
            ) / 100,
          );
          revenue += value;
          const purchase = custom('purchase', time, value);
          if (random() < 0.03) {
            records.push({ ...purchase });
            book.duplicatesDropped++;
          }
        }
      }
      book.revenueSum[arm] += revenue;
      book.revenueSumSquares[arm] += revenue * revenue;
      if (random() < 0.04) {
        custom('purchase', firstExposure - 1 - Math.floor(random() * HOUR), 20);
        book.eventsBeforeExposure++;
      }
      if (random() < 0.01) {
        custom('purchase', end + Math.floor(random() * HOUR), 30);
        book.eventsOutsideWindow++;
      }
    }
    if (random() < 0.05) custom('page-scroll', firstExposure + 100, undefined);
    if (random() < 0.1) {
      const sampled = random() < 0.5;
      records.push({
        kind: 'feature',
        creationDate: firstExposure,
        key: 'dark-mode',
        ...unitFields(unit, 'feature'),
        value: true,
        variation: 1,
        version: 3,
        ...(sampled ? { samplingRatio: 10 } : {}),
      });
      if (sampled) book.sampledEvents++;
    }
    if (i % 20 === 0)
      records.push({
        kind: 'identify',
        creationDate: firstExposure,
        ...(unit.schema === 'old'
          ? { user: { key: unit.key } }
          : { context: { kind: 'user', key: unit.key } }),
      });
    if (i % 50 === 0)
      records.push({
        kind: 'index',
        creationDate: firstExposure,
        user: { key: unit.key, custom: { groups: ['beta'] } },
      });
    // Within a unit the records are shuffled: metric events often come before the exposure in the file.
    for (let k = records.length - 1; k > 0; k--) {
      const j = Math.floor(random() * (k + 1));
      [records[k], records[j]] = [records[j], records[k]];
    }
    // A dropped unit still draws each record's envelope choice, so later units are unchanged.
    for (const record of records)
      if (dropped) random();
      else emit(record);
    if (i % 1000 === 999)
      emit({
        kind: 'summary',
        startDate: SAMPLE_START,
        endDate: end,
        features: {
          [flagKey]: {
            default: false,
            counters: [{ value: true, variation: 1, version: 12, count: 40 }],
          },
        },
      });
    if (pending.length >= batch) {
      yield pending.join('\n') + '\n';
      pending = [];
    }
  }
  connectionTest();
  if (pending.length > 0) yield pending.join('\n') + '\n';
}

function drawByWeight(attribute: SliceAttributeOption, draw: number): string {
  const total = attribute.weights.reduce((sum, weight) => sum + weight, 0);
  let cumulative = 0;
  for (const [index, value] of attribute.values.entries()) {
    cumulative += attribute.weights[index] ?? 0;
    if (draw * total < cumulative) return value;
  }
  return attribute.values[attribute.values.length - 1];
}
