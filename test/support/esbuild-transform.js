// Jest transform: TypeScript to CommonJS with esbuild, without type-checking (`tsc --noEmit` does that once,
// as its own step of `npm test`), so a test file loads in milliseconds instead of a ts-jest type-check.
const { createHash } = require('node:crypto');
const { readFileSync } = require('node:fs');
const { transformSync, version } = require('esbuild');

const options = {
  loader: 'ts',
  format: 'cjs',
  target: 'node20',
  sourcemap: 'external',
  // jest runs CommonJS without --experimental-vm-modules: `await import()` in a test becomes a require.
  supported: { 'dynamic-import': false },
};
const self = createHash('sha256').update(readFileSync(__filename)).update(version).digest('hex');

module.exports = {
  process(source, filename) {
    const { code, map } = transformSync(source, { ...options, sourcefile: filename });
    return { code, map };
  },
  getCacheKey(source, filename) {
    return createHash('sha256').update(self).update(filename).update(source).digest('hex');
  },
};
