#!/usr/bin/env node
// `npx credence …`: the command line (scripts/credence-cli.ts), run through tsx (a development
// dependency; the package is private and runs from its repository).
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

const argv = process.argv.slice(2);

/**
 * The parser thread, started first thing when the run may use two threads: its start-up (tsx in a
 * thread: about 0.5 s of CPU) then overlaps this thread's own. The same as startParserThread in
 * scripts/credence-cli.ts, which cannot be loaded before tsx is.
 */
function earlyParserThread() {
  const threads = argv[argv.indexOf('--threads') + 1];
  if (argv[0] !== 'aggregate' || availableParallelism() < 2 || threads === '1') return undefined;
  const { port1, port2 } = new MessageChannel();
  const module = new URL('../scripts/parser-thread.ts', import.meta.url).href;
  const bootstrap = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(module)}); })`;
  const worker = new Worker(bootstrap, {
    eval: true,
    workerData: { port: port2 },
    transferList: [port2],
  });
  return { port: port1, worker };
}

const early = earlyParserThread();
register();
const { run } = await import('../scripts/credence-cli.ts');
process.exitCode = await run(argv, undefined, early);
