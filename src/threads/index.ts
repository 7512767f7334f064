import * as fs from 'fs';
import { MessageChannel, type MessagePort, Worker, receiveMessageOnPort, workerData } from 'worker_threads';

/**
 * Synchronous worker threads: the calling thread starts them, does its own share of the work, then blocks until
 * each has replied (the callers are synchronous functions: a render, a validation). One reply per thread, sent
 * through a MessageChannel and signalled through a shared flag, so no event loop turn is needed to receive it.
 */

/** A thread's reply: its result, or the message of what it threw. */
export type ThreadReply<R> = { readonly result: R } | { readonly error: string };

/** What {@link startThread} passes as `workerData`. */
interface ThreadData<T> {
  readonly task: T;
  readonly done: SharedArrayBuffer;
  readonly port: MessagePort;
}

/** A started thread. */
export interface SyncThread<R> {
  /** Blocks until the thread has replied; it always does ({@link serveThread} catches what its work throws). */
  result(): ThreadReply<R>;
  /** Ends the thread (after {@link result}, or to abandon it). */
  stop(): void;
}

/** True when `file` can run as a thread: worker threads run the built JavaScript (`lib/`), not the TypeScript sources. */
export function canStartThread(file: string): boolean {
  return file.endsWith('.js') && fs.existsSync(file);
}

/**
 * Starts `file` (a module that calls {@link serveThread}) with `task`, which must survive the structured clone
 * (plain data, SharedArrayBuffers). `what` names the thread in the error of a thread that ended without a reply.
 */
export function startThread<T, R>(file: string, task: T, what: string): SyncThread<R> {
  const done = new SharedArrayBuffer(4);
  const flag = new Int32Array(done);
  const { port1, port2 } = new MessageChannel();
  const data: ThreadData<T> = { task, done, port: port2 };
  const worker = new Worker(file, { workerData: data, transferList: [port2] });
  return {
    result(): ThreadReply<R> {
      Atomics.wait(flag, 0, 0);
      const message = receiveMessageOnPort(port1);
      return message ? (message.message as ThreadReply<R>) : { error: `${what} ended without a result` };
    },
    stop(): void {
      port1.close();
      void worker.terminate();
    },
  };
}

/** The body of a thread started by {@link startThread}: runs `work` on the task, replies once, signals the caller. */
export function serveThread<T, R>(what: string, work: (task: T) => R): void {
  const data = workerData as ThreadData<T>;
  let reply: ThreadReply<R>;
  try {
    reply = { result: work(data.task) };
  } catch (e) {
    reply = { error: `${what}: ${(e as Error)?.message ?? String(e)}` };
  }
  data.port.postMessage(reply);
  const flag = new Int32Array(data.done);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
}
