// Guards the benchmark runner's output: the table puts every figure beside its baseline, --json prints
// exactly the contract's keys one object per line, unmet goals still exit 0 and a crash does not.
import { describe, expect, test } from 'vitest';
import { formatNumber, formatTable, toJsonLine } from './format.ts';
import { parseBenchArgs } from './options.ts';
import { exitCodeFor, runCases, type LocatedCase, type RunnerIO } from './runner.ts';
import type { BenchMeasurement } from './types.ts';

const fast: BenchMeasurement = {
  name: 'fake sampler, K=2',
  value: 12.5,
  unit: 'ms',
  baseline: 125,
  ratio: 10,
  goal: '≥ 8× baseline',
  met: true,
};
const slow: BenchMeasurement = {
  name: 'fake quadrature',
  value: 2.25,
  unit: 'ms/call',
  baseline: null,
  ratio: null,
  goal: '≤ 1 ms/call',
  met: false,
};

function fakeCase(
  id: string,
  runtime: 'node' | 'browser',
  run: () => Promise<BenchMeasurement[]>,
): LocatedCase {
  return { file: `${id}.ts`, benchCase: { id, runtime, run } };
}

function recordingIO(
  browserResult: BenchMeasurement[] = [],
): RunnerIO & { printed: string[]; logged: string[]; browserRuns: string[] } {
  const io = {
    printed: [] as string[],
    logged: [] as string[],
    browserRuns: [] as string[],
    print: (text: string) => io.printed.push(text),
    log: (message: string) => io.logged.push(message),
    openBrowserHost: async () => ({
      run: async (file: string, caseId: string) => {
        io.browserRuns.push(`${file}#${caseId}`);
        return browserResult;
      },
      close: async () => undefined,
    }),
  };
  return io;
}

describe('JSON lines', () => {
  test('carry exactly the contract keys, in order, and parse back to the measurement', () => {
    const line = toJsonLine({ ...fast, extra: 'dropped' } as BenchMeasurement);
    expect(line).not.toContain('\n');
    const parsed = JSON.parse(line);
    expect(Object.keys(parsed)).toEqual([
      'name',
      'value',
      'unit',
      'baseline',
      'ratio',
      'goal',
      'met',
    ]);
    expect(parsed).toEqual(fast);
  });

  test('a measurement without baseline keeps null baseline and ratio', () => {
    expect(JSON.parse(toJsonLine(slow))).toEqual(slow);
  });

  test('non-finite figures become null instead of invalid JSON', () => {
    expect(JSON.parse(toJsonLine({ ...fast, ratio: Number.POSITIVE_INFINITY })).ratio).toBeNull();
  });
});

describe('table', () => {
  test('shows value, baseline (with units), ratio, goal and ✓/✗ on each row', () => {
    const lines = formatTable([fast, slow]).split('\n');
    expect(lines[0]).toMatch(/^name\s+value\s+baseline\s+ratio\s+goal\s+met$/);
    expect(lines).toHaveLength(4);
    expect(lines[2]).toMatch(/fake sampler, K=2\s+12\.5 ms\s+125 ms\s+10×\s+≥ 8× baseline\s+✓/);
    expect(lines[3]).toMatch(/fake quadrature\s+2\.25 ms\/call\s+—\s+—\s+≤ 1 ms\/call\s+✗/);
    const valueColumn = lines[0].indexOf('value');
    expect(lines[2].indexOf('12.5')).toBe(valueColumn);
    expect(lines[3].indexOf('2.25')).toBe(valueColumn);
  });

  test('numbers are short and readable', () => {
    expect(formatNumber(1234567.8)).toBe('1,234,568');
    expect(formatNumber(0.123456)).toBe('0.123');
    expect(formatNumber(0.00001234)).toBe('1.23e-5');
    expect(formatNumber(null)).toBe('—');
  });
});

describe('options', () => {
  test('--json, --quick and --only <id> are understood', () => {
    expect(parseBenchArgs(['--json', '--quick', '--only', 'workers'])).toEqual({
      json: true,
      quick: true,
      only: 'workers',
    });
    expect(parseBenchArgs([])).toEqual({ json: false, quick: false, only: null });
    expect(parseBenchArgs(['--only=sampler']).only).toBe('sampler');
  });

  test('unknown options and a bare --only are usage errors', () => {
    expect(() => parseBenchArgs(['--fast'])).toThrow(/unknown option --fast/);
    expect(() => parseBenchArgs(['--only'])).toThrow(/needs a case id/);
  });
});

describe('runCases', () => {
  test('--json prints one parseable line per measurement and nothing else on the report stream', async () => {
    const io = recordingIO();
    const summary = await runCases(
      [fakeCase('fake', 'node', async () => [fast, slow])],
      { json: true, quick: true, only: null },
      io,
    );
    expect(io.printed.map((line) => JSON.parse(line))).toEqual([fast, slow]);
    expect(exitCodeFor(summary)).toBe(0);
  });

  test('unmet goals exit 0; a crashing case is reported, the others still run, and the exit code is 1', async () => {
    const io = recordingIO();
    const cases = [
      fakeCase('boom', 'node', async () => {
        throw new Error('sampler exploded');
      }),
      fakeCase('fine', 'node', async () => [slow]),
    ];
    const summary = await runCases(cases, { json: false, quick: false, only: null }, io);
    expect(summary.measurements).toEqual([slow]);
    expect(summary.crashed.map((crash) => crash.id)).toEqual(['boom']);
    expect(io.logged.join('\n')).toContain('sampler exploded');
    expect(io.printed).toHaveLength(1);
    expect(io.printed[0]).toContain('fake quadrature');
    expect(exitCodeFor(summary)).toBe(1);
    expect(exitCodeFor({ measurements: [slow], crashed: [] })).toBe(0);
  });

  test('browser cases go to the browser host by file and id; --only selects one case', async () => {
    const io = recordingIO([fast]);
    const cases = [
      fakeCase('in-node', 'node', async () => [slow]),
      fakeCase('in-browser', 'browser', async () => []),
    ];
    const summary = await runCases(cases, { json: true, quick: false, only: 'in-browser' }, io);
    expect(io.browserRuns).toEqual(['in-browser.ts#in-browser']);
    expect(summary.measurements).toEqual([fast]);
  });

  test('a malformed measurement counts as a crash; an unknown --only id too', async () => {
    const malformed = fakeCase('bad', 'node', async () => [
      { name: 'x', value: '3' } as unknown as BenchMeasurement,
    ]);
    expect(
      (await runCases([malformed], { json: true, quick: false, only: null }, recordingIO()))
        .crashed,
    ).toHaveLength(1);
    const unknown = await runCases(
      [malformed],
      { json: true, quick: false, only: 'nope' },
      recordingIO(),
    );
    expect(unknown.crashed[0].error).toContain('no such case');
  });
});
