// Runs bin/recover.ts as `npm run recover` does, without any AWS credentials: it must stop before deploying anything.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../..');

function recover(args: string[]) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_') && !k.startsWith('PLATFORM_')));
  // No profile files (an empty HOME) and no instance metadata: the SDK finds no credentials anywhere.
  return spawnSync(process.execPath, ['--import', 'tsx', 'bin/recover.ts', ...args], {
    cwd: root,
    env: { ...env, HOME: mkdtempSync(join(tmpdir(), 'recover-home-')), AWS_EC2_METADATA_DISABLED: 'true' },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('bin/recover.ts', () => {
  it('asks for the environment to recover', () => {
    const { status, stderr } = recover([]);
    expect(stderr.trim()).toBe('recover: give the environment to recover: npm run recover -- -c env=<dev|staging|prod>');
    expect(status).toBe(1);
  });

  it('refuses an environment without disaster recovery', () => {
    const { status, stderr } = recover(['-c', 'env=dev']);
    expect(stderr.trim()).toBe('recover: dev has disasterRecovery.enabled false: it has no copies to recover from in eu-west-3');
    expect(status).toBe(1);
  });

  it('without credentials, fails at finding the recovery point, deploys nothing, and still reports RTO/RPO', () => {
    const { status, stdout, stderr } = recover(['-c', 'env=prod']);
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^recover: \w+: /);
    expect(lines.at(-1)).toMatch(/^recover: FAILED at "find recovery point"; RTO \d+ s \(measured\), RPO unknown$/);
    expect(stdout).not.toContain('cdk deploy');
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(status).toBe(1);
  });
});
