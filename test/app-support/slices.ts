// Helpers for browser tests of the Slices section: an experiment with slicing attributes, attribute
// breakdowns written into the stored dataset as the importer stores them, the section's table rows.
import type { Page } from 'playwright-core';
import type { BreakdownInput } from '../../src/lib/analysis/slices.ts';

export { createExperiment } from './design.ts';

/** One slice: units per flag variation (0, 1, 2) and signups per variation. */
export function breakdownCell(
  value: string,
  units: number[],
  signups: number[],
  group?: 'other' | 'missing',
) {
  return {
    value,
    ...(group ? { group } : {}),
    arms: units.map((n, variation) => ({ variation, units: n })),
    metrics: {
      'signup-rate': units.map((n, variation) => ({
        variation,
        units: n,
        conversions: signups[variation],
        sum: signups[variation],
        sumSquares: signups[variation],
      })),
    },
  };
}

/** Replaces the attribute breakdowns of every stored dataset (the days stay), as the importer stores them. */
export async function storeBreakdowns(page: Page, breakdowns: BreakdownInput[]): Promise<void> {
  await page.evaluate(async (added) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('credence');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const tx = db.transaction('datasets', 'readwrite');
    const store = tx.objectStore('datasets');
    const records = await new Promise<Record<string, unknown>[]>((resolve) => {
      const request = store.getAll();
      request.onsuccess = () => resolve(request.result as Record<string, unknown>[]);
    });
    for (const record of records) {
      const kept = ((record.breakdowns as { by: string }[]) ?? []).filter(
        (breakdown) => breakdown.by !== 'attribute',
      );
      record.breakdowns = [...kept, ...added];
      store.put(record);
    }
    await new Promise((resolve) => (tx.oncomplete = resolve));
    db.close();
  }, breakdowns);
}

export type SliceRow = {
  slice: string;
  units: string;
  srm: string;
  state: string;
  values: string;
  raw: string;
  pooled: string;
};

/** Every row of the Slices table as text, whitespace collapsed. */
export async function sliceRows(page: Page): Promise<SliceRow[]> {
  return page.$$eval('[data-testid=slices-table] tbody tr', (rows) =>
    rows.map((row) => {
      const text = (selector: string) =>
        [...row.querySelectorAll(selector)]
          .map((cell) => (cell.textContent ?? '').replace(/\s+/g, ' ').trim())
          .join(' | ');
      return {
        slice: text('th'),
        units: text('[data-col=units]'),
        srm: text('[data-col=srm]'),
        state: row.getAttribute('data-srm') ?? '',
        values: text('[data-col=value]'),
        raw: text('[data-col=raw]'),
        pooled: text('[data-col=pooled]'),
      };
    }),
  );
}
