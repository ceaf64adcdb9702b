// The auditors' report (CL-AUD-1): `npm run report` synthesizes every environment (`cdk synth --quiet`) and
// writes cdk.out/compliance/report.md and report.json, item by item of docs/checklist.md.
// `npm run report -- --from cdk.out` reads an existing assembly instead (CI synthesizes once, then reports on
// that same assembly). `--live <file>` (once per environment) adds the live evidence of `npm run verify -- --json
// <file>` to each item; a recovery environment's run (`prod-recovery`) gets its own section when the assembly holds
// its stage (`cdk synth -c env=<...>,prod-recovery -c recoveryPointArn=<arn>`, then `--from cdk.out`), else it is
// refused. Exits 1 when an item is failing or a live check failed.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ENVIRONMENT_NAMES } from '../config';
import { readCloudAssembly } from '../lib/compliance/report/assembly';
import { buildReport, RepoEvidence } from '../lib/compliance/report/build';
import { checklistPath, parseChecklist } from '../lib/compliance/report/checklist';
import { assertLiveRuns } from '../lib/compliance/report/live';
import { renderMarkdown } from '../lib/compliance/report/markdown';
import { deployWorkflowEvidence } from '../lib/compliance/report/repo-evidence';
import { PLATFORM_RULES } from '../lib/compliance/rules';
import { parseVerifyReport } from '../lib/verify/result';

const repoRoot = resolve(__dirname, '..');

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** Every value of a repeatable option. */
function options(name: string): string[] {
  return process.argv.flatMap((arg, i) => (arg === name && process.argv[i + 1] ? [process.argv[i + 1]] : []));
}

function main(): number {
  const from = option('--from');
  // Read before synthesizing: a wrong path fails at once, not after minutes of synth.
  const live = options('--live').map((file) => parseVerifyReport(readFileSync(resolve(file), 'utf8'), file));
  const outdir = resolve(repoRoot, from ?? 'cdk.out');
  if (!from) {
    // The synth below builds the environments only: a recovery environment's run is refused now, not after it.
    assertLiveRuns(live, ENVIRONMENT_NAMES);
    try {
      execFileSync('npx', ['cdk', 'synth', '--quiet'], { cwd: repoRoot, stdio: 'inherit' });
    } catch {
      // Findings fail synth; the report still describes whatever was synthesized and marks them failing.
      console.error('cdk synth failed; reporting on the assembly it left in cdk.out');
    }
  }
  const deployWorkflow = join(repoRoot, '.github', 'workflows', 'deploy.yml');
  const repo: RepoEvidence[] = existsSync(deployWorkflow) ? [deployWorkflowEvidence(readFileSync(deployWorkflow, 'utf8'))] : [];
  const report = buildReport({
    checklist: parseChecklist(readFileSync(checklistPath(repoRoot), 'utf8')),
    environments: readCloudAssembly(outdir),
    rules: PLATFORM_RULES,
    repo,
    live,
  });
  const target = join(outdir, 'compliance');
  mkdirSync(target, { recursive: true });
  writeFileSync(join(target, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(target, 'report.md'), renderMarkdown(report));
  for (const env of report.environments) {
    const counts = env.items.reduce<Record<string, number>>((acc, i) => ({ ...acc, [i.status]: (acc[i.status] ?? 0) + 1 }), {});
    const liveCounts = env.items.reduce<Record<string, number>>((acc, i) => (i.live ? { ...acc, [i.live.status]: (acc[i.live.status] ?? 0) + 1 } : acc), {});
    const liveSummary = env.live ? `; live (${env.live.account}/${env.live.region}, ${env.live.finishedAt}): ${Object.entries(liveCounts).map(([s, n]) => `${n} ${s}`).join(', ')}` : '';
    console.log(`${env.name}: ${Object.entries(counts).map(([s, n]) => `${n} ${s}`).join(', ')}${liveSummary}`);
  }
  console.log(`report written to ${join(target, 'report.md')} and report.json`);
  const failing = report.environments.flatMap((e) => e.items.filter((i) => i.status === 'failing').map((i) => `${e.name} ${i.id}`));
  if (failing.length) console.error(`failing: ${failing.join(', ')}`);
  const liveFailing = report.environments.flatMap((e) => e.items.filter((i) => i.live?.status === 'fail').map((i) => `${e.name} ${i.id}`));
  if (liveFailing.length) console.error(`failing live: ${liveFailing.join(', ')}`);
  return failing.length || liveFailing.length ? 1 : 0;
}

try {
  process.exitCode = main();
} catch (err) {
  console.error((err as Error).message);
  process.exitCode = 2;
}
