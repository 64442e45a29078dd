export { createStream, mix32, nextUint32, nextOpenUniform, nextUniform53, fillOpenUniform, type StreamState } from './stream.ts';
export { fillStandardNormal, nextStandardNormal } from './normal.ts';
export { fillGamma, fillLogGamma, createGammaScratch, type GammaScratch } from './gamma.ts';
export { fillBeta, createBetaScratch, type BetaScratch } from './beta.ts';
