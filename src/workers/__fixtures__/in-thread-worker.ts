// An analysis "worker" in the test's own thread: the real worker API exposed through Comlink over a
// MessageChannel. Messages, cloning and cancellation behave as with a Web Worker, minus the thread.
import { expose } from 'comlink';
import { createAnalysisWorkerApi } from '../analysis-worker-api.ts';
import type { WorkerLike } from '../worker-pool.ts';

export type InThreadWorkers = {
  create: () => WorkerLike;
  created: () => number;
  crash: (index: number) => void;
};

export function inThreadWorkers(): InThreadWorkers {
  const ports: (MessagePort & WorkerLike)[] = [];
  return {
    create() {
      const { port1, port2 } = new MessageChannel();
      expose(createAnalysisWorkerApi(), port1);
      const worker = Object.assign(port2, {
        terminate() {
          port1.close();
          port2.close();
        },
      });
      ports.push(worker);
      return worker;
    },
    created: () => ports.length,
    crash(index) {
      ports[index].dispatchEvent(Object.assign(new Event('error'), { message: 'simulated crash' }));
    },
  };
}
