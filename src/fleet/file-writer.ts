import * as path from 'path';
import { canStartThread, startThread, SyncThread } from '../threads';

/** A file's content: its text, or its chunks in order (a large file, produced as it is written). */
export type WrittenContent = string | { readonly chunks: () => Iterable<string> };

/**
 * Writes the files of a render from a thread of its own, so that the calling thread renders the next cluster
 * while the kernel creates the files of the last one (a render of thousands of clusters creates hundreds of
 * thousands of small files and hundreds of MB of model files; on a machine with a spare core this takes their
 * encoding and system calls off the render). The bytes, the paths and the flag (`wx`: never overwrite) are those of a
 * write in the calling thread.
 *
 * - A render that writes few files never starts the thread ({@link WRITER_STARTS_AFTER}), nor does one that runs from
 *   the TypeScript sources (threads run the built JavaScript).
 * - The calling thread encodes each file (its paths, then its text or chunks as UTF-8, as `Buffer.from` does) straight
 *   into a ring of shared memory ({@link RING_BYTES}) that the thread writes from: no text is copied to cross threads,
 *   and the calling thread waits only when the ring is full, so what waits to be written stays a few MB.
 * - The first failure stops the writing. The calling thread sees it at its next write or at {@link finish}, which
 *   throws what the same write in the calling thread would have thrown (`failure`); {@link close} waits until the
 *   thread has stopped, so that the staging folder can be removed.
 */
export class FileWriter {
  private thread: SyncThread<WriterResult> | undefined;
  /** The shared state ({@link USED}, {@link FAILED}, {@link CALLER_WAITS}, {@link THREAD_WAITS}). */
  private state: Int32Array | undefined;
  private bytes: Buffer | undefined;
  private headers: Int32Array | undefined;
  /** Where the next record goes, and the bytes written into the ring since the thread was last told. */
  private at = 0;
  private unpublished = 0;
  private inThisThread = 0;
  /** No writer thread can run here (the TypeScript sources); known once the first files are written. */
  private threadless: boolean | undefined;
  private readonly encoder = new TextEncoder();

  /**
   * @param writeHere writes one file in the calling thread (before the thread starts, or without one)
   * @param failure turns what the thread reports into the error the same write here would have thrown
   */
  constructor(
    private readonly writeHere: (full: string, file: string, content: WrittenContent) => void,
    private readonly failure: (file: string, error: WriteFailure) => unknown,
  ) {}

  /** Writes `content` to the absolute path `full` (`file`: its path in the output, for messages). */
  public write(full: string, file: string, content: WrittenContent): void {
    if (!this.thread && !this.start()) {
      this.writeHere(full, file, content);
      return;
    }
    if (Atomics.load(this.state!, FAILED) !== 0) this.finish();
    if (typeof content === 'string') {
      this.begin(full, file, content, true);
      return;
    }
    this.begin(full, file, '', false);
    try {
      for (const chunk of content.chunks()) this.data(chunk);
    } finally {
      // also when the chunks threw: the thread closes the file (the render fails, the staging folder goes)
      this.mark(DATA | LAST);
    }
  }

  /** Waits until every file is written; throws the first failure. The writer is done then. */
  public finish(): void {
    if (!this.thread) return;
    const reply = this.stop();
    if ('error' in reply) throw new Error(reply.error);
    if (reply.result.failed) throw this.failure(reply.result.failed.file, reply.result.failed);
  }

  /** Stops the thread once it has stopped writing (after a failure elsewhere: the files still in the ring are dropped). */
  public close(): void {
    if (!this.thread) return;
    Atomics.store(this.state!, FAILED, 1);
    this.stop();
  }

