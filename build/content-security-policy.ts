// The Content-Security-Policy of the built pages, as a <meta> tag (static hosting gives us no headers).
// Not applied to the dev server, whose HMR client needs inline scripts and a websocket.
import { createHash } from 'node:crypto';

const BASE_DIRECTIVES: [string, string][] = [
  ['default-src', "'self'"],
  ['script-src', "'self'"],
  ['worker-src', "'self' blob:"],
  ['connect-src', "'self'"],
  ['img-src', "'self' data: blob:"],
  ['style-src', "'self' 'unsafe-inline'"],
  ['font-src', "'self'"],
  ['object-src', "'none'"],
  ['base-uri', "'none'"],
  ['form-action', "'none'"],
  // No frame-ancestors: browsers ignore it in a <meta> tag (with a console error), and the embed card
  // must be frameable by any wiki anyway.
];

/** `inlineScripts`: the exact text of inline scripts to allow by hash (the single-file build has one). */
export function contentSecurityPolicy(inlineScripts: readonly string[] = []): string {
  const hashes = inlineScripts.map(
    (script) => `'sha256-${createHash('sha256').update(script, 'utf8').digest('base64')}'`,
  );
  return BASE_DIRECTIVES.map(([name, value]) => {
    if (name === 'script-src' && hashes.length > 0) return `${name} ${hashes.join(' ')}`;
    return `${name} ${value}`;
  }).join('; ');
}

export function cspMetaTag(policy: string): string {
  return `<meta http-equiv="Content-Security-Policy" content="${policy.replace(/"/g, '&quot;')}" />`;
}

/** Inserts the policy right after <meta charset> (or <head>), so it governs every element after it. */
export function insertCspMeta(html: string, policy: string): string {
  const anchor = /<meta\s+charset=[^>]*>/i.exec(html) ?? /<head[^>]*>/i.exec(html);
  if (!anchor) throw new Error('Content-Security-Policy: the page has no <head>');
  const at = anchor.index + anchor[0].length;
  return `${html.slice(0, at)}\n    ${cspMetaTag(policy)}${html.slice(at)}`;
}
