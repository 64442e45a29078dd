// The Over time section's table in browser tests: one row per point (day, arm, relative difference,
// its interval), text as shown.
import type { Page } from 'playwright-core';

export type OverTimeRow = { day: string; arm: string; relative: string; interval: string };

export async function overTimeRows(page: Page): Promise<OverTimeRow[]> {
  return page.$$eval('[data-testid=over-time-table] tbody tr', (rows) =>
    rows.map((row) => {
      const cells = [...row.querySelectorAll('td')].map((cell) => cell.textContent!.trim());
      return { day: cells[0], arm: cells[1], relative: cells[3], interval: cells[4] };
    }),
  );
}
