// Lets a child process of a test run the project's TypeScript sources: `node -r test/support/register-ts.js x.ts`.
// Transpile only (like the suite's ts-jest isolatedModules); `npm run build` type-checks.
const fs = require('fs');
const ts = require('typescript');

require.extensions['.ts'] = (module, filename) => {
  const { outputText } = ts.transpileModule(fs.readFileSync(filename, 'utf8'), {
    fileName: filename,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, resolveJsonModule: true },
  });
  module._compile(outputText, filename);
};
