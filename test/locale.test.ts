import { spawnSync } from 'child_process';
import * as path from 'path';

// The output must not depend on the machine's locale. Node 20 ships full ICU, which takes its default
// locale from LC_ALL/LANG, so `localeCompare` and `Intl.Collator` change under LC_ALL=da_DK.UTF-8 (Danish
// sorts "aa" as "å", after "z") even where the OS has no such locale installed.
const ROOT = path.resolve(__dirname, '..');

function render(fleet: string, locale: string): { locale: string; files: Array<[string, string]> } {
  const env: NodeJS.ProcessEnv = { ...process.env, LC_ALL: locale, LANG: locale, LANGUAGE: '' };
  const r = spawnSync(process.execPath, ['-r', path.join(ROOT, 'test', 'support', 'register-ts.js'), path.join(ROOT, 'test', 'fixtures', 'render-fleet-child.ts'), fleet], {
    cwd: ROOT, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`render of ${fleet} under ${locale} failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

describe('the output is locale-independent', () => {
  test('the two locales really collate differently in a child process', () => {
    const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(JSON.stringify([new Intl.Collator().resolvedOptions().locale, ["aa", "z"].sort((a, b) => a.localeCompare(b))]))'], {
      env: { ...process.env, LC_ALL: 'da_DK.UTF-8' }, encoding: 'utf8',
    });
    expect(JSON.parse(r.stdout)).toEqual(['da-DK', ['z', 'aa']]);
  });

  test.each(['default', 'argocd', 'flux'])('the %s fleet renders byte for byte the same under LC_ALL=C and LC_ALL=da_DK.UTF-8', (fleet) => {
    const c = render(fleet, 'C');
    const da = render(fleet, 'da_DK.UTF-8');
    expect(da.locale).toBe('da-DK');
    expect(c.files.length).toBeGreaterThan(50);
    expect(da.files).toEqual(c.files);
  }, 60_000);
});
