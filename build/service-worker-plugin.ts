// Writes dist/sw.js: the compiled src/sw.ts with the precache list prepended. The cache version is a
// hash of every precached file's content, so any change to the app makes a new service worker, which
// the browser sees as an update (and the page then offers "A new version is available — Reload").
import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { transformWithOxc, type Plugin, type ResolvedConfig } from 'vite';

export const SERVICE_WORKER_FILE = 'sw.js';
const SOURCE = 'src/sw.ts';

async function listFiles(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true }).catch(() => []);
  const nested = await Promise.all(
    entries.map((entry) =>
      entry.isDirectory() ? listFiles(join(directory, entry.name)) : [join(directory, entry.name)],
    ),
  );
  return nested.flat();
}

function sha256(content: string | Uint8Array): string {
  return createHash('sha256').update(content).digest('hex');
}

/** Not precached: source maps (only for debugging) and the service worker itself. */
export function isPrecached(fileName: string): boolean {
  return !fileName.endsWith('.map') && fileName !== SERVICE_WORKER_FILE;
}

/** The version: a short hash over the sorted file names and their contents' hashes. */
export function precacheVersion(files: ReadonlyMap<string, string | Uint8Array>): string {
  const lines = [...files].map(([name, content]) => `${name}\t${sha256(content)}`).sort();
  return sha256(lines.join('\n')).slice(0, 16);
}

export function serviceWorkerPlugin(): Plugin {
  let config: ResolvedConfig;
  return {
    name: 'credence:service-worker',
    apply: (_, env) => env.command === 'build' && env.mode !== 'singlefile',
    configResolved(resolved) {
      config = resolved;
    },
    async writeBundle(options, bundle) {
      const outDir = options.dir ?? resolve(config.root, config.build.outDir);
      const files = new Map<string, string | Uint8Array>();
      for (const [fileName, output] of Object.entries(bundle)) {
        if (isPrecached(fileName))
          files.set(fileName, output.type === 'chunk' ? output.code : output.source);
      }
      if (config.publicDir && config.build.copyPublicDir) {
        for (const path of await listFiles(config.publicDir)) {
          const fileName = relative(config.publicDir, path).split(sep).join('/');
          if (isPrecached(fileName)) files.set(fileName, await readFile(path));
        }
      }
      const precache = { version: precacheVersion(files), assets: [...files.keys()].sort() };
      const source = await readFile(resolve(config.root, SOURCE), 'utf8');
      const { code } = await transformWithOxc(source, SOURCE, { lang: 'ts' });
      const header = `// Credence service worker, version ${precache.version}.\nself.CREDENCE_PRECACHE = ${JSON.stringify(precache)};\n`;
      await writeFile(join(outDir, SERVICE_WORKER_FILE), header + code);
    },
  };
}
