// Hash routes, so the static build works from any sub-path and from a plain file server.
import { APP_SNAPSHOT_ROUTE, snapshotTokenFromAppHash } from '../lib/share/snapshot-links.ts';

export type ExperimentTab = 'design' | 'data' | 'results';
export const EXPERIMENT_TABS: readonly ExperimentTab[] = ['design', 'data', 'results'];

export type Route =
  | { name: 'experiments' }
  | { name: 'experiment'; id: string; tab: ExperimentTab }
  | { name: 'methodology' }
  | { name: 'workspace' }
  | { name: 'snapshot'; token: string }
  | { name: 'not-found'; path: string };

export function parseHash(hash: string): Route {
  // The snapshot token is taken verbatim: the page decodes and validates it (and explains a bad one).
  const token = snapshotTokenFromAppHash(hash.startsWith('#') ? hash : `#${hash}`);
  if (token !== null) return { name: 'snapshot', token };
  const path = hash.replace(/^#/, '').replace(/\/+$/, '') || '/';
  if (path === '/' || path === '/experiments') return { name: 'experiments' };
  if (path === '/methodology') return { name: 'methodology' };
  if (path === '/workspace') return { name: 'workspace' };
  if (path === '/snapshot') return { name: 'snapshot', token: '' };
  const match = /^\/experiments\/([^/]+)(?:\/([a-z]+))?$/.exec(path);
  if (match) {
    const tab = (match[2] ?? 'results') as ExperimentTab;
    if (EXPERIMENT_TABS.includes(tab)) return { name: 'experiment', id: safeDecode(match[1]), tab };
  }
  return { name: 'not-found', path };
}

export function hrefFor(route: Route): string {
  switch (route.name) {
    case 'experiments':
      return '#/';
    case 'methodology':
      return '#/methodology';
    case 'workspace':
      return '#/workspace';
    case 'snapshot':
      return APP_SNAPSHOT_ROUTE + route.token;
    case 'experiment':
      return `#/experiments/${encodeURIComponent(route.id)}/${route.tab}`;
    case 'not-found':
      return `#${route.path}`;
  }
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
