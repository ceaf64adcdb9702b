// The repository stands alone: `npm run report` works in a copy of it with nothing beside it (a user's clone has
// no ../shared), reading the checklist from docs/checklist.md.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { checklistPath, parseChecklist } from '../../lib/compliance/report/checklist';
import type { VerifyReport } from '../../lib/verify/result';
import { synthesizeFixture } from '../lib/compliance/report/fixture';

const root = resolve(__dirname, '../..');

/** Copies the files a clone has, plus uncommitted work (not node_modules or cdk.out), into `<empty dir>/platform`. */
function copyRepository(): string {
  const copy = join(mkdtempSync(join(tmpdir(), 'platform-alone-')), 'platform');
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8' })
    .split('\0')
    .filter((f) => f && !/^(node_modules|cdk\.out)\//.test(f) && existsSync(join(root, f)));
  for (const f of files) {
    mkdirSync(dirname(join(copy, f)), { recursive: true });
    cpSync(join(root, f), join(copy, f));
  }
  symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'), 'dir');
  return copy;
}

describe('npm run report in a copy of the repository with nothing beside it', () => {
  let copy: string;
  let assembly: string;
  beforeAll(() => {
    copy = copyRepository();
    assembly = synthesizeFixture();
  });
  afterAll(() => {
    rmSync(dirname(copy), { recursive: true, force: true });
    rmSync(assembly, { recursive: true, force: true });
  });

  it('reports on every item of docs/checklist.md', () => {
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_') && !k.startsWith('PLATFORM_')));
    const result = spawnSync('npm', ['run', 'report', '--', '--from', assembly], { cwd: copy, env, encoding: 'utf8' });
    expect({ stdout: result.stdout, stderr: result.stderr }).toEqual({
      stdout: expect.stringContaining(`report written to ${join(assembly, 'compliance', 'report.md')}`),
      stderr: expect.not.stringContaining('not found'),
    });
    const report: { environments: { items: { id: string; status: string }[] }[] } = JSON.parse(readFileSync(join(assembly, 'compliance', 'report.json'), 'utf8'));
    const ids = parseChecklist(readFileSync(checklistPath(copy), 'utf8')).map((item) => item.id);
    expect(ids.length).toBeGreaterThan(30);
    expect(report.environments.map((e) => e.items.map((i) => i.id))).toEqual([ids]);
    // Exit 1 means "an item is failing" (the fixture has such an item), never "could not report" (2).
    const failing = report.environments.flatMap((e) => e.items.filter((i) => i.status === 'failing'));
    expect(result.status).toBe(failing.length ? 1 : 0);
  });

  it('adds the live evidence of a verify run (--live), exits 1 on a failed live check, 2 on a file that is not one', () => {
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_') && !k.startsWith('PLATFORM_')));
    const live = join(dirname(copy), 'prod.verify.json');
    const at = '2026-11-30T05:00:00.000Z';
    writeFileSync(
      live,
      JSON.stringify({
        environment: 'prod',
        account: '123456789012',
        region: 'eu-west-1',
        caller: 'arn:aws:sts::123456789012:assumed-role/platform-prod-verify/ci',
        startedAt: at,
        finishedAt: at,
        results: [{ id: 'CL-DB-2', check: 'daily backup', status: 'FAIL', evidence: 'no completed backup job in the last 26 h', at, fix: 'read the job' }],
      }),
    );
    const result = spawnSync('npm', ['run', 'report', '--', '--from', assembly, '--live', live], { cwd: copy, env, encoding: 'utf8' });
    expect(result.stdout).toContain(`prod: `);
    expect(result.stdout).toContain(`; live (123456789012/eu-west-1, ${at}): 1 fail`);
    expect(result.stderr).toContain('failing live: prod CL-DB-2');
    expect(result.status).toBe(1);
    expect(readFileSync(join(assembly, 'compliance', 'report.md'), 'utf8')).toContain(`- Live FAIL (123456789012/eu-west-1, ${at}) daily backup`);

    writeFileSync(live, '{"environment":"prod"}');
    const bad = spawnSync('npm', ['run', 'report', '--', '--from', assembly, '--live', live], { cwd: copy, env, encoding: 'utf8' });
    expect(bad.stderr).toContain(`${live}: not a verify report`);
    expect(bad.status).toBe(2);
  });
});

describe('npm run report -- --live <a recovery environment\'s verify run>', () => {
  const recoveryRun: VerifyReport = {
    environment: 'prod-recovery',
    account: '123456789012',
    region: 'eu-west-3',
    caller: 'arn:aws:sts::123456789012:assumed-role/platform-prod-verify/ci',
    startedAt: '2026-11-30T06:00:00.000Z',
    finishedAt: '2026-11-30T06:02:00.000Z',
    results: [{ id: 'CL-DB-2', check: 'daily backup', status: 'N/A', evidence: 'stack platform-prod-recovery-data created 6 min ago; the first daily backup is due by 2026-12-01T07:54:00.000Z', at: '2026-11-30T05:54:00.000Z' }],
  };

  function report(args: string[]) {
    const dir = mkdtempSync(join(tmpdir(), 'report-live-'));
    const live = join(dir, 'prod-recovery.json');
    writeFileSync(live, JSON.stringify(recoveryRun));
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/compliance-report.ts', ...args, '--live', live], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    rmSync(dir, { recursive: true, force: true });
    return result;
  }

  it('refuses it in one line naming the fix, before synthesizing, when the report synthesizes the environments only', () => {
    const { status, stdout, stderr } = report([]);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      'live evidence of the recovery environment "prod-recovery" given, but the assembly has only dev, staging, prod: synthesize it with the recovery point it restored ' +
        '(npx cdk synth -c env=dev,staging,prod,prod-recovery -c recoveryPointArn=<arn>), then npm run report -- --from cdk.out --live <file>\n',
    );
    expect(status).toBe(2);
  });

  it('reports it in its own section from an assembly that holds the recovery stage', () => {
    const outdir = synthesizeFixture({ recovery: true });
    try {
      const { status, stdout } = report(['--from', outdir]);
      expect(stdout).toMatch(/^prod-recovery: .*; live \(123456789012\/eu-west-3, 2026-11-30T06:02:00\.000Z\): 1 n\/a$/m);
      // Exit 1 is the fixture's failing item (see above), never "could not report" (2).
      expect(status).toBe(1);
      expect(readFileSync(join(outdir, 'compliance', 'report.md'), 'utf8')).toContain('## prod-recovery');
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});
