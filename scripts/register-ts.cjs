// Lets `node -r ./scripts/register-ts.cjs` run the CDK app's TypeScript (cdk.json "app"): each .ts file is
// transpiled on require with esbuild, types dropped, no type check (`npm run typecheck` does that). tsx does the
// same for the other scripts, but it also hooks every JavaScript file Node loads, and the app loads hundreds of
// aws-cdk-lib modules: this hook touches .ts files only (close to a second less synth CPU here; compare
// `time node --import tsx bin/platform.ts` with `time node -r ./scripts/register-ts.cjs bin/platform.ts`).
const { transformSync } = require('esbuild');
const { readFileSync } = require('node:fs');

// Stack traces (errors, and the ones CDK records in the assembly's metadata) name the TypeScript lines.
process.setSourceMapsEnabled(true);

require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(readFileSync(filename, 'utf8'), {
    loader: 'ts',
    format: 'cjs',
    target: `node${process.versions.node.split('.')[0]}`,
    sourcefile: filename,
    sourcemap: 'inline',
  });
  module._compile(code, filename);
};
