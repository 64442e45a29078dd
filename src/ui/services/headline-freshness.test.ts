import { expect, test } from 'vitest';
import { headlineIsCurrent } from './headline-freshness.ts';

const headline = { at: 1_000, iterationNumber: 2 };

test('a headline computed after the latest dataset of the same iteration is current', () => {
  expect(headlineIsCurrent(headline, { iterationNumber: 2, datasetCreatedAt: 900 })).toBe(true);
});

test('data imported after the headline makes it stale', () => {
  expect(headlineIsCurrent(headline, { iterationNumber: 2, datasetCreatedAt: 1_001 })).toBe(false);
});

test('a headline of another iteration is stale', () => {
  expect(headlineIsCurrent(headline, { iterationNumber: 3, datasetCreatedAt: 10 })).toBe(false);
});

test('no headline is never current', () => {
  expect(headlineIsCurrent(undefined, { iterationNumber: 1, datasetCreatedAt: 0 })).toBe(false);
});
