// Times the README's test command (`npm test`: type-check, lint and every test, the real-PostgreSQL ones
// included) from start to end, and prints the wall time against the 90 s goal. Run: npx tsx bench/test-suite.bench.ts
import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { resolve } from 'node:path';

const GOAL_SECONDS = 90;
const root = resolve(__dirname, '..');
const started = process.hrtime.bigint();
const result = spawnSync('npm', ['test', '--silent'], { cwd: root, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
// eslint-disable-next-line no-control-regex -- vitest colours its summary; the colour codes are stripped to read it.
const output = `${result.stdout}\n${result.stderr}`.replace(/\x1b\[[0-9;]*m/g, '');
const summary = output.match(/^\s*Tests\s.*$/m)?.[0]?.trim() ?? 'no test summary found';
console.log(`test-suite benchmark (npm test, ${cpus().length} cores)`);
console.log(`  ${summary}`);
console.log(`  wall time               ${seconds.toFixed(1).padStart(7)} s    goal <= ${GOAL_SECONDS} s   ${seconds <= GOAL_SECONDS ? 'PASS' : 'MISS'}`);
if (result.status !== 0) {
  console.error(`npm test failed (exit ${result.status}):\n${result.stderr.slice(-4000)}`);
  process.exit(1);
}
