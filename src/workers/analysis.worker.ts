// The analysis worker: exposes the analysis tasks to the pool through Comlink.
import { expose } from 'comlink';
import { createAnalysisWorkerApi } from './analysis-worker-api.ts';

expose(createAnalysisWorkerApi());
