export { armColor, OKABE_ITO } from './palette.ts';
export {
  betaDensity,
  normalDensity,
  posteriorDensity,
  posteriorMeanSd,
  densityDomain,
} from './density.ts';
export {
  chartFrame,
  tickCount,
  DEFAULT_MARGIN,
  type Frame,
  type Margin,
  type Tick,
} from './frame.ts';
export {
  layoutDensityChart,
  type DensityArm,
  type DensityCurve,
  type DensityLayout,
} from './density-chart.ts';
export {
  layoutIntervalChart,
  type IntervalRowInput,
  type IntervalRow,
  type IntervalLayout,
} from './interval-chart.ts';
export {
  layoutExposureChart,
  cumulativeShares,
  type ExposureBucket,
  type ExposureLayout,
  type ExposureSeries,
} from './exposure-chart.ts';
export * from './format.ts';
