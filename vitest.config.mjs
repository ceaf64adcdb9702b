// Test runner configuration. Files share one module cache per worker (isolate: false), so aws-cdk-lib and the
// environments' stages (test/support/platform.ts) are loaded and built once per worker instead of once per file.
// Each file gets its starting process.env back (test/support/restore-env.js); a test that mocks an SDK client resets it.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globals: true,
    environment: 'node',
    // Worker threads: about a tenth less CPU than forked workers for this suite (bench/test-suite.bench.ts).
    pool: 'threads',
    isolate: false,
    // Template tests assert on resources, not on bundle contents (see skip-bundling.js).
    setupFiles: ['test/support/skip-bundling.js', 'test/support/restore-env.js'],
    // One real PostgreSQL (TLS on, like RDS with rds.force_ssl=1) for the whole run; each test file makes its own database.
    globalSetup: ['test/support/postgres-setup.mjs'],
    // Both cores: type-check and lint run beside the tests (scripts/test.mjs), each mostly on one core.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
