export { erf, erfc } from './erfc-rational.ts';
export { normalCdf, normalSf, normalPdf, normalQuantile, logNormalCdf } from './normal.ts';
export { logGamma, logBeta, stirlingCorrection } from './log-gamma.ts';
export { betaCdf, betaSf, betaPdf, logBetaPdf } from './beta.ts';
export { betaQuantile } from './beta-quantile.ts';
export { regularizedGammaQ, regularizedGammaP } from './incomplete-gamma.ts';
export { binomialDeviance } from './binomial-deviance.ts';
export { studentTSf, studentTCdf, studentTPdf, studentTQuantile } from './student-t.ts';
