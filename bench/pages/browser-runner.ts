// Page side of the browser benchmark host: imports a case module by file name and runs one case.
// Log lines go to console.info, which the host forwards to the terminal.
import type { BenchCase, BenchMeasurement } from '../types.ts';

window.runBenchCase = async (
  file: string,
  caseId: string,
  quick: boolean,
): Promise<BenchMeasurement[]> => {
  const module = (await import(/* @vite-ignore */ `/bench/cases/${file}`)) as {
    cases: BenchCase[];
  };
  const benchCase = module.cases.find((candidate) => candidate.id === caseId);
  if (!benchCase) throw new Error(`bench/cases/${file} has no case ${caseId}`);
  return benchCase.run({ quick, log: (message) => console.info(message) });
};
