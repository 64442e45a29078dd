import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { parseArgs } from './sample-data.ts';

test('sample data goes to a git-ignored folder outside public/, which every build would ship', () => {
  expect(parseArgs([]).path).toBe('sample-data/data-export-sample.jsonl');
  expect(parseArgs(['--gzip']).path).toBe('sample-data/data-export-sample.jsonl.gz');
  expect(parseArgs([]).path.startsWith('public/')).toBe(false);
  const ignored = readFileSync('.gitignore', 'utf8').split('\n');
  expect(ignored).toContain('sample-data/');
});

test('an explicit path is kept', () => {
  expect(parseArgs(['out/x.jsonl', '--units', '10']).path).toBe('out/x.jsonl');
});
