import { describe, expect, it } from 'vitest';
import { fail, ok } from './result.ts';
import { shownResponse } from './shown-response.ts';
import type { AnalysisResponse } from './types.ts';

const response = (viewKey: string): AnalysisResponse => ({ viewKey, metrics: [], srm: null });

describe('shownResponse', () => {
  it('hands out the response on screen', async () => {
    const shown = shownResponse();
    shown.started();
    shown.finished(ok(response('first')));
    await expect(shown.current()).resolves.toEqual(response('first'));
  });

  it('waits while a newer analysis runs, then hands out its response', async () => {
    const shown = shownResponse();
    shown.finished(ok(response('old')));
    shown.started();
    const pending = shown.current();
    shown.finished(ok(response('new')));
    await expect(pending).resolves.toEqual(response('new'));
  });

  it('passes on the error of a failed analysis', async () => {
    const shown = shownResponse();
    const pending = shown.current();
    shown.finished(fail('invalid-input', 'Arm 2 has more conversions than units.'));
    await expect(pending).rejects.toThrow('Arm 2 has more conversions than units.');
  });
});
