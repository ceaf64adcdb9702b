// Lets `node -r ./scripts/register-ts.cjs` run the CDK app's TypeScript (cdk.json "app"): each .ts file is
// transpiled on require with esbuild, types dropped, no type check (`npm run typecheck` does that). tsx does the
// same for the other scripts, but it also hooks every JavaScript file Node loads, and the app loads hundreds of
// aws-cdk-lib modules: this hook touches .ts files only. Each transform is a round trip to esbuild's service
// process that the app waits for, so output is kept in node_modules/.cache, one entry per source file holding the
// hash of what it was made from: an unchanged file is not transpiled again (about 0.35 s of a synth's wall time,
// README "Benchmarks").
const { createHash } = require('node:crypto');
const { mkdirSync, readFileSync, renameSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const esbuild = require('esbuild');

const cacheDirectory = join(__dirname, '..', 'node_modules', '.cache', 'platform-ts');
const target = `node${process.versions.node.split('.')[0]}`;

// Stack traces (errors, and the ones CDK records in the assembly's metadata) name the TypeScript lines.
process.setSourceMapsEnabled(true);

function transpile(source, filename) {
  const hash = createHash('sha256').update(`${esbuild.version}\0${target}\0`).update(source).digest('hex');
  const entry = join(cacheDirectory, `${createHash('sha256').update(filename).digest('hex')}.js`);
  const stamp = `// ${hash}\n`;
  try {
    const cached = readFileSync(entry, 'utf8');
    if (cached.startsWith(stamp)) return cached.slice(stamp.length);
  } catch {
    // Not transpiled yet.
  }
  const { code } = esbuild.transformSync(source, { loader: 'ts', format: 'cjs', target, sourcefile: filename, sourcemap: 'inline' });
  try {
    mkdirSync(cacheDirectory, { recursive: true });
    // Written whole, then renamed: a concurrent synth never reads half an entry.
    const temporary = `${entry}.${process.pid}.tmp`;
    writeFileSync(temporary, stamp + code);
    renameSync(temporary, entry);
  } catch {
    // Without a writable cache every run transpiles again; nothing else changes.
  }
  return code;
}

require.extensions['.ts'] = (module, filename) => {
  module._compile(transpile(readFileSync(filename, 'utf8'), filename), filename);
};
