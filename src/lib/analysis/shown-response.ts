// The analysis response a page shows, held for its exports: a CSV or Markdown table describes the very
// numbers on screen instead of asking the workers again (and waiting for a second run).
import type { WorkerResult } from './result.ts';
import type { AnalysisResponse } from './types.ts';

export type ShownResponse = {
  /** A new analysis started: what was shown no longer matches the settings, so exports wait. */
  started(): void;
  /** The analysis ended: its response is on screen now, or it failed with this error. */
  finished(result: WorkerResult<AnalysisResponse>): void;
  /** The response on screen, once the running analysis (if any) has finished; rejects if it failed. */
  current(): Promise<AnalysisResponse>;
};

type State =
  | { kind: 'running' }
  | { kind: 'shown'; response: AnalysisResponse }
  | { kind: 'failed'; message: string };

export function shownResponse(): ShownResponse {
  let state: State = { kind: 'running' };
  let waiting: { resolve: (value: AnalysisResponse) => void; reject: (error: Error) => void }[] =
    [];
  const settle = () => {
    if (state.kind === 'running') return;
    const done = state;
    const waiters = waiting;
    waiting = [];
    for (const waiter of waiters) {
      if (done.kind === 'shown') waiter.resolve(done.response);
      else waiter.reject(new Error(done.message));
    }
  };
  return {
    started() {
      state = { kind: 'running' };
    },
    finished(result) {
      state = result.ok
        ? { kind: 'shown', response: result.value }
        : { kind: 'failed', message: result.error.message };
      settle();
    },
    current() {
      return new Promise((resolve, reject) => {
        waiting.push({ resolve, reject });
        settle();
      });
    },
  };
}
