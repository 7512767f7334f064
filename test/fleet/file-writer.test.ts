import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { listFiles } from '../../bench/compare';

// The writer thread runs the built JavaScript (lib/, which npm ci builds): these tests use the build, as a render from
// `npm run synth` or the CLI does. From the TypeScript sources every file is written in the calling thread.
const LIB = path.resolve(__dirname, '../../lib');
const built = fs.existsSync(path.join(LIB, 'src/fleet/file-writer-thread.js'));
/* eslint-disable @typescript-eslint/no-require-imports */
const folder = (built ? require(path.join(LIB, 'src/fleet/output-folder')) : undefined) as typeof import('../../src/fleet/output-folder');
const writer = (built ? require(path.join(LIB, 'src/fleet/file-writer')) : undefined) as typeof import('../../src/fleet/file-writer');

let tmp: string;
beforeEach(() => { tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ovn-ic-writer-')); });
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Enough files that the writer thread starts, in nested folders: path -> text. */
const COUNT = 1500;
const fileOf = (i: number) => `clusters/c${String(i % 16).padStart(2, '0')}/object-${String(i).padStart(4, '0')}.k8s.yaml`;
const textOf = (i: number, variant: string) => `variant: ${variant}\nindex: ${i}\n${'padding: x\n'.repeat(i % 7)}`;

/** Every file below `dir` with its text (the marker file too). */
function tree(dir: string): Record<string, string> {
  return Object.fromEntries([...listFiles(dir), folder.OUTPUT_MARKER].map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));
}

/** A FileWriter's own write in the calling thread, as the staging folder's (`wx`); texts only in these tests. */
const writeHere = (full: string, _file: string, content: unknown) => fs.writeFileSync(full, content as string, { flag: 'wx' });

(built ? describe : describe.skip)('FileWriter (needs the build in lib/)', () => {
  test('writes the first files in the calling thread, the rest in its thread, each with its bytes', () => {
    const here: string[] = [];
    const w = new writer.FileWriter((full, file, content) => { here.push(file); writeHere(full, file, content); }, () => new Error('unexpected'));
    for (let i = 0; i < COUNT; i++) w.write(path.join(tmp, `f${i}`), `f${i}`, textOf(i, 'new'));
    w.finish();
    expect(here).toEqual(Array.from({ length: writer.WRITER_STARTS_AFTER }, (_, i) => `f${i}`));
    for (let i = 0; i < COUNT; i++) expect(fs.readFileSync(path.join(tmp, `f${i}`), 'utf8')).toBe(textOf(i, 'new'));
  });

  test('texts and chunked files larger than the ring, with characters of every UTF-8 length, arrive byte for byte', () => {
    const w = new writer.FileWriter(writeHere, () => new Error('unexpected'));
    for (let i = 0; i < writer.WRITER_STARTS_AFTER; i++) w.write(path.join(tmp, `f${i}`), `f${i}`, 'x');
    // 1-, 2-, 3- and 4-byte characters (a surrogate pair), so that records end next to characters of every length
    const line = (i: number) => `${i} ascii é ü 中文 😀 ${'z'.repeat(i % 97)}\n`;
    const big = Array.from({ length: 120_000 }, (_, i) => line(i)).join('');
    expect(Buffer.byteLength(big)).toBeGreaterThan(2 * 4 * 1024 * 1024);
    const chunks = Array.from({ length: 3000 }, (_, i) => line(i).repeat(1 + (i % 50)));
    w.write(path.join(tmp, 'big.txt'), 'big.txt', big);
    w.write(path.join(tmp, 'chunked.txt'), 'chunked.txt', { chunks: () => chunks });
    w.write(path.join(tmp, 'empty.txt'), 'empty.txt', '');
    w.write(path.join(tmp, 'no-chunks.txt'), 'no-chunks.txt', { chunks: () => [] });
    w.write(path.join(tmp, 'ünïcode-päth.txt'), 'ünïcode-päth.txt', 'ok\n');
    w.finish();
    expect(fs.readFileSync(path.join(tmp, 'big.txt')).equals(Buffer.from(big))).toBe(true);
    expect(fs.readFileSync(path.join(tmp, 'chunked.txt')).equals(Buffer.from(chunks.join('')))).toBe(true);
    expect(fs.readFileSync(path.join(tmp, 'empty.txt'), 'utf8')).toBe('');
    expect(fs.readFileSync(path.join(tmp, 'no-chunks.txt'), 'utf8')).toBe('');
    expect(fs.readFileSync(path.join(tmp, 'ünïcode-päth.txt'), 'utf8')).toBe('ok\n');
  });

  test('chunks that throw: their error, the file closed with what came before, the next file written', () => {
    const w = new writer.FileWriter(writeHere, () => new Error('unexpected'));
    for (let i = 0; i < writer.WRITER_STARTS_AFTER; i++) w.write(path.join(tmp, `f${i}`), `f${i}`, 'x');
    function* failing(): Generator<string> {
      yield 'first\n';
      throw new Error('the model is broken');
    }
    expect(() => w.write(path.join(tmp, 'half.txt'), 'half.txt', { chunks: failing })).toThrow('the model is broken');
    w.write(path.join(tmp, 'after.txt'), 'after.txt', 'after\n');
    w.finish();
    expect(fs.readFileSync(path.join(tmp, 'half.txt'), 'utf8')).toBe('first\n');
    expect(fs.readFileSync(path.join(tmp, 'after.txt'), 'utf8')).toBe('after\n');
  });

  test('a failure in its thread reaches the failure callback with the system error\'s fields, and stops the writing', () => {
    const failures: unknown[] = [];
    const w = new writer.FileWriter((full, _file, content) => fs.writeFileSync(full, content as string), (file, failed) => {
      failures.push({ file, code: failed.code, path: failed.path });
      return new Error(`cannot write ${file}`);
    });
    for (let i = 0; i < writer.WRITER_STARTS_AFTER; i++) w.write(path.join(tmp, `f${i}`), `f${i}`, 'x');
    w.write(path.join(tmp, 'missing', 'f'), 'missing/f', 'x');
    expect(() => {
      for (let i = 0; i < COUNT; i++) w.write(path.join(tmp, `g${i}`), `g${i}`, 'x');
      w.finish();
    }).toThrow('cannot write missing/f');
    expect(failures).toEqual([{ file: 'missing/f', code: 'ENOENT', path: path.join(tmp, 'missing', 'f') }]);
    // nothing after the failure was written
    expect(fs.readdirSync(tmp).filter((f) => f.startsWith('g'))).toEqual([]);
  });
});

(built ? describe : describe.skip)('writeOutputFolder with the writer thread (needs the build in lib/)', () => {
  test('a render of more files than the writer starts after writes each file with its bytes', () => {
    expect(COUNT).toBeGreaterThan(writer.WRITER_STARTS_AFTER * 2);
    const out = path.join(tmp, 'dist');
    let presentWhenStaged = -1;
    const result = folder.writeOutputFolder(out, (emit, staging) => {
      for (let i = 0; i < COUNT; i++) emit(fileOf(i), textOf(i, 'new'));
      emit('big.json', { chunks: () => ['{\n', '  "a": 1\n', '}\n'] });
      return () => { presentWhenStaged = listFiles(staging).length; };
    });
    expect(result).toEqual({ files: COUNT + 1, warnings: [] });
    // the callback runs once every text is written (the thread may still have had some when produce returned)
    expect(presentWhenStaged).toBe(COUNT + 1);
    const written = tree(out);
    expect(Object.keys(written)).toHaveLength(COUNT + 2);
    for (let i = 0; i < COUNT; i++) expect(written[fileOf(i)]).toBe(textOf(i, 'new'));
    expect(written['big.json']).toBe('{\n  "a": 1\n}\n');
    expect(written[folder.OUTPUT_MARKER]).toBe(folder.OUTPUT_MARKER_CONTENT);
  });

  test('two files for one path, the second long after the thread started: the one-line error, the old output as it was', () => {
    const out = path.join(tmp, 'dist');
    folder.writeOutputFolder(out, (emit) => { for (let i = 0; i < COUNT; i++) emit(fileOf(i), textOf(i, 'old')); });
    const before = tree(out);
    let emitted = 0;
    expect(() => folder.writeOutputFolder(out, (emit) => {
      for (let i = 0; i < COUNT; i++, emitted++) emit(fileOf(i), textOf(i, 'new'));
      emit(fileOf(1200), 'again\n');
      for (let i = 0; i < COUNT; i++) emit(`more/${fileOf(i)}`, 'more\n');
    })).toThrow(new folder.OutputFolderError(`two files of the render are written to ${fileOf(1200)}; give one of them another path`));
    expect(emitted).toBe(COUNT);
    expect(tree(out)).toEqual(before);
    // no staging folder, no lock left beside the output
    expect(fs.readdirSync(tmp)).toEqual(['dist']);
  });

  test('a render that throws after the thread started: its error, the old output as it was, nothing left beside it', () => {
    const out = path.join(tmp, 'dist');
    folder.writeOutputFolder(out, (emit) => { emit('a.yaml', 'a: 1\n'); });
    expect(() => folder.writeOutputFolder(out, (emit) => {
      for (let i = 0; i < COUNT; i++) emit(fileOf(i), textOf(i, 'new'));
      throw new Error('bad fleet');
    })).toThrow('bad fleet');
    expect(tree(out)).toEqual({ [folder.OUTPUT_MARKER]: folder.OUTPUT_MARKER_CONTENT, 'a.yaml': 'a: 1\n' });
    expect(fs.readdirSync(tmp)).toEqual(['dist']);
  });

  test('a chunked file that cannot be created in the thread: the message the calling thread would give, nothing written', () => {
    const out = path.join(tmp, 'dist');
    expect(() => folder.writeOutputFolder(out, (emit) => {
      for (let i = 0; i < COUNT; i++) emit(fileOf(i), textOf(i, 'new'));
      // a folder already (its files were emitted first): EEXIST when the thread opens it
      emit('clusters/c02', { chunks: () => ['[\n', '  1\n', ']\n'] });
    })).toThrow(new folder.OutputFolderError('two files of the render are written to clusters/c02; give one of them another path'));
    expect(fs.existsSync(out)).toBe(false);
    expect(fs.readdirSync(tmp)).toEqual([]);
  });

  test('a file system failure in the thread is the message the calling thread would give', () => {
    const out = path.join(tmp, 'dist');
    // a text for a path that is a folder already (its files were emitted first): EEXIST in the thread
    const message = (() => {
      try {
        folder.writeOutputFolder(out, (emit) => {
          for (let i = 0; i < COUNT; i++) emit(fileOf(i), textOf(i, 'new'));
          emit('clusters/c01', 'not a folder\n');
        });
      } catch (e) {
        return (e as Error).message;
      }
      return 'no error';
    })();
    expect(message).toBe('two files of the render are written to clusters/c01; give one of them another path');
    expect(fs.existsSync(out)).toBe(false);
  });
});
