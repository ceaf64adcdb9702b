// Lambdas import only pure shared code: never config/, zod or anything else of the CDK app (it would end up in
// the function bundle). Every source file under lambdas/ is bundled as an entry, with the functions' esbuild
// options, and the files each one pulls in are checked.
import { buildSync } from 'esbuild';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { esbuildOptions, LAMBDAS_DIR } from '../../lib/constructs/lambda-bundling';

const ROOT = join(LAMBDAS_DIR, '..');
const sources = readdirSync(LAMBDAS_DIR, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));

/** Files outside lambdas/ and node_modules/ (the repository's own code), and zod from anywhere. */
function forbiddenInputs(entry: string): string[] {
  const { entryPoints, external } = esbuildOptions(entry, 'unused.js');
  const { metafile } = buildSync({ entryPoints, external, absWorkingDir: ROOT, bundle: true, platform: 'node', write: false, metafile: true, logLevel: 'silent' });
  // Paths are relative to ROOT; node_modules may be a link elsewhere.
  const isPackage = (input: string) => /(^|\/)node_modules\//.test(input);
  return Object.keys(metafile.inputs).filter(
    (input) => /(^|\/)node_modules\/zod\//.test(input) || (!isPackage(input) && !input.startsWith('lambdas/')),
  );
}

describe('Lambda sources', () => {
  it('are found', () => {
    expect(sources).toEqual(expect.arrayContaining(['db-bootstrap/index.ts', 'redis-rotation/index.ts', 'restore-drill/verify.ts']));
  });

  it.each(sources)('%s imports neither config/ nor zod nor other app code', (entry) => {
    expect(forbiddenInputs(entry)).toEqual([]);
  });
});
