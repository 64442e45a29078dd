// Snapshot links: the shareable, server-free form of one experiment iteration's results.
export * from './snapshot-types.ts';
export { SnapshotError, type SnapshotErrorCode, type SnapshotResult } from './snapshot-error.ts';
export { SNAPSHOT_LIMITS } from './snapshot-limits.ts';
export { encodeSnapshot, decodeSnapshot } from './snapshot-codec.ts';
export { validateSnapshot, usesConversions } from './validate-snapshot.ts';
export * from './snapshot-links.ts';
export { snapshotAnalysisRequest, primaryMetricIndices } from './snapshot-analysis.ts';
