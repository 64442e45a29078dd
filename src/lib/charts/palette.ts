// Okabe–Ito colours, reordered so neighbouring arms differ for every common colour-vision deficiency
// and the first colours keep contrast on both light and dark backgrounds (yellow comes last).
export const OKABE_ITO = [
  '#0072B2', // blue
  '#E69F00', // orange
  '#009E73', // bluish green
  '#D55E00', // vermillion
  '#CC79A7', // reddish purple
  '#56B4E9', // sky blue
  '#F0E442', // yellow
  '#999999', // grey
] as const;

/** The colour of arm `index`; cycles past the eighth arm. */
export function armColor(index: number): string {
  const size = OKABE_ITO.length;
  return OKABE_ITO[((Math.trunc(index) % size) + size) % size];
}
