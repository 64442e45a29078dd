// Import of a flag from its JSON: either the SDK/evaluation shape (one environment: key, on, salt,
// variations as bare values, rules, fallthrough, offVariation, migration) or the REST shape
// (variations as {_id, value, name}, per-environment settings under "environments").

import { createFlagEnvironment } from './create.ts';
import type { Deps } from './ids.ts';
import { isObject, JsonReader, type JsonObject } from './json-reader.ts';
import type {
  Flag,
  FlagEnvironment,
  FlagKind,
  FlagVariation,
  JsonValue,
  Rollout,
  Serve,
  TargetingRule,
  WeightedVariation,
} from './types.ts';
import { refuse, succeed, type Result, type Violation } from './violation.ts';

export type FlagImportOptions = {
  deps: Deps;
  /** Needed for the SDK shape, which describes one environment. */
  environmentKey?: string;
  kind?: FlagKind;
};

export type FlagImport = { flag: Flag; warnings: Violation[] };

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);

function readRollout(reader: JsonReader, raw: JsonObject, path: string): Rollout | undefined {
  const items = reader.list(raw, 'variations', path, true);
  if (!items) return undefined;
  const variations: WeightedVariation[] = [];
  items.forEach((item, i) => {
    const at = `${join(path, 'variations')}[${i}]`;
    if (!isObject(item)) return reader.fail('invalid-field', at, `${at} must be an object.`);
    const variation = reader.number(item, 'variation', at, true);
    const weight = reader.number(item, 'weight', at, true);
    if (variation === undefined || weight === undefined) return;
    const untracked = item.untracked === true || item._untracked === true;
    variations.push(untracked ? { variation, weight, untracked } : { variation, weight });
  });
  const seed = reader.number(raw, 'seed', path);
  return {
    kind: raw.kind === 'experiment' ? 'experiment' : 'rollout',
    seed: seed === undefined ? null : Math.trunc(seed),
    variations,
  };
}

function readServe(reader: JsonReader, raw: JsonObject, path: string): Serve | undefined {
  if (typeof raw.variation === 'number') return { variation: raw.variation };
  const rolloutRaw = reader.object(raw, 'rollout', path);
  if (rolloutRaw) {
    const rollout = readRollout(reader, rolloutRaw, `${join(path, 'rollout')}`);
    return rollout && { rollout };
  }
  reader.fail('missing-field', path, `${path} serves neither a variation nor a rollout.`);
  return undefined;
}

function readEnvironment(
  reader: JsonReader,
  raw: JsonObject,
  path: string,
  kind: FlagKind,
): FlagEnvironment {
  const env = createFlagEnvironment(kind);
  const on = reader.boolean(raw, 'on', path);
  if (on === undefined)
    reader.warn(
      'defaulted',
      `${join(path, 'on')}`,
      `${join(path, 'on')} is missing; the flag is taken as ${env.on ? 'on' : 'off'}.`,
    );
  else env.on = on;
  (reader.list(raw, 'rules', path) ?? []).forEach((ruleRaw, i) => {
    const at = `${join(path, 'rules')}[${i}]`;
    if (!isObject(ruleRaw)) return reader.fail('invalid-field', at, `${at} must be an object.`);
    const id =
      typeof ruleRaw._id === 'string' ? ruleRaw._id : reader.string(ruleRaw, 'id', at, true);
    const serve = readServe(reader, ruleRaw, at);
    if (id === undefined || serve === undefined) return;
    const rule: TargetingRule = {
      id,
      description: typeof ruleRaw.description === 'string' ? ruleRaw.description : '',
      clauses: Array.isArray(ruleRaw.clauses)
        ? (structuredClone(ruleRaw.clauses) as JsonValue[])
        : [],
      serve,
    };
    env.rules.push(rule);
  });
  const fallthroughRaw = reader.object(raw, 'fallthrough', path);
  if (fallthroughRaw) {
    const serve = readServe(reader, fallthroughRaw, `${join(path, 'fallthrough')}`);
    if (serve) env.fallthrough = serve;
  } else {
    reader.warn(
      'defaulted',
      `${join(path, 'fallthrough')}`,
      `${join(path, 'fallthrough')} is missing; the default rule serves the first variation.`,
    );
  }
  env.offVariation = reader.number(raw, 'offVariation', path) ?? null;
  env.guardedRolloutActive = raw.guardedRolloutActive === true;
  env.progressiveRolloutActive = raw.progressiveRolloutActive === true;
  return env;
}

const label = (value: unknown) => {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
};

/** Imports a flag document. Unknown fields are ignored; missing required ones are reported by path. */
export function importFlagJson(doc: unknown, options: FlagImportOptions): Result<FlagImport> {
  const reader = new JsonReader();
  if (!isObject(doc)) {
    reader.fail('invalid-field', '', 'A flag document must be a JSON object.');
    return refuse(reader.errors);
  }
  const kind: FlagKind = options.kind ?? (doc._aiConfig === true ? 'ai-config' : 'flag');
  const key = reader.string(doc, 'key', '', true);
  const rawVariations = reader.list(doc, 'variations', '', true) ?? [];
  const isRest = isObject(doc.environments);

  const variations: FlagVariation[] = rawVariations.map((raw, i) => {
    if (isRest && isObject(raw)) {
      if (!('value' in raw))
        reader.fail(
          'missing-field',
          `variations[${i}].value`,
          `variations[${i}].value is missing.`,
        );
      const id = typeof raw._id === 'string' ? raw._id : options.deps.newId();
      const name = typeof raw.name === 'string' && raw.name ? raw.name : label(raw.value);
      return { id, name, value: structuredClone(raw.value ?? null) as JsonValue };
    }
    return { id: options.deps.newId(), name: label(raw), value: structuredClone(raw) as JsonValue };
  });

  const environments: Record<string, FlagEnvironment> = {};
  let salt: string | undefined;
  if (isRest) {
    for (const [envKey, envRaw] of Object.entries(doc.environments as JsonObject)) {
      const at = `environments.${envKey}`;
      if (!isObject(envRaw)) {
        reader.fail('invalid-field', at, `${at} must be an object.`);
        continue;
      }
      environments[envKey] = readEnvironment(reader, envRaw, at, kind);
      salt ??= typeof envRaw.salt === 'string' ? envRaw.salt : undefined;
    }
    salt ??= reader.string(doc, 'salt', '');
  } else if (!options.environmentKey) {
    reader.fail(
      'missing-field',
      'environmentKey',
      'This flag JSON describes one environment: choose which environment it belongs to.',
    );
  } else {
    environments[options.environmentKey] = readEnvironment(reader, doc, '', kind);
    salt = reader.string(doc, 'salt', '');
  }
  if (salt === undefined) {
    reader.warn(
      'missing-salt',
      'salt',
      'The flag has no salt: bucketing checks for rollouts without a seed will not match the SDKs.',
    );
  }
  if (reader.errors.length > 0 || key === undefined) return refuse(reader.errors);

  const now = options.deps.now();
  const isMigrationFlag =
    doc.purpose === 'migration' || isObject(doc.migration) || isObject(doc.migrationSettings);
  const flag: Flag = {
    id: options.deps.newId(),
    key,
    name: typeof doc.name === 'string' && doc.name ? doc.name : key,
    kind,
    variations,
    isMigrationFlag,
    salt: salt ?? '',
    environments,
    createdAt: now,
    updatedAt: now,
  };
  return succeed({ flag, warnings: reader.warnings });
}
