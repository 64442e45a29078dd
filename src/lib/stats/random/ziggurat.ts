// Tables of the 256-layer ziggurat for the standard normal (Marsaglia & Tsang 2000). Every layer,
// including the base strip with the tail, has area V under f(x) = exp(-x²/2); R and V were solved with
// 40-digit arithmetic so the top layer closes on f(0) = 1.
export const ZIGGURAT_LAYERS = 256;
export const ZIGGURAT_R = 3.6541528853610088;
const V = 0.004928673233974655;

/** X[i]: right edge of layer i (X[0] is the base strip's pseudo-width V / f(R)); X[256] = 0. */
export const ZIGGURAT_X = new Float64Array(ZIGGURAT_LAYERS + 1);
/** F[i] = f(X[i]), increasing in i; F[256] = 1. */
export const ZIGGURAT_F = new Float64Array(ZIGGURAT_LAYERS + 1);

const density = (x: number): number => Math.exp(-0.5 * x * x);

ZIGGURAT_X[0] = V / density(ZIGGURAT_R);
ZIGGURAT_X[1] = ZIGGURAT_R;
for (let i = 1; i < ZIGGURAT_LAYERS - 1; i++) {
  ZIGGURAT_X[i + 1] = Math.sqrt(-2 * Math.log(density(ZIGGURAT_X[i]) + V / ZIGGURAT_X[i]));
}
ZIGGURAT_X[ZIGGURAT_LAYERS] = 0;
for (let i = 0; i < ZIGGURAT_LAYERS; i++) ZIGGURAT_F[i] = density(ZIGGURAT_X[i]);
ZIGGURAT_F[0] = 0; // the base strip reaches down to 0
ZIGGURAT_F[ZIGGURAT_LAYERS] = 1;

/** Fast-path test on the raw 23-bit position u: accept when u < ACCEPT[layer] (i.e. u·2⁻²³·X[i] < X[i+1]). */
export const ZIGGURAT_ACCEPT = new Float64Array(ZIGGURAT_LAYERS);
/** Indexed by the low 9 bits (layer + sign bit 8): ±X[layer]·2⁻²³, so a fast-path draw is one multiply. */
export const ZIGGURAT_SIGNED_SCALE = new Float64Array(2 * ZIGGURAT_LAYERS);
for (let i = 0; i < ZIGGURAT_LAYERS; i++) {
  ZIGGURAT_ACCEPT[i] = (ZIGGURAT_X[i + 1] / ZIGGURAT_X[i]) * 8388608;
  ZIGGURAT_SIGNED_SCALE[i] = ZIGGURAT_X[i] / 8388608;
  ZIGGURAT_SIGNED_SCALE[i + ZIGGURAT_LAYERS] = -ZIGGURAT_X[i] / 8388608;
}
