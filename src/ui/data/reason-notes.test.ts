import { describe, expect, it } from 'vitest';
import { missingDenominatorReason, missingPrePeriodReason } from '../../lib/ingest/index.ts';
import { reasonNote } from './reason-notes.ts';

describe('reasonNote', () => {
  it('says that empty pre-period and denominator cells are read as 0', () => {
    expect(reasonNote(missingPrePeriodReason('revenue'))).toContain('each read as 0');
    expect(reasonNote(missingDenominatorReason('rpo'))).toContain('each read as 0');
    expect(reasonNote('other-flag')).toBe('');
  });
});
