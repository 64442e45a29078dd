// A typed, readable failure of an import. `code` matches the worker layer's WorkerErrorCode so the
// worker can pass it across unchanged.

export type IngestErrorCode =
  | 'invalid-input'
  | 'aborted'
  | 'unsupported-file'
  | 'parse-error'
  /** Arm labels of the data that no variation of the design was chosen for (see assignArms). */
  | 'unplaced-arms';

export class IngestError extends Error {
  constructor(
    readonly code: IngestErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'IngestError';
  }
}

/** Throws the import's error for an empty list of sources. */
export function requireSources(sources: Blob[]): void {
  if (!Array.isArray(sources) || sources.length === 0)
    throw new IngestError('invalid-input', 'No file was given.', 'sources');
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new IngestError('aborted', 'The import was cancelled.');
}

export function sourceName(blob: Blob, index: number): string {
  const name = (blob as Partial<File>).name;
  return typeof name === 'string' && name !== '' ? name : `source-${index}`;
}