  private start(): boolean {
    // whether a thread can start is asked once (a file system lookup), not for every file after the first ones
    if (this.inThisThread < WRITER_STARTS_AFTER || (this.threadless ??= !canStartThread(WRITER_THREAD))) {
      this.inThisThread++;
      return false;
    }
    const state = new SharedArrayBuffer(4 * STATE_FIELDS);
    const ring = new SharedArrayBuffer(RING_BYTES);
    this.state = new Int32Array(state);
    this.bytes = Buffer.from(ring);
    this.headers = new Int32Array(ring);
    // the thread holds no texts (it writes from the ring): a small young generation saves ~10 MB of memory
    this.thread = startThread<WriterTask, WriterResult>(WRITER_THREAD, { state, ring }, 'the file writer thread', { maxYoungGenerationSizeMb: 2 });
    return true;
  }

  /**
   * The first record of a file: its two paths, then as much of `text` as fits; the rest follows in DATA records.
   * `whole`: `text` is all of the file (else DATA records follow, the last one marked LAST).
   */
  private begin(full: string, file: string, text: string, whole: boolean): void {
    // UTF-8 takes at most 3 bytes per UTF-16 code unit
    const room = this.room(HEADER + PATH_LENGTHS + 3 * (full.length + file.length) + MIN_DATA);
    const start = this.at + HEADER;
    const end = this.at + room;
    const fullBytes = this.encode(full, start + PATH_LENGTHS, end).written;
    const fileBytes = this.encode(file, start + PATH_LENGTHS + fullBytes, end).written;
    this.headers![start / 4] = fullBytes;
    this.headers![start / 4 + 1] = fileBytes;
    const paths = PATH_LENGTHS + fullBytes + fileBytes;
    const encoded = this.encode(text, start + paths, Math.min(end, start + paths + MAX_DATA));
    if (whole && encoded.read === text.length) {
      this.record(BEGIN | LAST, paths + encoded.written);
      return;
    }
    this.record(BEGIN, paths + encoded.written);
    if (encoded.read < text.length) this.data(text.slice(encoded.read));
    if (whole) this.mark(DATA | LAST);
  }

  /** `text` in DATA records, each as long as the ring has room for. */
  private data(text: string): void {
    for (let rest = text; rest.length > 0;) {
      const room = this.room(HEADER + MIN_DATA);
      const start = this.at + HEADER;
      const { read, written } = this.encode(rest, start, start + Math.min(room - HEADER, MAX_DATA));
      this.record(DATA, written);
      rest = read === rest.length ? '' : rest.slice(read);
    }
  }

  /**
   * Encodes as much of `text` as fits between `start` and `end` of the ring (whole characters): how many code units
   * were read and bytes written. `Buffer.write` when all of it surely fits (a third faster than `encodeInto`, which
   * can stop in the middle of the text).
   */
  private encode(text: string, start: number, end: number): { read: number; written: number } {
    if (3 * text.length <= end - start) return { read: text.length, written: this.bytes!.write(text, start, 'utf8') };
    return this.encoder.encodeInto(text, this.bytes!.subarray(start, end));
  }

  /** A record without payload. */
  private mark(type: number): void {
    this.room(HEADER);
    this.record(type, 0);
  }

  /** Ends the record at {@link at} (its payload written): its header, then on to the next one. */
  private record(type: number, payload: number): void {
    this.headers![this.at / 4] = type;
    this.headers![this.at / 4 + 1] = payload;
    const size = recordBytes(payload);
    this.at += size;
    this.unpublished += size;
    if (this.at === RING_BYTES) this.at = 0;
    if (this.unpublished >= HANDOVER_BYTES) this.publish();
  }

  /**
   * Hands the records written so far to the thread. A waiting thread is woken once {@link WAKE_BYTES} are ready, or
   * when `now` (this thread is about to wait, or the last records): a wake costs tens of microseconds.
   */
  private publish(now = false): void {
    if (this.unpublished === 0 && !now) return;
    const ready = Atomics.add(this.state!, USED, this.unpublished) + this.unpublished;
    this.unpublished = 0;
    if ((now || ready >= WAKE_BYTES) && Atomics.load(this.state!, THREAD_WAITS) !== 0) Atomics.notify(this.state!, USED);
  }

