// One way to let other tasks run in the middle of long work, shared by the workers and the ingest
// library (both run in Node and in browsers).

/**
 * A macrotask boundary: pending messages (a cancel, a file read finishing) are handled before the
 * promise resolves. setTimeout would be clamped to 4 ms after a few nested calls; setImmediate (Node)
 * and a MessageChannel tick (browsers) are not.
 */
export function yieldToEventLoop(): Promise<void> {
  if (typeof setImmediate === 'function') return new Promise((resolve) => setImmediate(resolve));
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}
