// Adds the Content-Security-Policy <meta> to every page of the normal build (the single-file build
// adds its own, with the hash of its inline script).
import type { Plugin } from 'vite';
import { contentSecurityPolicy, insertCspMeta } from './content-security-policy.ts';

export function cspPlugin(): Plugin {
  return {
    name: 'credence:csp',
    apply: (_, env) => env.command === 'build' && env.mode !== 'singlefile',
    transformIndexHtml: {
      order: 'post',
      handler: (html) => insertCspMeta(html, contentSecurityPolicy()),
    },
  };
}
