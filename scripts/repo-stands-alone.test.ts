// The repository stands alone: no tracked text file may send a reader (or a script) to a path outside
// it — the reference documents its methodology was written from, fixtures kept next to the checkout,
// or a folder on one machine. What the project needs is inside: the methodology and data rules in
// docs/, the flag platform's example files in test/fixtures/platform/. Temporary build folders belong
// in commands a person types, not in committed files (use os.tmpdir() in code).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// Spelled in pieces so that this file does not match itself.
const SHARED = 'shared';
const OUTSIDE_PATHS = [
  `../${SHARED}`,
  `${SHARED}/spec`,
  `${SHARED}/fixtures`,
  '/' + 'work/',
  '/' + 'tmp/',
];

/** Files allowed to name one of the paths, with the reason. None is needed today. */
const ALLOWED = new Map<string, string>();

function outsidePathsIn(text: string): string[] {
  return OUTSIDE_PATHS.filter((path) => text.includes(path));
}

function trackedFiles(): string[] {
  const out = execFileSync('git', ['ls-files', '-z'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  return out.split('\0').filter((file) => file !== '');
}

function isText(bytes: Buffer): boolean {
  return !bytes.subarray(0, 8000).includes(0);
}

describe('the repository stands alone', () => {
  it('recognises each outside path in a line of text', () => {
    expect(outsidePathsIn(`see ../${SHARED}/spec/statistics.md §2`)).toEqual([
      `../${SHARED}`,
      `${SHARED}/spec`,
    ]);
    expect(outsidePathsIn('CREDENCE_DIST=' + '/' + 'tmp/dist npx vitest')).toEqual(['/' + 'tmp/']);
    expect(outsidePathsIn('the docs/statistics.md page, shared by unit and browser tests')).toEqual(
      [],
    );
  });

  it('no tracked text file names a path outside the repository', () => {
    const files = trackedFiles();
    expect(files.length).toBeGreaterThan(100);
    const offenders: string[] = [];
    for (const file of files) {
      if (ALLOWED.has(file)) continue;
      let bytes: Buffer;
      try {
        bytes = readFileSync(file);
      } catch {
        continue; // deleted in the working tree but not yet from the index
      }
      if (!isText(bytes)) continue;
      const found = outsidePathsIn(bytes.toString('utf8'));
      if (found.length > 0) offenders.push(`${file}: ${found.join(', ')}`);
    }
    expect(offenders).toEqual([]);
  });
});
