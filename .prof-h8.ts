import { openAsBlob } from 'node:fs';
const which = process.argv[2] ?? 'new';
const path = process.argv[3] ?? '/tmp/credence-bench-sample-20000.jsonl';
const mod = which === 'old'
  ? await import('/tmp/h8/ingest-before/index.ts')
  : await import('/work/main/src/lib/ingest/index.ts');
const { SAMPLE_EXPERIMENT } = await import('/work/main/src/lib/ingest/sample-data.ts');
const blob = await openAsBlob(path);
for (let i = 0; i < 4; i++) {
  const t = performance.now();
  const r = await mod.aggregateExperimentData([blob], SAMPLE_EXPERIMENT);
  const s = (performance.now() - t) / 1000;
  console.log(which, (blob.size / 1e6 / s).toFixed(1), 'MB/s', r.diagnostics.recordsRead);
}
