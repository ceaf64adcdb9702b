// `npm test`: type-check (tsc), lint (eslint, zero warnings) and the test suite (vitest), side by side so that
// the two cores of a CI machine are both busy. Each check's output is printed as a block when it ends; the
// exit code is non-zero when any of them fails.
import { spawn } from 'node:child_process';

const checks = [
  ['type-check', 'tsc', ['--noEmit']],
  ['lint', 'eslint', ['--max-warnings=0', '.']],
  ['tests', 'vitest', ['run']],
];

function run([name, bin, args]) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn('npx', ['--no-install', bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
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
