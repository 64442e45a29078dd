// The longest texts and largest counts a design may hold. One set of numbers for both ends: the
// Design tab refuses to save past them, and a snapshot link checks the same caps when it is opened,
// so whatever saves can also be shared.
export const DESIGN_LIMITS = {
  maxNameChars: 300,
  maxHypothesisChars: 5_000,
  maxArms: 26,
  maxMetrics: 100,
} as const;
