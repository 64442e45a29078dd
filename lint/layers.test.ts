import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import layers, { layerViolation, packageOf } from './layers.js';

function lint(filename: string, code: string): string[] {
  const linter = new Linter({ cwd: '/repo' });
  const messages = linter.verify(
    code,
    [
      {
        files: ['**/*.ts'],
        languageOptions: { sourceType: 'module' },
        plugins: { credence: layers },
        rules: { 'credence/layers': 'error' },
      },
    ],
    { filename: `/repo/${filename}` },
  );
  return messages.map((message) => message.message);
}

describe('the layers rule', () => {
  it('names the package of a path', () => {
    expect(packageOf('src/lib/share/snapshot.ts')).toBe('lib/share');
    expect(packageOf('src/lib/event-loop.ts')).toBe('lib');
    expect(packageOf('src/ui/results/model.ts')).toBe('ui');
    expect(packageOf('src/main.ts')).toBe('main');
    expect(packageOf('test/app.e2e.ts')).toBeNull();
  });

  it('fails an upward import: share into workers', () => {
    const errors = lint(
      'src/lib/share/snapshot-analysis.ts',
      "import { x } from '../../workers/analysis-client.ts';",
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/lib\/share may not import workers/);
  });

  it('fails an upward import: stats into ingest, and a dynamic import', () => {
    expect(lint('src/lib/stats/a.ts', "export * from '../ingest/index.ts';")).toHaveLength(1);
    expect(lint('src/lib/stats/a.ts', "const m = import('../domain/types.ts');")).toHaveLength(1);
  });

  it('fails an unlisted sideways import on one level', () => {
    expect(lint('src/lib/db/a.ts', "import '../share/index.ts';")[0]).toMatch(/sideways/);
    expect(lint('src/workers/a.ts', "import '../lib/db/index.ts';")[0]).toMatch(/sideways/);
  });

  it('passes downward, same-package, listed sideways and package imports', () => {
    expect(lint('src/ui/a.ts', "import '../workers/analysis-client.ts';")).toEqual([]);
    expect(lint('src/ui/pages/a.ts', "import '../../lib/stats/index.ts';")).toEqual([]);
    expect(lint('src/lib/ingest/a.ts', "import './csv-reader.ts';")).toEqual([]);
    expect(lint('src/lib/export/a.ts', "import '../share/index.ts';")).toEqual([]);
    expect(lint('src/lib/ingest/a.ts', "import '../event-loop.ts';")).toEqual([]);
    expect(lint('src/lib/stats/a.ts', "import { max } from 'd3-array';")).toEqual([]);
  });

  it('lets stored records use the analysis settings, never the reverse', () => {
    expect(lint('src/lib/domain/a.ts', "import '../analysis/settings.ts';")).toEqual([]);
    expect(lint('src/lib/analysis/a.ts', "import '../domain/types.ts';")[0]).toMatch(/sideways/);
  });

  it('asks for a level for a new package', () => {
    expect(layerViolation('lib/new', 'lib/stats')).toMatch(/has no layer/);
  });
});
