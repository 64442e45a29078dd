// Where a snapshot token lives in a URL: the app reads "#/snapshot/<token>", the embed card "#<token>".
// Fragments never reach a server, so sharing a link uploads nothing.

export const APP_SNAPSHOT_ROUTE = '#/snapshot/';
export const EMBED_PAGE = 'embed.html';

export type EmbedTheme = 'light' | 'dark' | 'auto';

/** The token in an app hash ("#/snapshot/v1.…"), or null when the hash is another route. */
export function snapshotTokenFromAppHash(hash: string): string | null {
  return hash.startsWith(APP_SNAPSHOT_ROUTE) ? hash.slice(APP_SNAPSHOT_ROUTE.length) : null;
}

/** The token in the embed page's hash ("#v1.…"); an empty string when there is none. */
export function snapshotTokenFromEmbedHash(hash: string): string {
  return hash.startsWith('#') ? hash.slice(1) : hash;
}

function withoutHashOrQuery(pageUrl: string): URL {
  const url = new URL(pageUrl);
  url.hash = '';
  url.search = '';
  return url;
}

/** The app's own URL (any page of it) → the directory the app is served from, e.g. "https://wiki/x/credence/". */
export function appBaseUrl(pageUrl: string): string {
  return new URL('./', withoutHashOrQuery(pageUrl)).href;
}

export function appSnapshotUrl(appBase: string, token: string): string {
  return new URL('./', withoutHashOrQuery(appBase)).href + APP_SNAPSHOT_ROUTE + token;
}

export function embedSnapshotUrl(
  appBase: string,
  token: string,
  theme: EmbedTheme = 'auto',
): string {
  const url = new URL(EMBED_PAGE, new URL('./', withoutHashOrQuery(appBase)));
  if (theme !== 'auto') url.searchParams.set('theme', theme);
  return `${url.href}#${token}`;
}

/** The `?theme=` of the embed page; anything but "light" or "dark" follows the reader's system setting. */
export function embedThemeFromSearch(search: string): EmbedTheme {
  const theme = new URLSearchParams(search).get('theme');
  return theme === 'light' || theme === 'dark' ? theme : 'auto';
}

function escapeAttribute(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/"/g, '&quot;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/**
 * HTML to paste into a wiki: the iframe, and a small listener that sizes it from the card's height
 * messages. The listener trusts a message only when it comes from that very iframe, and only reads a number.
 */
/**
 * Why this page cannot give embed code, or null. A wiki can frame only a page on the web: the
 * single-file build, opened from the disk (file://), would give an iframe nobody else can load.
 */
export function embedCodeUnavailable(pageUrl: string): string | null {
  const { protocol } = new URL(pageUrl);
  if (protocol === 'https:' || protocol === 'http:') return null;
  return 'Embed code needs the hosted app: a wiki cannot show a file on your computer. Open Credence from its web address, or use Copy link.';
}

export function embedSnippet(embedUrl: string, title: string, initialHeight = 480): string {
  const frameTitle = escapeAttribute(`Credence results: ${title}`);
  return [
    `<iframe data-credence-embed src="${escapeAttribute(embedUrl)}" title="${frameTitle}" style="width:100%;max-width:720px;border:0" height="${Math.round(initialHeight)}" loading="lazy" referrerpolicy="no-referrer"></iframe>`,
    '<script>',
    "window.addEventListener('message', function (event) {",
    "  if (!event.data || event.data.type !== 'credence:height' || typeof event.data.height !== 'number') return;",
    "  document.querySelectorAll('iframe[data-credence-embed]').forEach(function (frame) {",
    "    if (frame.contentWindow === event.source) frame.style.height = Math.min(Math.max(event.data.height, 50), 5000) + 'px';",
    '  });',
    '});',
    '</script>',
  ].join('\n');
}
