// Times `cdk synth` of every environment against an empty CDK app synthesized by the same CLI on the same
// machine in the same run, and prints the ratio (goal: <= 2x) three times: "first synth" validates every template
// (PLATFORM_VALIDATION_CACHE=false, as on a fresh clone or in CI after `npm ci`); "one template changed" is the
// usual edit-and-synth (dev's alarm e-mail changes each run, so its monitoring template is validated again and the
// other 30 come from the cache); "repeat synth" changes nothing, as a `cdk synth`/`diff` after a deploy.
// Run: npx tsx bench/synth.bench.ts
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '..');
const cdk = join(root, 'node_modules', '.bin', 'cdk');
const runs = Number(process.env.BENCH_SYNTH_RUNS ?? 5);

function timeSynth(app: string | undefined, cwd: string, env: Record<string, string> = {}): number {
  const out = mkdtempSync(join(tmpdir(), 'bench-synth-'));
  const args = ['synth', '--quiet', '--output', out, ...(app ? ['--app', app] : [])];
  const started = process.hrtime.bigint();
  const result = spawnSync(cdk, args, { cwd, encoding: 'utf8', env: { ...process.env, ...env } });
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

const FIRST = { PLATFORM_VALIDATION_CACHE: 'false' };
// One warm-up each so every side starts with a warm file cache (and the validation cache is filled).
timeSynth(`node ${emptyApp}`, emptyDir);
timeSynth(undefined, root, FIRST);
timeSynth(undefined, root);
const empty: number[] = [];
const first: number[] = [];
const changed: number[] = [];
const repeat: number[] = [];
// Interleaved, so a change in the machine's load hits all of them alike.
for (let i = 0; i < runs; i++) {
  empty.push(timeSynth(`node ${emptyApp}`, emptyDir));
  first.push(timeSynth(undefined, root, FIRST));
  changed.push(timeSynth(undefined, root, { PLATFORM_DEV_ALARM_EMAILS_WARNING: `bench-${process.pid}-${i}@example.com` }));
  repeat.push(timeSynth(undefined, root));
}
rmSync(emptyDir, { recursive: true, force: true });

const line = (label: string, ms: number) => console.log(`  ${label.padEnd(44)}${ms.toFixed(0).padStart(7)} ms`);
const verdict = (label: string, values: number[]) => {
  const ratio = median(values) / median(empty);
  console.log(`  ${label.padEnd(44)}${ratio.toFixed(2).padStart(7)} x   goal <= 2x   ${ratio <= 2 ? 'PASS' : 'MISS'}`);
};
console.log('synth benchmark: dev, staging and prod, median of %d runs', runs);
line('empty CDK app', median(empty));
line('platform, first synth (every template)', median(first));
line('platform, one template changed', median(changed));
line('platform, repeat synth (unchanged templates)', median(repeat));
verdict('ratio, first synth', first);
verdict('ratio, one template changed', changed);
verdict('ratio, repeat synth', repeat);
console.log(`  machine: ${cpus().length} CPUs, load average (1 min) at the end ${loadavg()[0].toFixed(1)}`);
