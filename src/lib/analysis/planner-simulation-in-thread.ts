// The planner's simulation with the engine in this thread (tests, scripts); the page sends
// simulationMetrics to the analysis workers instead, and summarizes their answers the same way.
import { analyzeMetric } from '../stats/analyze.ts';
import {
  simulationMetrics,
  summarizeSimulation,
  TRUE_BEST_ARM,
  type SimulationInput,
  type SimulationSummary,
} from './planner-simulation.ts';

export function simulateInThread(input: SimulationInput, threshold: number): SimulationSummary {
  const probabilities = simulationMetrics(input).map(
    (metric) => analyzeMetric(metric.arms, metric.options)[TRUE_BEST_ARM].probabilityToBeBest,
  );
  return summarizeSimulation(probabilities, threshold);
}
