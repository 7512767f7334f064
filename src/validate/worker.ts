import { workerData } from 'worker_threads';
import type { WorkerReply, WorkerTask } from './parallel';

/** A validation thread of validateDirectory(): validates its sets, replies once, then signals the waiting thread. */
const task = workerData as WorkerTask;
let reply: WorkerReply;
try {
  // required here, not imported: a failure to load is caught and reported like any other
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { ManifestValidator } = require('./validator') as typeof import('./validator');
  const validator = new ManifestValidator(task.options);
  const { problems, documents } = validator.validateFileSets(task.dir, task.sets);
  reply = { problems, documents, warnings: [...validator.warnings] };
} catch (e) {
  reply = { error: `validation thread: ${(e as Error)?.message ?? String(e)}` };
}
task.port.postMessage(reply);
const flag = new Int32Array(task.done);
Atomics.store(flag, 0, 1);
Atomics.notify(flag, 0);
