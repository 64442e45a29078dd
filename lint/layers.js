// An ESLint rule that keeps imports flowing one way through the source tree:
//   ui → (workers, db, share, export) → (analysis, domain, ingest, charts) → stats
// A module may import from its own package, from a package on a lower level, or from a package on its
// own level that SIDEWAYS allows. Anything else (an upward import, or an unlisted sideways one) fails
// `npm run check`. Only relative imports inside src/ are judged; packages from node_modules are not.
import path from 'node:path';

/** Level of each package (a folder under src/ or src/lib/); higher levels may import lower ones. */
export const LEVELS = {
  'lib/stats': 0,
  lib: 0, // src/lib/*.ts: small shared helpers such as event-loop.ts
  'lib/format': 0, // the app's number and date formatter (d3-format only)
  // The SDKs' bucketing arithmetic and SHA-1, no design records: the design model (domain) and the
  // importer's assignment audit (ingest) both use it, and neither may import the other.
  'lib/bucketing': 0,
  // Metric kinds: each kind's statistics, model, unit and accumulator, read by every package above.
  'lib/metric-kinds': 0.5,
  'lib/analysis': 1,
  'lib/domain': 1,
  'lib/ingest': 1,
  'lib/charts': 1,
  'lib/warehouse': 1,
  workers: 2,
  'lib/db': 2,
  'lib/share': 2,
  'lib/export': 2,
  ui: 3,
  main: 4,
};

/** Imports between packages of one level that are allowed: importer → imported. */
export const SIDEWAYS = new Set([
  'lib/export → lib/share',
  // Stored records (domain) hold the analysis settings, whose type and defaults live in lib/analysis.
  'lib/domain → lib/analysis',
  // Warehouse queries apply the ingest rules to the ingest's experiment spec, and their results come
  // back through the ingest's summary import.
  'lib/warehouse → lib/ingest',
]);

/** The package of a path relative to the repository root, or null outside src/. */
export function packageOf(file) {
  const parts = file.split(/[\\/]/);
  if (parts[0] !== 'src') return null;
  if (parts.length === 2) return parts[1].replace(/\.[^.]+$/, '');
  if (parts[1] === 'lib') return parts.length === 3 ? 'lib' : `lib/${parts[2]}`;
  return parts[1];
}

/** Why `from` may not import `to`, or null when it may. */
export function layerViolation(from, to) {
  if (from === null || to === null || from === to) return null;
  const a = LEVELS[from];
  const b = LEVELS[to];
  if (a === undefined) return `src/${from} has no layer: add it to LEVELS in lint/layers.js`;
  if (b === undefined) return `src/${to} has no layer: add it to LEVELS in lint/layers.js`;
  if (b < a) return null;
  if (b === a && SIDEWAYS.has(`${from} → ${to}`)) return null;
  return b > a
    ? `${from} (level ${a}) may not import ${to} (level ${b}): imports flow ui → (workers, db, share, export) → (analysis, domain, ingest, charts) → stats`
    : `${from} may not import ${to}: both are on level ${a}, and this sideways import is not listed in SIDEWAYS (lint/layers.js)`;
}

export const layersRule = {
  meta: {
    type: 'problem',
    docs: { description: 'Imports flow one way through the layers of src/' },
    schema: [],
    messages: { violation: '{{reason}}' },
  },
  create(context) {
    const file = path.relative(context.cwd, context.filename);
    const from = packageOf(file);
    if (from === null) return {};
    const check = (node, source) => {
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const to = packageOf(path.normalize(path.join(path.dirname(file), source)));
      const reason = layerViolation(from, to);
      if (reason) context.report({ node, messageId: 'violation', data: { reason } });
    };
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
    };
  },
};

export default { rules: { layers: layersRule } };
