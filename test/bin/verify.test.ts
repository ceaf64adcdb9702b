// Runs bin/verify.ts as `npm run verify` does, without any AWS credentials.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../..');

function verify(args: string[], extraEnv: Record<string, string> = {}) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_') && !k.startsWith('PLATFORM_')));
  // No profile files (an empty HOME) and no instance metadata: the SDK finds no credentials anywhere.
  return spawnSync(process.execPath, ['--import', 'tsx', 'bin/verify.ts', ...args], {
    cwd: root,
    env: { ...env, HOME: mkdtempSync(join(tmpdir(), 'verify-home-')), AWS_EC2_METADATA_DISABLED: 'true', ...extraEnv },
    encoding: 'utf8',
    timeout: 60_000,
  });
}
// On Node.js 20 the AWS SDK adds its own process warning (it will require Node.js 22); that block is Node's, not ours.
const withoutNodeWarning = (stderr: string) => stderr.replace(/\(node:\d+\) Warning: NodeVersionSupportWarning:[\s\S]*?\(Use `node --trace-warnings[^\n]*\n/, '');

describe('bin/verify.ts', () => {
  it('says in one line that there are no credentials, no stack trace, exit 2', () => {
    const { status, stdout, stderr } = verify(['-c', 'env=dev', '--json', join(mkdtempSync(join(tmpdir(), 'verify-out-')), 'dev.json')]);
    expect(stdout).toBe('');
    expect(withoutNodeWarning(stderr)).toMatch(/^verify: no usable AWS credentials \(.+\); sign in \(aws sso login, a profile, or the verifier role\) and re-run\n$/);
    expect(status).toBe(2);
  });

  it('takes a recovery environment with the recovery point it restored, as npm run recover runs it', () => {
    const point = 'arn:aws:rds:eu-west-3:000000000003:snapshot:awsbackup:copyjob-0123456789abcdef';
    const { status, stdout, stderr } = verify(['-c', 'env=prod-recovery', '-c', `recoveryPointArn=${point}`]);
    expect(stdout).toBe('');
    expect(withoutNodeWarning(stderr)).toMatch(/^verify: no usable AWS credentials \(.+\); sign in .+ and re-run\n$/);
    expect(status).toBe(2);
  });

  it('says a recovery environment needs its recovery point', () => {
    const { status, stderr } = verify(['-c', 'env=prod-recovery']);
    expect(stderr).toMatch(/^config error \[prod-recovery\] disasterRecovery\.recoveryPointArn: is required to build the recovery environment: pass -c recoveryPointArn=/m);
    expect(status).toBe(1);
  });

  it('asks for one environment, listing the valid names', () => {
    const { status, stderr } = verify([]);
    expect(stderr.trim()).toBe(
      'verify: give one environment: npm run verify -- -c env=<dev|dev-recovery|staging|staging-recovery|prod|prod-recovery> [--json <file>] [--md <file>]',
    );
    expect(status).toBe(1);
    expect(verify(['-c', 'env=qa']).stderr).toMatch(/-c env=<dev\|.+> \[--json <file>\] \[--md <file>\] \(got "qa"\)/);
  });

  it('reports configuration problems as config errors, before any AWS call', () => {
    const { status, stderr } = verify(['-c', 'env=prod'], { PLATFORM_PROD_ACCOUNT: 'not-an-account' });
    expect(stderr).toMatch(/^config error \[prod\] account: /m);
    expect(stderr).not.toMatch(/credentials|\n\s+at /);
    expect(status).toBe(1);
  });
});
