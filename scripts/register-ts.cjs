// Lets `node -r ./scripts/register-ts.cjs` run the CDK app's TypeScript (cdk.json "app"): each .ts file is
// transpiled on require with esbuild, types dropped, no type check (`npm run typecheck` does that). tsx does the
// same for the other scripts, but it also hooks every JavaScript file Node loads, and the app loads hundreds of
// aws-cdk-lib modules: this hook touches .ts files only. Each transform is a round trip to esbuild's service
// process that the app waits for, so output is kept in node_modules/.cache, one entry per source file holding the
// hash of what it was made from: an unchanged file is not transpiled again (about 0.35 s of a synth's wall time,
// README "Benchmarks").
const { createHash } = require('node:crypto');
const { mkdirSync, readFileSync, renameSync, writeFileSync } = require('node:fs');
const { Buffer } = require('node:buffer');
const { SourceMap } = require('node:module');
const { join } = require('node:path');
const esbuild = require('esbuild');

const cacheDirectory = join(__dirname, '..', 'node_modules', '.cache', 'platform-ts');
const target = `node${process.versions.node.split('.')[0]}`;

// Stack traces (errors, and the ones CDK records in the assembly's metadata) name the TypeScript lines: the frames in
// files this hook transpiled are mapped through their source maps when a trace is formatted, and only those. Node's
// own source-map support (process.setSourceMapsEnabled) maps every frame and parses the inline map of every module
// that has one as it loads (cdk-nag's hundreds of files among them): 0.3-0.6 s of a synth's CPU. Node's excerpt
// above an uncaught error's trace (the throwing line) still gives the transpiled line's number.
const INLINE_MAP = '//# sourceMappingURL=data:application/json;base64,';
/** Per transpiled file: its output (holding its inline map) until a trace needs it, then the parsed SourceMap. */
const sourceMaps = new Map();

function sourceMapOf(filename) {
  const entry = sourceMaps.get(filename);
  if (typeof entry !== 'string') return entry;
  const at = entry.lastIndexOf(INLINE_MAP);
  const map = at < 0 ? undefined : new SourceMap(JSON.parse(Buffer.from(entry.slice(at + INLINE_MAP.length).trim(), 'base64').toString('utf8')));
  sourceMaps.set(filename, map);
  return map;
}

/** V8's own text for a frame, with a TypeScript file's position replaced by the source position it maps to. */
function frameText(frame) {
  const text = String(frame);
  const filename = frame.getFileName();
  const map = filename && sourceMaps.has(filename) ? sourceMapOf(filename) : undefined;
  const line = frame.getLineNumber();
  const column = frame.getColumnNumber();
  if (!map || !line || !column) return text;
  const { originalLine, originalColumn } = map.findEntry(line - 1, column - 1);
  if (originalLine === undefined) return text;
  return text.replace(`${filename}:${line}:${column}`, `${filename}:${originalLine + 1}:${originalColumn + 1}`);
}

Error.prepareStackTrace = (error, frames) => {
  let header;
  try {
    header = Error.prototype.toString.call(error);
  } catch {
    header = 'Error';
  }
  return [header, ...frames.map((frame) => `    at ${frameText(frame)}`)].join('\n');
};

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
  const code = transpile(readFileSync(filename, 'utf8'), filename);
  sourceMaps.set(filename, code);
  module._compile(code, filename);
};
