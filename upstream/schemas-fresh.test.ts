import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ownedFiles, regenerate } from '../src/validate';
import { SCHEMA_DIR } from '../test/support/bundle';
import { CHARTS_DIR, CRD_DIR } from './upstream';

// The committed bundle (and chart facts) must be what the generator makes of the pinned files; npm test reads only
// the committed copy.
describe(`regeneration from ${CRD_DIR} and ${CHARTS_DIR}`, () => {
  test('the committed schemas/ is up to date (run npm run regenerate and commit schemas/ if not)', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'ovn-ic-regen-'));
    try {
      const written = regenerate({ crdDir: CRD_DIR, chartsDir: CHARTS_DIR, outDir: out });
      expect(ownedFiles(SCHEMA_DIR)).toEqual(written);
      const stale = written.filter((f) => fs.readFileSync(path.join(out, f), 'utf8') !== fs.readFileSync(path.join(SCHEMA_DIR, f), 'utf8'));
      expect(stale).toEqual([]);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });
});
