// Nothing lost, nothing merged, nothing frozen (issue #14, items 7–12 and 16) in real Chromium:
// repeated names render, two tabs never silently revert each other, storage failures are shown,
// a damaged record can be recovered from, a newer schema is refused, and the hypothesis limit is
// the shared link's.
import { readFile } from 'node:fs/promises';
import { expect, test } from 'vitest';
import type { Download, Page } from 'playwright-core';
import { newIsolatedPage } from './support/browser.ts';
import { browserSession } from './support/session.ts';
import { openDemoResults } from './app-support/demo.ts';
import { sampleFile } from './app-support/sample-file.ts';
import { snapshotToken } from './support/share.ts';
import { testSnapshot } from '../src/lib/share/test-snapshot.ts';
import { defaultWorkspaceSettings } from '../src/lib/domain/create.ts';

const session = browserSession();
const DEMO = 'Demo: new checkout';

const tab = (page: Page, name: 'Design' | 'Data' | 'Results') =>
  page.getByRole('link', { name, exact: true }).click();
const mainNav = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name }).click();

/**
 * Rewrites every record of `store` in the app's database behind the app's back (as an older build,
 * a bug or a disk error could), with `body` as the body of `(record) => { … }`.
 */
async function rewriteStored(page: Page, store: string, body: string): Promise<void> {
  await page.evaluate(
    async ({ store, body }) => {
      const change = new Function('record', body) as (record: Record<string, unknown>) => void;
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open('credence');
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const tx = db.transaction(store, 'readwrite');
      const objects = tx.objectStore(store);
      const records = await new Promise<Record<string, unknown>[]>((resolve) => {
        const request = objects.getAll();
        request.onsuccess = () => resolve(request.result as Record<string, unknown>[]);
      });
      for (const record of records) {
        change(record);
        objects.put(record);
      }
      await new Promise((resolve) => (tx.oncomplete = resolve));
      db.close();
    },
    { store, body },
  );
}

async function downloaded(download: Promise<Download>): Promise<string> {
  return readFile((await (await download).path())!, 'utf8');
}

test('repeated tags, arm names and context kinds still render everywhere; new ones are refused or merged', async () => {
  const { context, page, errors } = await newIsolatedPage(session.browser);
  await openDemoResults(page, session.server.url);
  const demoUrl = page.url();
  // Stored as an older build (or a file import) could have left them.
  await rewriteStored(
    page,
    'experiments',
    `record.tags = ['q3', 'q3']; record.treatments.forEach((t) => (t.name = 'same'));`,
  );
  await rewriteStored(
    page,
    'iterations',
    `record.design.treatments.forEach((t) => (t.name = 'same')); record.design.flagVariations.forEach((v) => (v.name = 'same'));`,
  );
  await rewriteStored(page, 'flags', `record.variations.forEach((v) => (v.name = 'same'));`);
  await page.evaluate(async (defaults) => {
    const db = await new Promise<IDBDatabase>((resolve) => {
      const request = indexedDB.open('credence');
      request.onsuccess = () => resolve(request.result);
    });
    const tx = db.transaction('settings', 'readwrite');
    const settings = tx.objectStore('settings');
    const stored = await new Promise<Record<string, unknown> | undefined>((resolve) => {
      const request = settings.get('workspace');
      request.onsuccess = () => resolve(request.result as Record<string, unknown> | undefined);
    });
    const kinds = [
      { key: 'user', name: 'User' },
      { key: 'user', name: 'User' },
    ];
    settings.put({ ...(stored ?? defaults), contextKinds: kinds });
    await new Promise((resolve) => (tx.oncomplete = resolve));
    db.close();
  }, defaultWorkspaceSettings());

  await page.reload();
  await mainNav(page, 'Experiments');
  await page.getByRole('link', { name: DEMO }).waitFor({ timeout: 30_000 });
  expect(await page.locator('main').innerText()).toContain('q3');

  await page.goto(demoUrl);
  await page.locator('[data-testid=metric-table]').waitFor({ timeout: 60_000 });
  expect(await page.locator('[data-testid=metric-table] tbody tr').count()).toBeGreaterThan(1);

  await tab(page, 'Design');
  await expect
    .poll(() => page.locator('[data-field=treatments]').innerText())
    .toContain('Two arms are named “same”');
  expect(await page.getByLabel('Randomize by').locator('option').count()).toBe(3);
  // Saving merges repeated tags.
  await page.getByLabel('Tags').fill('q3, Q3, checkout');
  await page.getByRole('button', { name: /^Save/ }).click();
  await expect.poll(() => page.getByLabel('Tags').inputValue()).toBe('q3, checkout');

  // A new flag with two variations of one name is refused before anything is stored.
  const flags = page.getByRole('group', { name: 'Flag or AI Config' });
  await flags.getByRole('button', { name: 'Create flag or AI Config' }).click();
  await flags.getByLabel('Key', { exact: true }).fill('twins');
  await flags.getByLabel('Variations (comma-separated)').fill('same, Same');
  await flags.getByRole('button', { name: 'Create and use' }).click();
  await expect
    .poll(() => flags.getByRole('alert').innerText())
    .toContain('Variation “Same” is named twice');
  expect(errors).toEqual([]);
  await context.close();
});

