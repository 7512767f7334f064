import * as fs from 'fs';
import { MessageChannel, type MessagePort, type ResourceLimits, Worker, receiveMessageOnPort, workerData } from 'worker_threads';

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
  /** Messages {@link SyncThread.send} sends, and how many were sent (Int32 [count]). */
  readonly inbox: MessagePort;
  readonly sent: SharedArrayBuffer;
}

/** A started thread. */
export interface SyncThread<R> {
  /** Blocks until the thread has replied; it always does ({@link serveThread} catches what its work throws). */
  result(): ThreadReply<R>;
  /** Ends the thread (after {@link result}, or to abandon it). */
  stop(): void;
  /** Sends the thread a message, which its work receives with `receive()` (blocking until it is there). */
  send(message: unknown): void;
}

/** True when `file` can run as a thread: worker threads run the built JavaScript (`lib/`), not the TypeScript sources. */
export function canStartThread(file: string): boolean {
  return file.endsWith('.js') && fs.existsSync(file);
}

/**
 * Starts `file` (a module that calls {@link serveThread}) with `task`, which must survive the structured clone
 * (plain data, SharedArrayBuffers). `what` names the thread in the error of a thread that ended without a reply;
 * `resourceLimits` are the thread's heap limits (Node.js's Worker option).
 */
export function startThread<T, R>(file: string, task: T, what: string, resourceLimits?: ResourceLimits): SyncThread<R> {
  const done = new SharedArrayBuffer(4);
  const flag = new Int32Array(done);
  const { port1, port2 } = new MessageChannel();
  const inbox = new MessageChannel();
  const sent = new SharedArrayBuffer(4);
  const data: ThreadData<T> = { task, done, port: port2, inbox: inbox.port2, sent };
  const worker = new Worker(file, { workerData: data, transferList: [port2, inbox.port2], resourceLimits });
  return {
    send(message: unknown): void {
      inbox.port1.postMessage(message);
      Atomics.add(new Int32Array(sent), 0, 1);
      Atomics.notify(new Int32Array(sent), 0);
    },
    result(): ThreadReply<R> {
      Atomics.wait(flag, 0, 0);
      const message = receiveMessageOnPort(port1);
      return message ? (message.message as ThreadReply<R>) : { error: `${what} ended without a result` };
    },
    stop(): void {
      port1.close();
      inbox.port1.close();
      void worker.terminate();
    },
  };
}

/**
 * The body of a thread started by {@link startThread}: runs `work` on the task, replies once, signals the caller.
 * `receive()` blocks until the caller has sent the next message ({@link SyncThread.send}) and returns it.
 */
export function serveThread<T, R>(what: string, work: (task: T, receive: () => unknown) => R): void {
  const data = workerData as ThreadData<T>;
  const sent = new Int32Array(data.sent);
  let received = 0;
  const receive = (): unknown => {
    while (Atomics.load(sent, 0) <= received) Atomics.wait(sent, 0, received);
    received++;
    return receiveMessageOnPort(data.inbox)?.message;
  };
  let reply: ThreadReply<R>;
  try {
    reply = { result: work(data.task, receive) };
  } catch (e) {
    reply = { error: `${what}: ${(e as Error)?.message ?? String(e)}` };
  }
  data.port.postMessage(reply);
  const flag = new Int32Array(data.done);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
}
