// Property test over the CSV and JSON readers (issue #14): seeded random files with quoted cells that
// hold delimiters, quotes and line breaks, stray quotes, CRLF, a BOM, empty lines, invalid UTF-8,
// very long lines, truncated JSON and JSON with extra fields. Checked for each file:
//   - nothing is silently swallowed: every line is read, reported malformed, blank, or inside a
//     multi-line quoted field of a row that was read (and no line is two of these);
//   - the result does not depend on where the bytes are cut into chunks, nor (event-level CSV) on
//     whether rows are parsed in this thread or through a parser port;
//   - unit-level CSV with a pre-period column (CUPED): every row read, skipped or malformed as built,
//     the covariate sums equal to a count made here, at any chunk cuts.
import { describe, expect, it, vi } from 'vitest';
import { decodeUtf8, utf8 } from './bytes.ts';
import { CsvReader } from './csv-reader.ts';
import { aggregateCsvUnits } from './csv-import.ts';
import { aggregateExperimentData } from './json-import.ts';
import { JsonRecordSplitter } from './record-splitter.ts';
import { seededRandom } from './seeded-random.ts';
import { file, PARSING_MODES, pushInPieces } from './test-events.ts';
import type { ExperimentSpec } from './types.ts';

/** Cut points for the next imports' reading (null: the reader's own chunks). */
const chunking = vi.hoisted(() => ({ cuts: null as number[] | null, pieces: 0 }));
vi.mock('./read-source.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('./read-source.ts')>();
  async function* recut(...args: Parameters<typeof real.readSource>) {
    const cuts = chunking.cuts;
    if (cuts === null) return yield* real.readSource(...args);
    const parts: Uint8Array[] = [];
    for await (const chunk of real.readSource(...args)) parts.push(chunk.slice());
    const bytes = concat(parts);
    let from = 0;
    for (const cut of [...cuts.filter((at) => at < bytes.length), bytes.length]) {
      if (cut > from) {
        chunking.pieces++;
        yield bytes.subarray(from, cut);
      }
      from = cut;
    }
  }
  return { ...real, readSource: recut };
});

const FILES = 120;
/** Generous: the machine running the tests may be busy; one run takes a few seconds. */
const SLOW = 60_000;

type Random = () => number;
const pick = <T>(random: Random, items: readonly T[]): T =>
  items[Math.floor(random() * items.length)];
const chance = (random: Random, p: number) => random() < p;

