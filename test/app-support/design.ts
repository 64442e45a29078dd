// Fills the Design tab with the sample file's design (flag, unit, its two metrics) and saves it.
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { SAMPLE_EXPERIMENT } from '../../src/lib/ingest/sample-data.ts';

/** On the Design tab of a new experiment: unit `user`, the sample's flag and metrics, then Save. */
export async function fillSampleDesign(page: Page): Promise<void> {
  await page.getByLabel('Randomize by').selectOption('user');
  await page.locator('#flag-select').selectOption(SAMPLE_EXPERIMENT.flagKey);
  const names = ['Signup rate', 'Revenue per user'];
  for (const [index, metric] of SAMPLE_EXPERIMENT.metrics.entries()) {
    await page.getByRole('button', { name: 'Add metric' }).click();
    const group = page.getByRole('group', { name: `Metric ${index + 1}` });
    await group.getByLabel('Name').fill(names[index]);
    await group.getByLabel('Key', { exact: true }).fill(metric.key);
    await group.getByLabel('Event key').fill(metric.eventKey);
    await group.getByLabel('Kind').selectOption(metric.kind);
    await group.getByLabel('Per-unit aggregation').selectOption(metric.aggregation);
  }
  await page.getByRole('button', { name: /^Save/ }).click();
  await expect
    .poll(() => page.getByRole('status').filter({ hasText: 'Design saved.' }).count())
    .toBe(1);
}

/** From anywhere in the app: Experiments → Create experiment, named (and with a hypothesis). */
export async function createExperiment(
  page: Page,
  name: string,
  hypothesis?: string,
): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Experiments' })
    .click();
  await page.getByRole('button', { name: 'Create experiment' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Create experiment' });
  await dialog.getByLabel('Name').fill(name);
  if (hypothesis !== undefined) await dialog.getByLabel('Hypothesis').fill(hypothesis);
  await dialog.getByRole('button', { name: 'Create experiment' }).click();
  await page.getByRole('heading', { name: 'Design' }).waitFor();
}

/** A new experiment with the sample file's design, its first iteration started in production. */
export async function startSampleExperiment(
  page: Page,
  name: string,
  hypothesis?: string,
): Promise<void> {
  await createExperiment(page, name, hypothesis);
  await fillSampleDesign(page);
  await page.getByRole('button', { name: 'Start iteration' }).click();
  await page.getByText('Iteration started in production.').waitFor();
}
