// Generated Data Export files for the app's browser tests, moved in time so every event falls inside
// an iteration started "now", and optionally skewed (half of one arm's units dropped) for the SRM test.
import {
  generateSampleLines,
  SAMPLE_START,
  type SampleOptions,
} from '../../src/lib/ingest/sample-data.ts';

type Json = Record<string, unknown>;

function unitKeyOf(event: Json): string | undefined {
  const keys = event.contextKeys as Json | undefined;
  const context = event.context as Json | undefined;
  const user = event.user as Json | undefined;
  return (
    (keys?.user as string) ??
    (event.userKey as string) ??
    (user?.key as string) ??
    (context?.kind === 'multi' ? ((context.user as Json)?.key as string) : (context?.key as string))
  );
}

export type SampleFile = { text: string; shiftedStart: number };

export function sampleFile(options: {
  units: number;
  seed: number;
  startAfter: number;
  dropHalfOfArm?: number;
  /** Passed to the generator: days of exposures, and arm 1's fading signup lift. */
  days?: number;
  fadingLift?: number;
  /** Passed to the generator: a novelty effect by day since exposure. */
  noveltySinceExposure?: SampleOptions['noveltySinceExposure'];
  /** Passed to the generator: attributes in each unit's context, and one skewed slice. */
  sliceAttributes?: SampleOptions['sliceAttributes'];
  skewSlice?: SampleOptions['skewSlice'];
}): SampleFile {
  const offset = Math.ceil((options.startAfter - SAMPLE_START) / 3_600_000) * 3_600_000 + 3_600_000;
  const lines = [
    ...generateSampleLines({
      units: options.units,
      seed: options.seed,
      ...(options.days === undefined ? {} : { days: options.days }),
      ...(options.fadingLift === undefined ? {} : { fadingLift: options.fadingLift }),
      ...(options.noveltySinceExposure
        ? { noveltySinceExposure: options.noveltySinceExposure }
        : {}),
      ...(options.sliceAttributes ? { sliceAttributes: options.sliceAttributes } : {}),
      ...(options.skewSlice ? { skewSlice: options.skewSlice } : {}),
    }),
  ]
    .join('')
    .split('\n')
    .filter(Boolean);
  const records = lines.map((line) => JSON.parse(line) as Json);
  const eventOf = (record: Json) => ((record.event as Json | undefined) ?? record) as Json;
  const armOf = new Map<string, number>();
  for (const record of records) {
    const event = eventOf(record);
    const key = unitKeyOf(event);
    if (event.kind === 'feature' && event.key === 'new-checkout' && key && !armOf.has(key))
      armOf.set(key, event.variation as number);
  }
  const dropped = new Set<string>();
  if (options.dropHalfOfArm !== undefined) {
    let index = 0;
    for (const [key, arm] of armOf)
      if (arm === options.dropHalfOfArm && index++ % 2 === 0) dropped.add(key);
  }
  const out: string[] = [];
  for (const record of records) {
    const event = eventOf(record);
    const key = unitKeyOf(event);
    if (key && dropped.has(key)) continue;
    if (typeof event.creationDate === 'number') event.creationDate += offset;
    out.push(JSON.stringify(record));
  }
  return { text: out.join('\n') + '\n', shiftedStart: SAMPLE_START + offset };
}
