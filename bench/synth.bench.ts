// Times `cdk synth` of every environment against an empty CDK app synthesized by the same CLI on the same
// machine in the same run, and prints the ratio (goal: <= 2x). Run: npx tsx bench/synth.bench.ts
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '..');
const cdk = join(root, 'node_modules', '.bin', 'cdk');
const runs = Number(process.env.BENCH_SYNTH_RUNS ?? 3);

function timeSynth(app: string | undefined, cwd: string): number {
  const out = mkdtempSync(join(tmpdir(), 'bench-synth-'));
  const args = ['synth', '--quiet', '--output', out, ...(app ? ['--app', app] : [])];
  const started = process.hrtime.bigint();
  const result = spawnSync(cdk, args, { cwd, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  rmSync(out, { recursive: true, force: true });
  if (result.status !== 0) throw new Error(`cdk synth failed in ${cwd}:\n${result.stderr}`);
  return ms;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const emptyDir = mkdtempSync(join(tmpdir(), 'bench-empty-app-'));
const emptyApp = join(emptyDir, 'app.js');
writeFileSync(
  emptyApp,
  `const { App, Stack } = require(${JSON.stringify(require.resolve('aws-cdk-lib'))});\n` +
    `const app = new App(); new Stack(app, 'Empty'); app.synth();\n`,
);

// One warm-up each so both sides start with a warm file cache.
timeSynth(`node ${emptyApp}`, emptyDir);
timeSynth(undefined, root);
const empty: number[] = [];
const platform: number[] = [];
for (let i = 0; i < runs; i++) {
  empty.push(timeSynth(`node ${emptyApp}`, emptyDir));
  platform.push(timeSynth(undefined, root));
}
rmSync(emptyDir, { recursive: true, force: true });

const ratio = median(platform) / median(empty);
console.log('synth benchmark (median of %d runs)', runs);
console.log(`  empty CDK app           ${median(empty).toFixed(0).padStart(7)} ms`);
console.log(`  platform, all envs      ${median(platform).toFixed(0).padStart(7)} ms`);
console.log(`  ratio                   ${ratio.toFixed(2).padStart(7)} x   goal <= 2x   ${ratio <= 2 ? 'PASS' : 'MISS'}`);
