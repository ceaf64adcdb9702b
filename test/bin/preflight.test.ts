// Runs bin/preflight.ts as `npm run preflight` does, without any AWS credentials.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../..');

function preflight(args: string[], extraEnv: Record<string, string> = {}) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_') && !k.startsWith('PLATFORM_')));
  // No profile files (an empty HOME) and no instance metadata: the SDK finds no credentials anywhere.
  return spawnSync(process.execPath, ['--import', 'tsx', 'bin/preflight.ts', ...args], {
    cwd: root,
    env: { ...env, HOME: mkdtempSync(join(tmpdir(), 'preflight-home-')), AWS_EC2_METADATA_DISABLED: 'true', ...extraEnv },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('bin/preflight.ts', () => {
  it('says in one line that there are no credentials, no stack trace, exit 2', () => {
    const { status, stdout, stderr: output } = preflight(['-c', 'env=dev']);
    // On Node.js 20 the AWS SDK adds its own process warning (it will require Node.js 22); that block is Node's, not ours.
    const stderr = output.replace(/\(node:\d+\) Warning: NodeVersionSupportWarning:[\s\S]*?\(Use `node --trace-warnings[^\n]*\n/, '');
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^preflight: no usable AWS credentials \(.+\); sign in \(aws sso login, a profile, or the deploy role\) and re-run\n$/);
    expect(status).toBe(2);
  });

  it('asks for one environment', () => {
    const { status, stderr } = preflight([]);
    expect(stderr.trim()).toBe('preflight: give one environment: npm run preflight -- -c env=<dev|staging|prod>');
    expect(status).toBe(1);
  });

  it('reports configuration problems (here: prod placeholders with a real account) as config errors, before any AWS call', () => {
    const { status, stderr } = preflight(['-c', 'env=prod'], { PLATFORM_PROD_ACCOUNT: '123456789012' });
    expect(stderr).toMatch(/^config error \[prod\] service\.certificate\.certificateArn: .* set PLATFORM_PROD_CERTIFICATE_ARN/m);
    expect(stderr).not.toMatch(/credentials|\n\s+at /);
    expect(status).toBe(1);
  });
});
