import { serveThread } from '../threads';
import type { RenderThreadResult, RenderThreadTask } from './parallel';

/** A render thread of renderFleetInParallel(): renders the clusters it takes and replies once. */
serveThread<RenderThreadTask, RenderThreadResult>('render thread', (task, receive) => {
  // required here, not imported: a failure to load is caught and reported like any other
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { renderThreadShare } = require('./parallel') as typeof import('./parallel');
  return renderThreadShare(task, receive);
});