  /**
   * Waits until at least `need` contiguous bytes are free at {@link at} (going round to the start of the ring with a
   * WRAP record when the end is too near); returns how many are (at most to the end of the ring).
   */
  private room(need: number): number {
    for (;;) {
      const used = Atomics.load(this.state!, USED);
      const free = RING_BYTES - used - this.unpublished;
      const toEnd = RING_BYTES - this.at;
      if (toEnd < need && free >= toEnd) {
        this.headers![this.at / 4] = WRAP;
        this.headers![this.at / 4 + 1] = 0;
        this.unpublished += toEnd;
        this.at = 0;
        continue;
      }
      const room = Math.min(toEnd, free);
      if (room >= need) return room;
      // full: the thread frees what it wrote; a failed thread still empties the ring (it writes nothing more)
      this.publish(true);
      // set before the wait compares: the thread either sees it when it gives room back, or the wait returns at once
      Atomics.store(this.state!, CALLER_WAITS, 1);
      Atomics.wait(this.state!, USED, used, 100);
      Atomics.store(this.state!, CALLER_WAITS, 0);
    }
  }

  private stop(): ReturnType<SyncThread<WriterResult>['result']> {
    const thread = this.thread!;
    this.mark(END);
    this.publish(true);
    this.thread = undefined;
    const reply = thread.result();
    thread.stop();
    return reply;
  }
}

/** Files written in the calling thread before the writer thread starts: a small render never starts it. */
export const WRITER_STARTS_AFTER = 512;

/** The ring the calling thread encodes files into and the writer thread writes them from. */
const RING_BYTES = 4 << 20;
/**
 * Each side tells the other every this many bytes (and whenever it is about to wait): the calling thread what it wrote
 * into the ring, the writer thread what it has written out of it.
 */
export const HANDOVER_BYTES = 64 << 10;
/** A waiting writer thread is woken once this many bytes are ready for it. */
const WAKE_BYTES = 1 << 20;
/** DATA records carry at most this many bytes, and at least this many are free for one. */
const MAX_DATA = 1 << 20;
const MIN_DATA = 64;

/**
 * The shared state (Int32): the bytes of the ring written and not yet given back, the failed flag, and who waits for
 * the first to change (the calling thread for room, the writer thread for records).
 */
export const USED = 0;
export const FAILED = 1;
export const CALLER_WAITS = 2;
export const THREAD_WAITS = 3;
const STATE_FIELDS = 4;

/**
 * The ring's records, each 8-byte aligned: [type, payload bytes] (two Int32), then the payload. BEGIN: [full path
 * bytes, file bytes] (two Int32), the two paths (UTF-8), then the first bytes of the file; DATA: more bytes of the
 * file; LAST (a flag): the file ends with this record; WRAP: the rest of the ring is unused; END: no more files.
 */
export const HEADER = 8;
/** A BEGIN record's payload starts with the byte lengths of its two paths (two Int32). */
export const PATH_LENGTHS = 8;
export const BEGIN = 1;
export const DATA = 2;
export const WRAP = 3;
export const END = 4;
export const LAST = 8;

/** The bytes a record with `payload` bytes takes in the ring (8-byte aligned). */
export const recordBytes = (payload: number) => (HEADER + payload + 7) & ~7;

const WRITER_THREAD = path.join(__dirname, `file-writer-thread${path.extname(__filename)}`);

/** What the writer thread gets. */
export interface WriterTask {
  /** The shared state: Int32 at {@link USED}, {@link FAILED}, {@link CALLER_WAITS}, {@link THREAD_WAITS}. */
  readonly state: SharedArrayBuffer;
  /** The ring of records (see {@link BEGIN}). */
  readonly ring: SharedArrayBuffer;
}

/** A write that failed in the writer thread, as it crosses threads (the fields of a Node.js system error). */
export interface WriteFailure {
  readonly file: string;
  readonly message: string;
  readonly code?: string;
  readonly path?: string;
}

/** What the writer thread replies once it got to the END record. */
export interface WriterResult {
  readonly failed?: WriteFailure;
}
