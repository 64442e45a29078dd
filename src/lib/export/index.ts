// Results and charts leaving the app: CSV, Markdown (pure text here; SVG and PNG live in src/ui/share).
export { csvCell, toCsv, type CsvCell } from './csv.ts';
export { markdownCell, toMarkdownTable, type Alignment } from './markdown.ts';
export {
  resultsCsv,
  resultsMarkdown,
  type ExportedArm,
  type ExportedMetric,
  type ResultsTable,
} from './results-table.ts';
export { resultsTableFromSnapshot } from './from-snapshot.ts';
export { exportFileName } from './file-name.ts';