test('a snapshot link whose two arms share a name opens', async () => {
  const { context, page, errors } = await newIsolatedPage(session.browser);
  const snapshot = testSnapshot();
  snapshot.design.arms = snapshot.design.arms.map((arm) => ({ ...arm, name: 'same' }));
  await page.goto(`${session.server.url}#/snapshot/${await snapshotToken(snapshot)}`);
  await page.getByTestId('snapshot-title').waitFor({ timeout: 30_000 });
  await page.locator('[data-testid=metric-table]').first().waitFor({ timeout: 30_000 });
  expect(await page.locator('main').innerText()).not.toContain('Opening the snapshot');
  expect(errors).toEqual([]);
  await context.close();
});

test('two tabs: a save from a stale draft is refused with a choice, never reverting the other tab', async () => {
  const { context, page: tabA, errors } = await newIsolatedPage(session.browser);
  await openDemoResults(tabA, session.server.url);
  const tabB = await context.newPage();
  tabB.on('pageerror', (error) => errors.push(String(error)));
  await tabB.goto(tabA.url());
  await tab(tabA, 'Design');
  await tab(tabB, 'Design');
  await tabB.getByLabel('Hypothesis').fill('Written in tab B');

  await tabA.getByLabel('Name', { exact: true }).first().fill('Renamed in tab A');
  await tabA.getByRole('button', { name: /^Save/ }).click();
  await tabA.getByText('Design saved.').waitFor();

  await tabB.getByRole('button', { name: /^Save/ }).click();
  const conflict = tabB.getByTestId('save-conflict');
  await expect
    .poll(() => conflict.innerText())
    .toContain('“Renamed in tab A” was changed in another tab or window');
  await tabA.reload();
  await tab(tabA, 'Design');
  expect(await tabA.getByLabel('Name', { exact: true }).first().inputValue()).toBe(
    'Renamed in tab A',
  );

  // Overwriting is a deliberate choice; afterwards the tab saves normally again.
  await conflict.getByRole('button', { name: 'Save mine over it' }).click();
  await tabB.getByText('Design saved.').waitFor();
  await tabB.getByLabel('Hypothesis').fill('Second edit in tab B');
  await tabB.getByRole('button', { name: /^Save/ }).click();
  await tabB.getByText('Design saved.').waitFor();
  expect(await tabB.getByTestId('save-conflict').count()).toBe(0);
  expect(errors).toEqual([]);
  await context.close();
});

test('a storage failure after an import is shown with what to do, and nothing is stored', async () => {
  const { context, page, errors } = await newIsolatedPage(session.browser);
  await openDemoResults(page, session.server.url);
  await tab(page, 'Design');
  await page.getByRole('button', { name: 'Start iteration' }).click();
  await page.getByText('Iteration started in production.').waitFor();
  // The browser refuses the dataset write as if the disk quota were full.
  await page.evaluate(() => {
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function (
      this: IDBObjectStore,
      ...args: [unknown, IDBValidKey?]
    ) {
      if (this.name === 'datasets')
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return put.apply(this, args);
    };
  });
  await tab(page, 'Data');
  const file = sampleFile({ units: 600, seed: 3, startAfter: Date.now() });
  await page.getByTestId('file-input').setInputFiles({
    name: 'export.jsonl',
    mimeType: 'application/x-ndjson',
    buffer: Buffer.from(file.text),
  });
  const alert = page.getByTestId('storage-problems');
  await expect
    .poll(() => alert.innerText(), { timeout: 60_000 })
    .toMatch(
      /analysed but not stored.*storage quota.*Nothing from this change was saved.*Export the workspace/s,
    );
  expect(await page.getByTestId('import-done').count()).toBe(0);
  expect(errors.filter((e) => !e.includes('QuotaExceededError'))).toEqual([]);
  await context.close();
});

