// A Data Export file with what real ones have and the two-thread import must read as one thread does:
// malformed lines, a BOM, CRLF, a stray quote, metric events before their unit's exposure, duplicates
// far apart; and a spec that turns on slices, CUPED, a ratio metric and the assignment audit.
import { AUDIT_ROLLOUT, AUDIT_SALT } from '../../../test/support/misassigned-export.ts';
import { generateSampleLines, SAMPLE_EXPERIMENT, type SampleOptions } from './sample-data.ts';
import { seededRandom } from './seeded-random.ts';
import type { ExperimentSpec } from './types.ts';

const SLICES: SampleOptions['sliceAttributes'] = [
  { name: 'country', values: ['US', 'FR', 'DE'], weights: [5, 3, 2], liftByValue: { US: 0.5 } },
  { name: 'plan', values: ['free', 'pro'], weights: [3, 1] },
];

export const MESSY_SPEC: ExperimentSpec = {
  ...SAMPLE_EXPERIMENT,
  metrics: [
    ...SAMPLE_EXPERIMENT.metrics,
    {
      key: 'revenue-per-signup',
      eventKey: 'purchase',
      denominatorEventKey: 'signup',
      kind: 'ratio',
      aggregation: 'sum',
    },
  ],
  covariateDays: 2,
  sliceAttributes: ['country', 'plan'],
  assignment: { salt: AUDIT_SALT, rollout: AUDIT_ROLLOUT },
};

/** Sample lines made messy, deterministically. */
export function messyExportLines(units: number, seed: number): string[] {
  const random = seededRandom(seed);
  const lines = [...generateSampleLines({ units, seed, sliceAttributes: SLICES })]
    .join('')
    .split('\n')
    .filter(Boolean);
  const metric = lines.filter((line) => line.includes('"custom"'));
  const out: string[] = [];
  // Metric events before anything else: before their unit's exposure in file order.
  for (let i = 0; i < 40; i++) out.push(metric[Math.floor(random() * metric.length)]);
  for (const line of lines) {
    out.push(random() < 0.3 ? `${line}\r` : line);
    const draw = random();
    if (draw < 0.004) out.push('not json at all');
    else if (draw < 0.008)
      out.push(line.slice(0, Math.floor(line.length / 2))); // truncated
    else if (draw < 0.012)
      out.push(line.replace('"kind"', '"kind""')); // a stray quote
    else if (draw < 0.014) out.push('[1, 2]');
    else if (draw < 0.016) out.push('   ');
    else if (draw < 0.03)
      // The same record again, far away: a duplicate across batches and read chunks.
      out.splice(Math.floor(random() * out.length), 0, line);
  }
  return out;
}

/** The lines as a file: a byte-order mark first, a newline last. */
export const messyExportText = (lines: string[]) => `\uFEFF${lines.join('\n')}\n`;
