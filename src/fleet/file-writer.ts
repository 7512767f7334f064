import * as path from 'path';
import { canStartThread, startThread, SyncThread } from '../threads';

/**
 * Writes the text files of a render from a thread of its own, so that the calling thread renders the next
 * cluster while the kernel creates the files of the last one (a render of thousands of clusters creates
 * hundreds of thousands of small files; on a machine with a spare core this takes their system calls off the
 * render). The bytes, the paths and the flag (`wx`: never overwrite) are those of a write in the calling thread.
 *
 * - A render that writes few files never starts the thread ({@link WRITER_STARTS_AFTER}), nor does one that runs from
 *   the TypeScript sources (threads run the built JavaScript).
 * - Files go to the thread in batches; the calling thread waits when more than {@link MAX_PENDING_BATCHES} are
 *   pending, so the texts waiting to be written stay a few MB.
 * - The first failure stops the writing. The calling thread sees it at its next write or at {@link finish}, which
 *   throws what the same write in the calling thread would have thrown (`failure`); {@link close} waits until the
 *   thread has stopped, so that the staging folder can be removed.
 */
export class FileWriter {
  private thread: SyncThread<WriterResult> | undefined;
  /** Int32 [batches written, failed]: shared with the thread. */
  private state: Int32Array | undefined;
  private batch: string[] = [];
  private batchBytes = 0;
  private posted = 0;
  private inThisThread = 0;
  /** No writer thread can run here (the TypeScript sources); known once the first files are written. */
  private threadless: boolean | undefined;

  /**
   * @param writeHere writes one file in the calling thread (before the thread starts, or without one)
   * @param failure turns what the thread reports into the error the same write here would have thrown
   */
  constructor(
    private readonly writeHere: (full: string, file: string, content: string) => void,
    private readonly failure: (file: string, error: WriteFailure) => unknown,
  ) {}

  /** Writes `content` to the absolute path `full` (`file`: its path in the output, for messages). */
  public write(full: string, file: string, content: string): void {
    if (!this.thread && !this.start()) {
      this.writeHere(full, file, content);
      return;
    }
    if (Atomics.load(this.state!, 1) !== 0) this.finish();
    this.batch.push(full, file, content);
    this.batchBytes += content.length;
    if (this.batch.length >= 3 * FILES_PER_BATCH || this.batchBytes >= BATCH_BYTES) this.flush();
  }

  /** Waits until every file is written; throws the first failure. The writer is done then. */
  public finish(): void {
    if (!this.thread) return;
    this.flush();
    const reply = this.stop();
    if ('error' in reply) throw new Error(reply.error);
    if (reply.result.failed) throw this.failure(reply.result.failed.file, reply.result.failed);
  }

  /** Stops the thread once it has stopped writing (after a failure elsewhere: the files still pending are dropped). */
  public close(): void {
    if (!this.thread) return;
    Atomics.store(this.state!, 1, 1);
    this.stop();
  }

  private start(): boolean {
    // whether a thread can start is asked once (a file system lookup), not for every file after the first ones
    if (this.inThisThread < WRITER_STARTS_AFTER || (this.threadless ??= !canStartThread(WRITER_THREAD))) {
      this.inThisThread++;
      return false;
    }
    const shared = new SharedArrayBuffer(8);
    this.state = new Int32Array(shared);
    // the thread only holds the texts on their way (a few MB): a small young generation saves ~10 MB of memory
    this.thread = startThread<WriterTask, WriterResult>(WRITER_THREAD, { state: shared }, 'the file writer thread', { maxYoungGenerationSizeMb: 2 });
    return true;
  }

  private flush(): void {
    if (this.batch.length === 0) return;
    this.thread!.send(this.batch);
    this.posted++;
    this.batch = [];
    this.batchBytes = 0;
    const state = this.state!;
    for (let written = Atomics.load(state, 0); this.posted - written > MAX_PENDING_BATCHES; written = Atomics.load(state, 0)) {
      if (Atomics.load(state, 1) !== 0) return;
      Atomics.wait(state, 0, written, 100);
    }
  }

  private stop(): ReturnType<SyncThread<WriterResult>['result']> {
    const thread = this.thread!;
    this.thread = undefined;
    thread.send(null);
    const reply = thread.result();
    thread.stop();
    return reply;
  }
}

/** Files written in the calling thread before the writer thread starts: a small render never starts it. */
export const WRITER_STARTS_AFTER = 512;
const FILES_PER_BATCH = 64;
const BATCH_BYTES = 256 * 1024;
const MAX_PENDING_BATCHES = 32;

const WRITER_THREAD = path.join(__dirname, `file-writer-thread${path.extname(__filename)}`);

/** What the writer thread gets. */
export interface WriterTask {
  /** Int32 [batches written, failed]. */
  readonly state: SharedArrayBuffer;
}

/** A write that failed in the writer thread, as it crosses threads (the fields of a Node.js system error). */
export interface WriteFailure {
  readonly file: string;
  readonly message: string;
  readonly code?: string;
  readonly path?: string;
}

/** What the writer thread replies once it got the end (`null`). */
export interface WriterResult {
  readonly failed?: WriteFailure;
}