test('a damaged record: export everything readable, then remove it, from the app', async () => {
  const { context, page, errors } = await newIsolatedPage(session.browser);
  await openDemoResults(page, session.server.url);
  await page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve) => {
      const request = indexedDB.open('credence');
      request.onsuccess = () => resolve(request.result);
    });
    const tx = db.transaction('experiments', 'readwrite');
    tx.objectStore('experiments').put({ id: 'broken', key: 'broken', treatments: 'garbage' });
    await new Promise((resolve) => (tx.oncomplete = resolve));
    db.close();
  });
  await page.reload();
  await mainNav(page, 'Experiments');
  await expect
    .poll(() => page.locator('main').innerText())
    .toContain('The stored experiments record “broken” is damaged');
  await mainNav(page, 'Workspace');
  const recovery = page.getByTestId('recovery');
  const readable = page.waitForEvent('download');
  await recovery.getByRole('button', { name: 'Export everything readable' }).click();
  const file = JSON.parse(await downloaded(readable)) as { experiments: { name: string }[] };
  expect(file.experiments.map((e) => e.name)).toEqual([DEMO]);
  await expect.poll(() => recovery.innerText()).toContain('experiments “broken”');
  await recovery.getByRole('button', { name: 'Remove the 1 damaged record' }).click();
  await page.waitForLoadState('load');
  await mainNav(page, 'Experiments');
  await page.getByRole('link', { name: DEMO }).waitFor({ timeout: 30_000 });
  expect(await page.locator('main').innerText()).not.toContain('damaged');
  expect(errors.filter((e) => !/damaged|corrupted/.test(e))).toEqual([]);
  await context.close();
});

test('a database written by a newer Credence is refused, not re-versioned', async () => {
  const { context, page } = await newIsolatedPage(session.browser);
  await openDemoResults(page, session.server.url);
  await page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const request = indexedDB.open('credence', 990);
        request.onupgradeneeded = () => request.result.createObjectStore('fromTheFuture');
        request.onsuccess = () => {
          request.result.close();
          resolve();
        };
        request.onerror = () => reject(request.error);
      }),
  );
  await page.reload();
  await mainNav(page, 'Experiments');
  await expect
    .poll(() => page.locator('main').innerText(), { timeout: 30_000 })
    .toContain('written by a newer version of Credence (schema version 99)');
  const version = await page.evaluate(
    async () => (await indexedDB.databases()).find((d) => d.name === 'credence')?.version,
  );
  expect(version).toBe(990);
  await context.close();
});

test('the hypothesis limit is counted as it is typed and is the shared link’s; a restart is confirmed first', async () => {
  const { context, page, errors } = await newIsolatedPage(session.browser);
  await openDemoResults(page, session.server.url);
  await tab(page, 'Design');
  const hypothesis = page.getByLabel('Hypothesis');
  await hypothesis.fill('x'.repeat(5_001));
  await expect
    .poll(() => page.getByTestId('hypothesis-count').innerText())
    .toContain('5,001 / 5,000 characters');
  expect(await page.locator('[data-field=hypothesis]').innerText()).toContain('Shorten it by 1');
  expect(await page.getByRole('button', { name: /^Save/ }).isDisabled()).toBe(true);

  await page.getByRole('button', { name: 'Start iteration' }).click();
  await page.getByText('Iteration started in production.').waitFor();
  await hypothesis.fill('A shorter checkout raises conversion.');
  await page.getByRole('button', { name: /^Save/ }).click();
  const confirm = page.getByTestId('restart-confirm');
  await expect.poll(() => confirm.innerText()).toContain('because you changed the hypothesis');
  await confirm.getByRole('button', { name: 'Keep editing' }).click();
  expect(await page.getByText('Design saved.').count()).toBe(0);
  await page.getByRole('button', { name: /^Save/ }).click();
  await confirm.getByRole('button', { name: 'Save and start a new iteration' }).click();
  await page.getByText('Design saved.').waitFor();

  // A layer made here is stored only with the design, and never twice under one name.
  const layers = page.getByRole('group', { name: 'Exclusion layer' });
  const createLayer = async (name: string) => {
    await layers.getByLabel('Name', { exact: true }).fill(name);
    await layers.getByRole('button', { name: 'Create layer' }).last().click();
  };
  await layers.getByRole('button', { name: 'Create layer' }).click();
  await createLayer('Pricing');
  await expect.poll(() => layers.locator('select').innerText()).toContain('Pricing');
  await layers.getByRole('button', { name: 'Create layer' }).click();
  await createLayer('pricing');
  await expect
    .poll(() => layers.getByRole('alert').innerText())
    .toContain('A layer named “Pricing” already exists');
  await page.reload();
  await tab(page, 'Design');
  expect(
    await page.getByRole('group', { name: 'Exclusion layer' }).locator('select').innerText(),
  ).not.toContain('Pricing');
  expect(errors).toEqual([]);
  await context.close();
});
