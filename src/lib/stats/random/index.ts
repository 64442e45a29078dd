// Seeded random numbers for Monte Carlo: xoshiro128** streams, ziggurat normals, Marsaglia–Tsang gammas, Beta.
export {
  createStream,
  mix32,
  nextUint32,
  nextOpenUniform,
  nextUniform53,
  fillOpenUniform,
  type StreamState,
} from './stream.ts';
export { fillNormal, fillStandardNormal, nextStandardNormal } from './normal.ts';
export { fillGamma, fillLogGamma } from './gamma.ts';
export { fillBeta, createBetaScratch, type BetaScratch } from './beta.ts';
export { nextBinomial } from './binomial.ts';
