// The sample generator's slicing options: attribute values in each unit's context, an arm-1 lift by
// slice, and one slice skewed (a share of one arm's units dropped), checked on the records it writes.
import { describe, expect, it } from 'vitest';
import { aggregateExperimentData } from './index.ts';
import { generateSampleLines, SAMPLE_EXPERIMENT, type SampleOptions } from './sample-data.ts';

type Json = Record<string, unknown>;

const SLICES: SampleOptions['sliceAttributes'] = [
  { name: 'country', values: ['US', 'FR', 'DE'], weights: [5, 3, 2], liftByValue: { US: 0.5 } },
  { name: 'plan', values: ['free', 'pro'], weights: [3, 1] },
];

function lines(options: SampleOptions): string[] {
  return [...generateSampleLines(options)].join('').split('\n').filter(Boolean);
}

/** The flag's exposures in file order: unit key, variation, and the context's attribute values. */
function exposures(text: string[]) {
  return text.flatMap((line) => {
    const record = JSON.parse(line) as Json;
    const event = ((record.event as Json | undefined) ?? record) as Json;
    if (event.kind !== 'feature' || event.key !== SAMPLE_EXPERIMENT.flagKey) return [];
    const context = event.context as Json | undefined;
    const attributes = (context?.kind === 'multi' ? context.user : context) as Json | undefined;
    const key = ((event.contextKeys as Json | undefined)?.user ?? event.userKey) as string;
    return [
      {
        key,
        variation: event.variation as number,
        country: attributes?.country as string | undefined,
        plan: attributes?.plan as string | undefined,
        line,
      },
    ];
  });
}

describe('sample data with slicing attributes', () => {
  it('writes each unit’s attribute values into its context, the same on every exposure', async () => {
    const text = lines({ units: 400, seed: 5, sliceAttributes: SLICES });
    const byUnit = new Map<string, { country?: string; plan?: string; arms: Set<number> }>();
    for (const exposure of exposures(text)) {
      const seen = byUnit.get(exposure.key);
      if (seen) {
        expect([exposure.country, exposure.plan]).toEqual([seen.country, seen.plan]);
        seen.arms.add(exposure.variation);
      } else
        byUnit.set(exposure.key, {
          country: exposure.country,
          plan: exposure.plan,
          arms: new Set([exposure.variation]),
        });
    }
    expect(byUnit.size).toBe(400);
    const countries = [...byUnit.values()].map((unit) => unit.country);
    // Every unit with a context has a country from the list; old-schema units (no context) have none.
    for (const country of countries) expect([undefined, 'US', 'FR', 'DE']).toContain(country);
    expect(countries.filter((c) => c === undefined).length).toBeLessThan(400 * 0.15);
    expect(countries.filter((c) => c === 'US').length).toBeGreaterThan(
      countries.filter((c) => c === 'DE').length,
    );

    // The importer finds the same units per slice and arm (units in one arm only).
    const data = await aggregateExperimentData([new Blob([text.join('\n') + '\n'])], {
      ...SAMPLE_EXPERIMENT,
      sliceAttributes: ['country'],
    });
    const breakdown = data.breakdowns?.find((b) => b.by === 'attribute');
    const counted = new Map<string, number[]>();
    for (const unit of byUnit.values()) {
      if (unit.arms.size !== 1) continue;
      const slice = unit.country ?? '(missing)';
      const units = counted.get(slice) ?? [0, 0, 0];
      units[[...unit.arms][0]]++;
      counted.set(slice, units);
    }
    const imported = new Map(
      (breakdown?.cells ?? []).map((cell) => [
        cell.group === 'missing' ? '(missing)' : cell.value,
        [0, 1, 2].map((v) => cell.arms.find((arm) => arm.variation === v)?.units ?? 0),
      ]),
    );
    expect(imported).toEqual(counted);
  });

  it('drops every other unit of the skewed slice’s arm and leaves every other line as it was', () => {
    const options: SampleOptions = { units: 60, seed: 8, sliceAttributes: SLICES };
    const plain = lines(options);
    const skewed = lines({
      ...options,
      skewSlice: { attribute: 'country', value: 'FR', arm: 1, keepShare: 0.5 },
    });
    // The FR units first exposed in arm 1, in the order generated (each unit's first exposure line).
    const firstSeen = new Map<string, ReturnType<typeof exposures>[number]>();
    for (const exposure of exposures(plain))
      if (!firstSeen.has(exposure.key)) firstSeen.set(exposure.key, exposure);
    const order = [...firstSeen.keys()].sort(
      (a, b) => Number(a.replace(/\D/g, '')) - Number(b.replace(/\D/g, '')),
    );
    const matching = order.filter((key) => {
      const unit = firstSeen.get(key)!;
      return unit.country === 'FR' && unit.variation === 1;
    });
    // Counted by hand on this seed: three FR units in arm 1; the 1st and 3rd go (k = 0, 2), one stays.
    expect(matching).toEqual(['user-15', 'user-17', 'user-57']);
    const dropped = new Set(matching.filter((_, k) => k % 2 === 0));
    const mentions = (line: string, key: string) =>
      line.includes(`"${key}"`) || line.includes(`"d-${key}"`);
    const kept = plain.filter((line) => ![...dropped].some((key) => mentions(line, key)));
    expect(skewed).toEqual(kept);
    const left = new Set(
      exposures(skewed)
        .filter((e) => e.country === 'FR' && e.variation === 1)
        .map((e) => e.key),
    );
    expect([...left]).toEqual(['user-17']);
  });
});
