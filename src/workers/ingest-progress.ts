// Progress as the UI shows it: bytes, records, records per second and an estimate of the time left.
import type { IngestProgress } from '../lib/ingest/types.ts';

export type IngestProgressReport = IngestProgress & {
  recordsPerSecond: number;
  secondsLeft: number | null;
};

export function rateAndTimeLeft(
  progress: IngestProgress,
  elapsedSeconds: number,
): { recordsPerSecond: number; secondsLeft: number | null } {
  const recordsPerSecond = elapsedSeconds > 0 ? progress.records / elapsedSeconds : 0;
  const bytesPerSecond = elapsedSeconds > 0 ? progress.bytesRead / elapsedSeconds : 0;
  const remaining = Math.max(0, progress.totalBytes - progress.bytesRead);
  return { recordsPerSecond, secondsLeft: bytesPerSecond > 0 ? remaining / bytesPerSecond : null };
}
