import { compareMonteCarlo, monteCarloChunk } from '../src/lib/stats/compare/index.ts';
import { createStream, fillNormal } from '../src/lib/stats/random/index.ts';
const cpu = (f: () => void) => { let best = Infinity; for (let r = 0; r < 7; r++) { const a = process.cpuUsage(); f(); const b = process.cpuUsage(a); best = Math.min(best, (b.user + b.system) / 1000); } return best.toFixed(1); };
const input = { posteriors: Array.from({length: 10}, (_, i) => ({ family: 'normal', mean: 0.1 * i, sd: 0.3 + 0.05 * i })), direction: 'higher', control: 0 } as any;
const out = Array.from({ length: 10 }, () => new Float64Array(65536));
console.log('fill only', cpu(() => { for (let c = 0; c < 16; c++) { const st = createStream(1, c); for (let k = 0; k < 10; k++) fillNormal(st, out[k], 0, 62500, 0.1 * k, 0.3); } }));
console.log('chunks', cpu(() => { for (let c = 0; c < 16; c++) monteCarloChunk(input, 1, c, 62500); }));
console.log('full', cpu(() => compareMonteCarlo(input, { draws: 1e6, seed: 1 })));
