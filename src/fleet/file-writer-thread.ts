import * as fs from 'fs';
import { serveThread } from '../threads';
import {
  BEGIN, CALLER_WAITS, DATA, END, FAILED, HANDOVER_BYTES, HEADER, LAST, PATH_LENGTHS, recordBytes, THREAD_WAITS, USED, WRAP,
  type WriteFailure, type WriterResult, type WriterTask,
} from './file-writer';

/**
 * The writer thread of a render (FileWriter in file-writer.ts): writes the files whose records the calling thread
 * puts into the shared ring, until the END record; after the first failure, or once the calling thread set the failed
 * flag, it only empties the ring (so the calling thread never waits for room in vain).
 */
serveThread<WriterTask, WriterResult>('the file writer thread', (task) => {
  const state = new Int32Array(task.state);
  const headers = new Int32Array(task.ring);
  const bytes = Buffer.from(task.ring);
  const size = bytes.length;
  let failed: WriteFailure | undefined;
  let at = 0;
  /** Bytes read from the ring that the calling thread was not yet given back. */
  let done = 0;
  let fd: number | undefined;
  let file = '';
  const giveBack = () => {
    if (done === 0) return;
    Atomics.sub(state, USED, done);
    if (Atomics.load(state, CALLER_WAITS) !== 0) Atomics.notify(state, USED);
    done = 0;
  };
  const fail = (e: unknown) => {
    const error = e as NodeJS.ErrnoException;
    failed ??= { file, message: String(error?.message ?? e), code: error?.code, path: error?.path };
    Atomics.store(state, FAILED, 1);
  };
  const close = () => {
    if (fd === undefined) return;
    const closing = fd;
    fd = undefined;
    try {
      fs.closeSync(closing);
    } catch (e) {
      fail(e);
    }
  };
  const write = (from: number, to: number) => {
    try {
      for (let p = from; p < to;) p += fs.writeSync(fd!, bytes, p, to - p);
    } catch (e) {
      fail(e);
      close();
    }
  };

  for (;;) {
    const ready = Atomics.load(state, USED) - done;
    if (ready === 0) {
      // nothing to write: give back what was written, then wait for the calling thread's next records
      giveBack();
      Atomics.store(state, THREAD_WAITS, 1);
      Atomics.wait(state, USED, 0, 100);
      Atomics.store(state, THREAD_WAITS, 0);
      continue;
    }
    const type = headers[at / 4];
    const payload = headers[at / 4 + 1];
    const start = at + HEADER;
    const length = type === WRAP ? size - at : recordBytes(payload);
    if (type === END) {
      close();
      done += length;
      giveBack();
      break;
    }
    const writing = Atomics.load(state, FAILED) === 0;
    if ((type & ~LAST) === BEGIN) {
      const fullBytes = headers[start / 4];
      const fileBytes = headers[start / 4 + 1];
      const paths = start + PATH_LENGTHS;
      const full = bytes.toString('utf8', paths, paths + fullBytes);
      file = bytes.toString('utf8', paths + fullBytes, paths + fullBytes + fileBytes);
      if (writing) {
        try {
          fd = fs.openSync(full, 'wx');
        } catch (e) {
          fail(e);
        }
      }
      if (fd !== undefined) write(paths + fullBytes + fileBytes, start + payload);
    } else if ((type & ~LAST) === DATA && fd !== undefined) {
      if (writing) write(start, start + payload);
      else close();
    }
    if ((type & LAST) !== 0) close();
    at += length;
    if (at === size) at = 0;
    done += length;
    if (done >= HANDOVER_BYTES) giveBack();
  }
  return failed ? { failed } : {};
});
