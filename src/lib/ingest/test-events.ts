// Builders for hand-made Data Export records in tests (not shipped code paths, no logic beyond shapes).
import { aggregateCsvEvents } from './csv-import.ts';
import { serveCsvParsing } from './csv-parser-service.ts';
import { seededRandom } from './seeded-random.ts';

export type Json = Record<string, unknown>;

export const FLAG = 'checkout-flag';

export function exposure(unit: string, variation: number, time: number, extra: Json = {}): Json {
  return {
    kind: 'feature',
    creationDate: time,
    contextKeys: { user: unit },
    context: { kind: 'user', key: unit },
    key: FLAG,
    value: variation === 0 ? 'old' : 'new',
    default: 'old',
    version: 4,
    variation,
    reason: { kind: 'RULE_MATCH', ruleIndex: 0, ruleId: 'rule-1', inExperiment: true },
    ...extra,
  };
}

export function track(
  unit: string,
  eventKey: string,
  time: number,
  metricValue?: number,
  extra: Json = {},
): Json {
  const event: Json = {
    kind: 'custom',
    creationDate: time,
    key: eventKey,
    contextKeys: { user: unit },
    data: { page: '/cart' },
  };
  if (metricValue !== undefined) event.metricValue = metricValue;
  return { ...event, ...extra };
}

export function envelope(event: Json): Json {
  return { project: 'proj-1', environment: 'env-1', event, version: 1 };
}

export function jsonLines(records: Json[]): string {
  return records.map((record) => JSON.stringify(record)).join('\n') + '\n';
}

export function file(text: string | Uint8Array, name: string): File {
  return new File([text as BlobPart], name);
}

/** A seeded shuffle so "shuffled" tests are reproducible. */
export function shuffled<T>(items: T[], seed: number): T[] {
  const random = seededRandom(seed);
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

/** Hands `bytes` to a streaming reader in pieces cut at `cuts` (ascending offsets), then finishes it. */
export function pushInPieces(
  reader: { push(chunk: Uint8Array): void; finish(): void },
  bytes: Uint8Array,
  cuts: number[],
): void {
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    reader.push(bytes.subarray(from, cut));
    from = cut;
  }
  reader.finish();
}

/**
 * Runs `job` with a port to a CSV parser served in this thread (as a worker would serve it), and
 * closes both ends after.
 */
export async function withCsvParser<T>(job: (port: MessagePort) => Promise<T>): Promise<T> {
  const { port1, port2 } = new MessageChannel();
  serveCsvParsing(port2);
  try {
    return await job(port1);
  } finally {
    port1.close();
    port2.close();
  }
}

/** The two ways an event-level CSV import can parse its rows: itself, or through a parser port. */
export const PARSING_MODES = [
  { name: 'parsed in this thread', importEvents: aggregateCsvEvents },
  {
    name: 'parsed through a parser port',
    importEvents: (...[sources, spec, mapping, options]: Parameters<typeof aggregateCsvEvents>) =>
      withCsvParser((parser) => aggregateCsvEvents(sources, spec, mapping, { ...options, parser })),
  },
];
