// Credence's build plugins: the embed page as a second entry, the CSP, the frame headers of the dev
// and preview servers, the service worker and the single-file build. Used by vite.config.ts.
import { resolve } from 'node:path';
import type { Plugin } from 'vite';
import { cspPlugin } from './csp-plugin.ts';
import { frameHeadersPlugin } from './frame-headers-plugin.ts';
import { serviceWorkerPlugin } from './service-worker-plugin.ts';
import { SINGLE_FILE_MODE, singleFilePlugin } from './single-file-plugin.ts';

/** index.html (the app) and embed.html (the read-only results card) are the pages of the build. */
function pagesPlugin(): Plugin {
  return {
    name: 'credence:pages',
    apply: 'build',
    config(config, env) {
      if (env.mode === SINGLE_FILE_MODE) return;
      const root = config.root ?? process.cwd();
      return {
        build: {
          rolldownOptions: {
            input: { index: resolve(root, 'index.html'), embed: resolve(root, 'embed.html') },
            // Dexie (a third of the app's code, changed only with its version) in a chunk of its own:
            // the main chunk stays under 500 kB and the embed page, which has no database, never loads it.
            output: {
              codeSplitting: {
                groups: [{ name: 'dexie', test: /[\\/]node_modules[\\/]dexie[\\/]/ }],
              },
            },
          },
        },
      };
    },
  };
}

export function credencePlugins(): Plugin[] {
  return [
    pagesPlugin(),
    cspPlugin(),
    frameHeadersPlugin(),
    serviceWorkerPlugin(),
    singleFilePlugin(),
  ];
}
