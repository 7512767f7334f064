import { serveThread } from '../threads';
import type { WorkerResult, WorkerTask } from './parallel';

/** A validation thread of validateDirectory(): validates its sets and replies once. */
serveThread<WorkerTask, WorkerResult>('validation thread', (task) => {
  // required here, not imported: a failure to load is caught and reported like any other
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { ManifestValidator } = require('./validator') as typeof import('./validator');
  const validator = new ManifestValidator(task.options);
  const { problems, documents } = validator.validateFileSets(task.dir, task.sets);
  return { problems, documents, warnings: [...validator.warnings] };
});
