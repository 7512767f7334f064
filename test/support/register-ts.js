// Lets a child process of a test run the project's TypeScript sources: `node -r test/support/register-ts.js x.ts`.
// Transpile only (like the suite's ts-jest isolatedModules; `npm run build` type-checks), cached by content
// hash in node_modules/.cache so that each child does not transpile the large imports/ again.
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const ts = require('typescript');

const OPTIONS = { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, resolveJsonModule: true };
const CACHE = path.join(__dirname, '..', '..', 'node_modules', '.cache', 'register-ts', ts.version);

require.extensions['.ts'] = (module, filename) => {
  const source = fs.readFileSync(filename, 'utf8');
  const key = crypto.createHash('sha256').update(filename).update('\0').update(source).digest('hex');
  const cached = path.join(CACHE, `${key}.js`);
  let js;
  try {
    js = fs.readFileSync(cached, 'utf8');
  } catch {
    js = ts.transpileModule(source, { fileName: filename, compilerOptions: OPTIONS }).outputText;
    try {
      fs.mkdirSync(CACHE, { recursive: true });
      const tmp = `${cached}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, js);
      fs.renameSync(tmp, cached);
    } catch {
      // no cache: still correct, only slower
    }
  }
  module._compile(js, filename);
};
