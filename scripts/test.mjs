// `npm test`: type-check and lint (scripts/check.mjs, one TypeScript program for both) beside the test suite
// (vitest), so that both cores of a CI machine are busy. Each one's output is printed as a block when it ends;
// the exit code is non-zero when either fails.
import { spawn } from 'node:child_process';

const checks = [
  ['type-check and lint', process.execPath, ['scripts/check.mjs']],
  ['tests', 'npx', ['--no-install', 'vitest', 'run']],
];

function run([name, command, args]) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('close', (code) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      process.stdout.write(`\n== ${name}: ${code === 0 ? 'passed' : `FAILED (exit ${code})`} in ${seconds} s\n${output}`);
      resolve(code === 0);
    });
  });
}

const results = await Promise.all(checks.map(run));
process.exit(results.every(Boolean) ? 0 : 1);
