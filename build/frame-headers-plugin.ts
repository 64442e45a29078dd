// Clickjacking: Vite's dev and preview servers tell browsers that only the app's own origin may frame
// its pages. frame-ancestors works only as a header (browsers ignore it in the CSP <meta>), so hosts
// must send the same two headers themselves (docs/notes/polish.md); the frame guard in src/main.ts
// covers hosts that cannot. embed.html is the one page made to be framed by any wiki.
import type { Connect, Plugin } from 'vite';

export const FRAME_HEADERS = {
  'Content-Security-Policy': "frame-ancestors 'self'",
  'X-Frame-Options': 'SAMEORIGIN',
} as const;

/** True for the pages any site may frame: the embed card. */
export function frameableByAnyone(url: string): boolean {
  const path = new URL(url, 'http://host').pathname;
  return /(^|\/)embed\.html$/.test(path);
}

const setFrameHeaders: Connect.NextHandleFunction = (request, response, next) => {
  if (!frameableByAnyone(request.url ?? '/'))
    for (const [name, value] of Object.entries(FRAME_HEADERS)) response.setHeader(name, value);
  next();
};

export function frameHeadersPlugin(): Plugin {
  return {
    name: 'credence:frame-headers',
    configureServer: (server) => void server.middlewares.use(setFrameHeaders),
    configurePreviewServer: (server) => void server.middlewares.use(setFrameHeaders),
  };
}
