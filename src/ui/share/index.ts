// The sharing UI the app shell places: see docs/sharing.md.
export { default as SnapshotPage } from './SnapshotPage.svelte';
export { default as ShareButtons } from './ShareButtons.svelte';
export { default as ExportButtons } from './ExportButtons.svelte';
export { default as UpdatePrompt } from './UpdatePrompt.svelte';
export { registerServiceWorker, serviceWorker } from './service-worker.svelte.ts';
export {
  snapshotFromResults,
  resultsInputFromSnapshot,
  analysisSettingsFromSnapshot,
  type ShareableResults,
} from './snapshot-results.ts';
export { chartToPng, exportedChart, standaloneSvg } from './chart-export.ts';
