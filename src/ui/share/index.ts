// The sharing UI the app shell places: see the README, section "Sharing, embedding, offline use, exports and security".
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
