// The single-file build: one HTML file (dist/credence.html) with the app's script, styles, icon and
// analysis workers inlined, that works opened straight from disk (file://).
//
// How: after the normal build finishes, this plugin runs a second Vite build of index.html in mode
// "singlefile" (no code splitting, no public dir, no source maps, nothing written), then rewrites its
// final output and writes the one page:
// - each worker chunk's URL, `new URL("<worker>.js", import.meta.url)`, becomes a blob: URL made from
//   the worker's code, so no worker file is fetched (file:// forbids that);
// - the entry script and the stylesheet are inlined into the HTML;
// - the CSP allows the inline script by its SHA-256 hash instead of 'unsafe-inline'.
import { readFile, writeFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { build, type Plugin, type ResolvedConfig, type Rolldown } from 'vite';
import { contentSecurityPolicy, insertCspMeta } from './content-security-policy.ts';

export const SINGLE_FILE_MODE = 'singlefile';
export const SINGLE_FILE_NAME = 'credence.html';

/** Text placed inside <script> or <style> must not close the element early. */
function safeForHtmlElement(code: string, element: 'script' | 'style'): string {
  return code.replace(new RegExp(`</(${element})`, 'gi'), '<\\/$1').replace(/<!--/g, '<\\!--');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const INLINE_WORKER_URL = '__credenceInlineWorkerUrl';

/**
 * Runs before the app's code in the single-file page. file:// pages may start classic workers from
 * blob: URLs but not module workers, so the single-file build compiles workers as classic scripts
 * (format "iife") and this shim starts the ones it inlined as classic, whatever type the app asked for.
 */
export const WORKER_PRELUDE = `const ${INLINE_WORKER_URL} = (() => {
  const inlined = new Set();
  const NativeWorker = globalThis.Worker;
  globalThis.Worker = class extends NativeWorker {
    constructor(url, options) {
      super(url, inlined.has(String(url)) && options ? { ...options, type: 'classic' } : options);
    }
  };
  return (code) => {
    const url = URL.createObjectURL(new Blob([code], { type: 'text/javascript' }));
    inlined.add(url);
    return url;
  };
})();
`;

/** Replaces every `new URL("<file>", import.meta.url)` naming `workerFile` with a blob: URL of `workerCode`. */
export function inlineWorkerReferences(
  code: string,
  workerFile: string,
  workerCode: string,
): string {
  const pattern = new RegExp(
    `new URL\\(\\s*(["'\`])(?:\\.{1,2}/)*(?:assets/)?${escapeRegExp(basename(workerFile))}\\1\\s*,\\s*import\\.meta\\.url\\s*\\)`,
    'g',
  );
  const blobUrl = `new URL(${INLINE_WORKER_URL}(${JSON.stringify(workerCode)}))`;
  return code.replace(pattern, () => blobUrl);
}

type Output = Rolldown.OutputChunk | Rolldown.OutputAsset;

function inlineIntoHtml(
  html: string,
  outputs: ReadonlyMap<string, Output>,
  icon: string | null,
): { html: string; script: string } {
  let script = '';
  let out = html.replace(/<script\b[^>]*\bsrc="([^"]+)"[^>]*><\/script>/g, (tag, src: string) => {
    const chunk = outputs.get(src.replace(/^\.?\//, ''));
    if (!chunk || chunk.type !== 'chunk')
      throw new Error(`single-file build: script ${src} is not in the bundle`);
    if (script) throw new Error('single-file build: expected exactly one entry script');
    script = safeForHtmlElement(WORKER_PRELUDE + chunk.code, 'script');
    return `<script type="module">${script}</script>`;
  });
  out = out.replace(
    /<link\b[^>]*\brel="stylesheet"[^>]*\bhref="([^"]+)"[^>]*>/g,
    (tag, href: string) => {
      const asset = outputs.get(href.replace(/^\.?\//, ''));
      if (!asset || asset.type !== 'asset')
        throw new Error(`single-file build: stylesheet ${href} is not in the bundle`);
      return `<style>${safeForHtmlElement(String(asset.source), 'style')}</style>`;
    },
  );
  out = out.replace(/<link\b[^>]*\brel="modulepreload"[^>]*>\s*/g, '');
  out = out.replace(/<link\b([^>]*\brel="icon"[^>]*)>/g, (tag, attributes: string) =>
    icon ? `<link${attributes.replace(/\bhref="[^"]*"/, `href="${icon}"`)}>` : '',
  );
  if (!script) throw new Error('single-file build: the page has no entry script');
  return { html: out, script };
}

/** The final outputs of the "singlefile" build → one self-contained HTML page. */
export function singleFileHtml(outputs: readonly Output[], icon: string | null): string {
  const workers = outputs.filter(
    (output): output is Rolldown.OutputAsset =>
      output.type === 'asset' && output.fileName.endsWith('.js'),
  );
  // Rolldown's output objects are read-only: rewritten chunks are copies.
  const rewritten = outputs.map((output): Output => {
    if (output.type !== 'chunk') return output;
    let code = output.code;
    for (const worker of workers)
      code = inlineWorkerReferences(code, worker.fileName, String(worker.source));
    for (const worker of workers) {
      if (code.includes(basename(worker.fileName))) {
        throw new Error(
          `single-file build: ${output.fileName} still refers to the worker ${worker.fileName}`,
        );
      }
    }
    return { ...output, code };
  });
  const byName = new Map(rewritten.map((output) => [output.fileName, output] as const));
  const page = byName.get('index.html');
  if (!page || page.type !== 'asset')
    throw new Error('single-file build: index.html is not in the bundle');
  const inlined = inlineIntoHtml(String(page.source), byName, icon);
  const marked = inlined.html.replace(
    /<head>/i,
    '<head>\n    <meta name="credence-build" content="single-file" />',
  );
  return insertCspMeta(marked, contentSecurityPolicy([inlined.script]));
}

export function singleFilePlugin(): Plugin {
  let config: ResolvedConfig;
  return {
    name: 'credence:single-file',
    apply: 'build',
    config(_, env) {
      if (env.mode !== SINGLE_FILE_MODE) return;
      return {
        publicDir: false,
        build: {
          write: false,
          emptyOutDir: false,
          sourcemap: false,
          copyPublicDir: false,
          modulePreload: false,
          cssCodeSplit: false,
          assetsInlineLimit: () => true,
          reportCompressedSize: false,
          rolldownOptions: { input: 'index.html', output: { codeSplitting: false } },
        },
        // file:// pages can start classic workers from blob: URLs but not module workers.
        worker: { format: 'iife', rolldownOptions: { output: { codeSplitting: false } } },
      };
    },
    configResolved(resolved) {
      config = resolved;
    },
    async closeBundle() {
      // The normal build ends by running the single-file build in memory and writing its one page.
      if (config.mode === SINGLE_FILE_MODE || config.build.watch) return;
      const result = await build({
        configFile: config.configFile,
        root: config.root,
        mode: SINGLE_FILE_MODE,
        logLevel: 'warn',
      });
      const outputs = (Array.isArray(result) ? result : [result]).flatMap((entry) =>
        'output' in entry ? entry.output : [],
      );
      const icon = await readFile(resolve(config.root, 'public/favicon.svg')).then(
        (svg) => `data:image/svg+xml;base64,${svg.toString('base64')}`,
        () => null,
      );
      await writeFile(
        resolve(config.root, config.build.outDir, SINGLE_FILE_NAME),
        singleFileHtml(outputs, icon),
      );
    },
  };
}
