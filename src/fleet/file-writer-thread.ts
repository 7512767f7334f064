import * as fs from 'fs';
import { serveThread } from '../threads';
import type { WriteFailure, WriterResult, WriterTask } from './file-writer';

/**
 * The writer thread of a render (FileWriter in file-writer.ts): writes each batch `[full, file, content, ...]` it
 * receives, until the end (`null`); after the first failure, or once the calling thread set the failed flag, it
 * only counts the batches.
 */
serveThread<WriterTask, WriterResult>('the file writer thread', (task, receive) => {
  const state = new Int32Array(task.state);
  let failed: WriteFailure | undefined;
  for (let batch = receive() as string[] | null; batch !== null; batch = receive() as string[] | null) {
    for (let i = 0; i < batch.length && Atomics.load(state, 1) === 0; i += 3) {
      try {
        fs.writeFileSync(batch[i], batch[i + 2], { flag: 'wx' });
      } catch (e) {
        const error = e as NodeJS.ErrnoException;
        failed = { file: batch[i + 1], message: String(error?.message ?? e), code: error?.code, path: error?.path };
        Atomics.store(state, 1, 1);
      }
    }
    Atomics.add(state, 0, 1);
    Atomics.notify(state, 0);
  }
  return failed ? { failed } : {};
});