function concat(parts: (string | Uint8Array)[]): Uint8Array {
  const chunks = parts.map((part) => (typeof part === 'string' ? utf8(part) : part));
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

const INVALID_UTF8 = [[0xff], [0xc3], [0xe6, 0x97], [0x80], [0xed, 0xa0, 0x80]].map((b) =>
  Uint8Array.from(b),
);

/** Text for inside a cell or a JSON string: letters, spaces, non-ASCII, sometimes invalid UTF-8. */
function text(random: Random, extra: readonly string[] = []): (string | Uint8Array)[] {
  const parts: (string | Uint8Array)[] = [];
  const length = chance(random, 0.02)
    ? 3000 + Math.floor(random() * 5000)
    : Math.floor(random() * 8);
  for (let i = 0; i < length; i++) {
    const r = random();
    if (r < 0.02) parts.push(pick(random, INVALID_UTF8));
    else if (r < 0.06) parts.push(pick(random, ['é', '日', '😀', ' ', '\t']));
    else if (r < 0.06 + extra.length * 0.03) parts.push(pick(random, extra));
    else parts.push(String.fromCharCode(97 + Math.floor(random() * 26)));
  }
  return parts;
}

/** Random cut points (ascending, inside the file). */
function cutsFor(random: Random, length: number): number[] {
  const count = Math.floor(random() * 6);
  const cuts = new Set<number>();
  for (let i = 0; i < count && length > 1; i++) cuts.add(1 + Math.floor(random() * (length - 1)));
  if (chance(random, 0.2)) for (let at = 1; at < Math.min(length, 40); at++) cuts.add(at);
  return [...cuts].sort((a, b) => a - b);
}

/** The lines of a file as byte ranges (a line is what ends in '\n', or the rest at the end). */
function lineRanges(bytes: Uint8Array): [number, number][] {
  const lines: [number, number][] = [];
  let start = 0;
  for (let i = 0; i < bytes.length; i++)
    if (bytes[i] === 0x0a) {
      lines.push([start, i]);
      start = i + 1;
    }
  if (start < bytes.length) lines.push([start, bytes.length]);
  return lines;
}

function isBlank(bytes: Uint8Array, [start, end]: [number, number], first: boolean): boolean {
  if (first && bytes[start] === 0xef && bytes[start + 1] === 0xbb && bytes[start + 2] === 0xbf)
    start += 3;
  if (end > start && bytes[end - 1] === 0x0d) end--;
  // A line of one empty field ('' or "") holds nothing: the reader passes over it as blank.
  return end === start || (end === start + 2 && bytes[start] === 0x22 && bytes[start + 1] === 0x22);
}

// ---------------------------------------------------------------- CSV

function csvCell(random: Random): (string | Uint8Array)[] {
  const r = random();
  if (r < 0.35) {
    // Quoted: may hold delimiters, doubled quotes and line breaks.
    return ['"', ...text(random, [',', '""', '\n', '\r\n', ';']), '"'];
  }
  if (r < 0.4) return [...text(random), '"', ...text(random)]; // a stray quote mid-cell
  if (r < 0.43) return ['"', ...text(random), '"', 'x']; // text after a closing quote
  if (r < 0.45) return ['"', ...text(random, [',', '\n'])]; // a quote that may never close
  return text(random);
}

function csvFile(random: Random): Uint8Array {
  const newline = chance(random, 0.4) ? '\r\n' : '\n';
  const parts: (string | Uint8Array)[] = [];
  if (chance(random, 0.2)) parts.push('\ufeff');
  parts.push('a,b,c', newline);
  const rows = 1 + Math.floor(random() * 25);
  for (let row = 0; row < rows; row++) {
    if (chance(random, 0.1)) {
      parts.push(newline); // an empty line
      continue;
    }
    const cells = 1 + Math.floor(random() * 4);
    for (let cell = 0; cell < cells; cell++) {
      if (cell > 0) parts.push(',');
      parts.push(...csvCell(random));
    }
    if (row < rows - 1 || chance(random, 0.7)) parts.push(newline);
  }
  return concat(parts);
}

type CsvReading = { rows: string[]; problems: string[]; covered: Map<number, string> };

function readCsv(bytes: Uint8Array, cuts: number[]): CsvReading {
  const rows: string[] = [];
  const problems: string[] = [];
  const covered = new Map<number, string>();
  const cover = (line: number, what: string) => {
    const before = covered.get(line);
    if (before !== undefined) throw new Error(`line ${line} is both ${before} and ${what}`);
    covered.set(line, what);
  };
  const reader = new CsvReader({
    onRow: (row) => {
      const cells = Array.from({ length: row.count }, (_, i) => row.text(i));
      rows.push(`${row.line}:${JSON.stringify(cells)}`);
      // The row spans its first line and one more per line break inside its quoted fields.
      let breaks = 0;
      for (let i = row.starts[0]; i < row.ends[row.count - 1]; i++)
        if (row.bytes[i] === 0x0a) breaks++;
      cover(row.line, 'a row');
      for (let k = 1; k <= breaks; k++) cover(row.line + k, `inside the row of line ${row.line}`);
    },
    onProblem: (line, reason) => {
      problems.push(`${line}!${reason}`);
      cover(line, `malformed (${reason})`);
    },
  });
  pushInPieces(reader, bytes, cuts);
  return { rows, problems, covered };
}

// ---------------------------------------------------------------- JSON Lines

type JsonLineKind = 'record' | 'malformed' | 'blank';

function jsonValue(random: Random, depth = 0): string {
  const r = random();
  if (r < 0.3) return String(Math.floor(random() * 1e6) / 100);
  if (r < 0.4) return pick(random, ['true', 'false', 'null']);
  if (r < 0.5 && depth < 2) {
    return `[${Array.from({ length: Math.floor(random() * 3) }, () => jsonValue(random, depth + 1)).join(',')}]`;
  }
  if (r < 0.6 && depth < 2) return jsonObject(random, depth + 1);
  const escapes = ['\\"', '\\\\', '\\n', '\\u00e9', '\\ud800', '}', '{', ']', '[', ','];
  return `"${decodeParts(text(random, escapes)).replaceAll('\t', '\\t')}"`; // a raw tab is not JSON
}

/** Parts as a latin1-safe string of bytes (invalid UTF-8 kept byte for byte). */
function decodeParts(parts: (string | Uint8Array)[]): string {
  return Array.from(concat(parts), (b) => String.fromCharCode(b)).join('');
}

function jsonObject(random: Random, depth = 0): string {
  // A unit from a small pool (some with invalid UTF-8 or escapes), exposed or buying.
  const unit = pick(random, ['u1', 'u\\u00e9', 'u\u00e9', 'u\u00ff', 'u\\ud800', 'u\\udc00']);
  const fields = chance(random, 0.5)
    ? ['"kind":"custom"', '"key":"purchase"', `"metricValue":${Math.floor(random() * 9)}`]
    : ['"kind":"feature"', '"key":"f"', `"variation":${Math.floor(random() * 2)}`];
  fields.push('"creationDate":1000', `"contextKeys":{"user":"${unit}"}`);
  if (chance(random, 0.2)) fields.push('"reason":{"kind":"FALLTHROUGH","inExperiment":true}');
  const extra = Math.floor(random() * 4);
  for (let i = 0; i < extra; i++) fields.push(`"extra${i}":${jsonValue(random, depth)}`);
  for (let i = fields.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [fields[i], fields[j]] = [fields[j], fields[i]];
  }
  return `{${fields.join(chance(random, 0.2) ? ' , ' : ',')}}`;
}

function jsonLinesFile(random: Random): { bytes: Uint8Array; kinds: JsonLineKind[] } {
  const newline = chance(random, 0.3) ? '\r\n' : '\n';
  const lines: string[] = [];
  const kinds: JsonLineKind[] = [];
  const count = 1 + Math.floor(random() * 25);
  for (let i = 0; i < count; i++) {
    const r = random();
    if (r < 0.1) {
      lines.push(pick(random, ['', ' ', '\t']));
      kinds.push('blank');
    } else if (r < 0.2) {
      const whole = jsonObject(random);
      lines.push(whole.slice(0, 1 + Math.floor(random() * (whole.length - 1)))); // truncated
      kinds.push('malformed');
    } else if (r < 0.25) {
      lines.push(pick(random, ['not json', 'x', '42', '"text"', 'null', 'true', '}']));
      kinds.push('malformed');
    } else {
      lines.push((chance(random, 0.1) ? '  ' : '') + jsonObject(random));
      kinds.push('record');
    }
  }
  const body = lines.join(newline) + (chance(random, 0.7) ? newline : '');
  const bytes = Uint8Array.from(body, (c) => c.charCodeAt(0));
  const withBom = chance(random, 0.2) ? concat([Uint8Array.of(0xef, 0xbb, 0xbf), bytes]) : bytes;
  return { bytes: withBom, kinds };
}

function splitJson(bytes: Uint8Array, cuts: number[]): string[] {
  const out: string[] = [];
  const splitter = new JsonRecordSplitter({
    onRecord: (b, start, end, line) => out.push(`${line}:${decodeUtf8(b, start, end)}`),
    onMalformed: (line, reason) => out.push(`${line}!${reason}`),
  });
  pushInPieces(splitter, bytes, cuts);
  return out;
}

// ---------------------------------------------------------------- properties

describe('reader fuzz: CSV', () => {
  it(
    `accounts for every line of ${FILES} random CSV files, at any chunk cuts`,
    () => {
      for (let seed = 1; seed <= FILES; seed++) {
        const random = seededRandom(seed);
        const bytes = csvFile(random);
        const whole = readCsv(bytes, []);
        const lines = lineRanges(bytes);
        const silent = lines
          .map((range, index) => ({ line: index + 1, range }))
          .filter(
            ({ line, range }) => !whole.covered.has(line) && !isBlank(bytes, range, line === 1),
          )
          .map(({ line }) => line);
        expect(silent, `seed ${seed}: lines neither read, reported nor blank`).toEqual([]);
        expect(
          Math.max(0, ...whole.covered.keys()),
          `seed ${seed}: lines past the end`,
        ).toBeLessThanOrEqual(lines.length);
        for (let round = 0; round < 3; round++) {
          const cuts = cutsFor(random, bytes.length);
          const cut = readCsv(bytes, cuts);
          expect([cut.rows, cut.problems], `seed ${seed}, cuts ${cuts.join(' ')}`).toEqual([
            whole.rows,
            whole.problems,
          ]);
        }
      }
    },
    SLOW,
  );
});

describe('reader fuzz: JSON Lines', () => {
  it(
    `reads, reports or skips as blank every line of ${FILES} random files, at any chunk cuts`,
    () => {
      for (let seed = 1; seed <= FILES; seed++) {
        const random = seededRandom(1000 + seed);
        const { bytes, kinds } = jsonLinesFile(random);
        const whole = splitJson(bytes, []);
        const found = kinds.map((): JsonLineKind => 'blank');
        for (const entry of whole) {
          const [, line, mark] = /^(\d+)([:!])/.exec(entry)!;
          const index = Number(line) - 1;
          const kind: JsonLineKind = mark === ':' ? 'record' : 'malformed';
          expect(found[index], `seed ${seed}: line ${line} read twice (${entry})`).toBe('blank');
          found[index] = kind;
        }
        expect(found, `seed ${seed}`).toEqual(kinds);
        const records = found.filter((kind) => kind === 'record').length;
        const malformed = found.filter((kind) => kind === 'malformed').length;
        const blank = found.filter((kind) => kind === 'blank').length;
        expect(records + malformed + blank).toBe(kinds.length);
        for (let round = 0; round < 3; round++) {
          const cuts = cutsFor(random, bytes.length);
          expect(splitJson(bytes, cuts), `seed ${seed}, cuts ${cuts.join(' ')}`).toEqual(whole);
        }
      }
    },
    SLOW,
  );
});

describe('reader fuzz: Data Export import', () => {
  it(
    'counts every record line read and every bad line malformed, with or without the fast path',
    async () => {
      const spec: ExperimentSpec = {
        flagKey: 'f',
        randomizationUnit: 'user',
        metrics: [{ key: 'spend', eventKey: 'purchase', kind: 'numeric', aggregation: 'sum' }],
      };
      let checked = 0;
      let exposed = 0;
      for (let seed = 1; seed <= 60; seed++) {
        const { bytes, kinds } = jsonLinesFile(seededRandom(1000 + seed));
        if (!kinds.includes('record')) continue; // a file of no record at all is refused whole
        const fast = await aggregateExperimentData([file(bytes, 'x.jsonl')], spec);
        const slow = await aggregateExperimentData(
          [file(bytes, 'x.jsonl')],
          spec,
          undefined,
          undefined,
          {
            disableFastPath: true,
          },
        );
        expect(fast, `seed ${seed}`).toEqual(slow);
        exposed += fast.arms.length;
        expect(
          [fast.diagnostics.recordsRead, fast.diagnostics.malformedCount],
          `seed ${seed}`,
        ).toEqual([
          kinds.filter((kind) => kind === 'record').length,
          kinds.filter((kind) => kind === 'malformed').length,
        ]);
        checked++;
      }
      expect(checked).toBeGreaterThan(40);
      expect(exposed, 'some files expose units').toBeGreaterThan(10);
    },
    SLOW,
  );
});

describe('found by the fuzz test', () => {
  it('a truncated line ending in a backslash inside a string does not take the next line with it', async () => {
    const bytes = utf8('{"a":["\\\n{"kind":"custom","key":"purchase","creationDate":1}\n');
    expect(splitJson(bytes, [])).toEqual([
      '1!line break inside a string (truncated record?)',
      '2:{"kind":"custom","key":"purchase","creationDate":1}',
    ]);
    const data = await aggregateExperimentData([file(bytes, 'x.jsonl')], {
      flagKey: 'f',
      randomizationUnit: 'user',
      metrics: [],
    });
    expect([data.diagnostics.recordsRead, data.diagnostics.malformedCount]).toEqual([1, 1]);
  });
});

describe('reader fuzz: event-level CSV import', () => {
  const spec: ExperimentSpec = {
    flagKey: 'checkout',
    randomizationUnit: 'user',
    metrics: [{ key: 'spend', eventKey: 'purchase', kind: 'numeric', aggregation: 'sum' }],
  };
  const mapping = {
    unitKey: 'context_key',
    timestamp: 'timestamp',
    flagKey: 'flag_key',
    variation: 'variation_id',
    eventKey: 'event_key',
    value: 'metric_value',
  };

  function eventCsv(random: Random): Uint8Array {
    const newline = chance(random, 0.4) ? '\r\n' : '\n';
    const parts: (string | Uint8Array)[] = [
      'flag_key,context_key,variation_id,event_key,metric_value,timestamp',
      newline,
    ];
    for (let row = 0; row < 40; row++) {
      const unit = chance(random, 0.1)
        ? ['"u', ...text(random, [',', '""', '\n']), '"']
        : [`u${Math.floor(random() * 8)}`];
      const time = `2026-01-01 10:${String(Math.floor(random() * 60)).padStart(2, '0')}:00`;
      const r = random();
      if (r < 0.4) parts.push('checkout,', ...unit, `,${Math.floor(random() * 2)},,,${time}`);
      else if (r < 0.8)
        parts.push(',', ...unit, `,,purchase,${Math.floor(random() * 100)},${time}`);
      else if (r < 0.85) parts.push(newline);
      else parts.push(...csvCell(random), ',', ...csvCell(random));
      parts.push(newline);
    }
    return concat(parts);
  }

  it(
    'gives the same result parsed in this thread or through a parser port',
    async () => {
      for (let seed = 1; seed <= 30; seed++) {
        const bytes = eventCsv(seededRandom(5000 + seed));
        const results = [];
        for (const mode of PARSING_MODES)
          results.push(await mode.importEvents([file(bytes, 'events.csv')], spec, mapping));
        expect(results[1], `seed ${seed}`).toEqual(results[0]);
      }
    },
    SLOW,
  );
});

describe('reader fuzz: unit-level CSV with a pre-period column', () => {
  const spec: ExperimentSpec = {
    flagKey: 'f',
    randomizationUnit: 'user',
    metrics: [{ key: 'spend', eventKey: 'purchase', kind: 'numeric', aggregation: 'sum' }],
  };
  const mapping = {
    unitKey: 'user',
    variation: 'arm',
    metrics: { spend: 'spend' },
    preMetrics: { spend: 'spend_pre' },
  };
  type Expected = {
    read: number;
    malformed: number;
    noUnit: number;
    missingPre: number;
    /** arm label → [units, Σx, Σx², Σxy] */
    arms: Map<string, number[]>;
  };

  /** A file of known rows: units quoted with commas, quotes and line breaks, good and bad cells. */
  function unitCsv(random: Random): { bytes: Uint8Array; expected: Expected } {
    const newline = chance(random, 0.4) ? '\r\n' : '\n';
    const parts: (string | Uint8Array)[] = [];
    if (chance(random, 0.3)) parts.push('\ufeff');
    parts.push('user,arm,spend,spend_pre', newline);
    const expected: Expected = { read: 0, malformed: 0, noUnit: 0, missingPre: 0, arms: new Map() };
    const rows = 1 + Math.floor(random() * 30);
    for (let row = 0; row < rows; row++) {
      const r = random();
      if (r < 0.08) {
        parts.push(newline); // a blank line
        continue;
      }
      const arm = pick(random, ['a', 'b', 'b, c']);
      const armCell = arm.includes(',') ? `"${arm}"` : arm;
      const y = chance(random, 0.15) ? null : Math.floor(random() * 200) / 4;
      if (r < 0.15) {
        parts.push(`,${armCell},${y ?? ''},1`, newline); // no unit key
        expected.noUnit++;
        continue;
      }
      // Unique units; some quoted with a delimiter, a doubled quote or a line break inside.
      const unit = chance(random, 0.3)
        ? ['"u', pick(random, [',', '""', '\n', '\r\n', ' ']), `${row}"`]
        : [`u${row}`];
      expected.read++;
      if (r < 0.27) {
        const bad = pick(random, ['abc', '"1,5"', '--1', 'x"y', '1e', 'maybe']);
        parts.push(...unit, `,${armCell},${y ?? ''},${bad}`, newline);
        expected.malformed++;
        continue;
      }
      const x = chance(random, 0.15) ? null : Math.floor(random() * 200) / 4;
      if (x === null) expected.missingPre++;
      parts.push(...unit, `,${armCell},${y ?? ''},${x ?? ''}`, newline);
      const sums = expected.arms.get(arm) ?? [0, 0, 0, 0];
      const [xv, yv] = [x ?? 0, y ?? 0];
      sums[0]++;
      sums[1] += xv;
      sums[2] += xv * xv;
      sums[3] += xv * yv;
      expected.arms.set(arm, sums);
    }
    return { bytes: concat(parts), expected };
  }

  it(
    'reads, skips or refuses every row as built, with the covariate sums counted here, at any cuts',
    async () => {
      let checked = 0;
      chunking.pieces = 0;
      try {
        for (let seed = 1; seed <= 40; seed++) {
          const random = seededRandom(9000 + seed);
          const { bytes, expected } = unitCsv(random);
          if (expected.arms.size === 0) continue; // no usable row: refused whole (unit-level.test.ts)
          chunking.cuts = null;
          const whole = await aggregateCsvUnits([file(bytes, 'units.csv')], spec, mapping);
          const { diagnostics } = whole;
          expect(
            [
              diagnostics.recordsRead,
              diagnostics.malformedCount,
              diagnostics.skipped['no-unit-key'] ?? 0,
              diagnostics.skipped['missing-pre-period:spend'] ?? 0,
            ],
            `seed ${seed}`,
          ).toEqual([expected.read, expected.malformed, expected.noUnit, expected.missingPre]);
          const found = new Map(
            whole.metrics.spend.map((arm) => [
              whole.armLabels![arm.variation],
              [arm.units, arm.covariateSum, arm.covariateSumSquares, arm.covariateCrossSum],
            ]),
          );
          expect(found, `seed ${seed}`).toEqual(expected.arms);
          for (let round = 0; round < 3; round++) {
            chunking.cuts = cutsFor(random, bytes.length);
            const cut = await aggregateCsvUnits([file(bytes, 'units.csv')], spec, mapping);
            expect(cut, `seed ${seed}, cuts ${chunking.cuts.join(' ')}`).toEqual(whole);
          }
          checked++;
        }
      } finally {
        chunking.cuts = null;
      }
      expect(checked).toBeGreaterThan(30);
      expect(chunking.pieces, 'the files were read in the pieces cut here').toBeGreaterThan(500);
    },
    SLOW,
  );
});
