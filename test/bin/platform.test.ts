// Runs bin/platform.ts the way the CDK CLI does (CDK_OUTDIR/CDK_CONTEXT_JSON), with every AWS_* variable unset.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { BUILT_IN_CONFIGS } from '../../config';

const root = resolve(__dirname, '../..');
// The CLI passes cdk.json's context (feature flags) plus -c values; so does this harness.
const cdkJsonContext = JSON.parse(readFileSync(join(root, 'cdk.json'), 'utf8')).context;
// The first test is the CLI's full synth (bundling, CloudFormation Validate, nag packs); the others check
// selection and overrides, so they skip bundling and CDK's registry-schema validation.
const LIGHT_SYNTH = { 'aws:cdk:bundling-stacks': [], '@aws-cdk/core:validateAgainstDefaultRules': false };

function runApp(context: Record<string, unknown>, extraEnv: Record<string, string> = {}) {
  const outdir = mkdtempSync(join(tmpdir(), 'platform-bin-'));
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_') && !k.startsWith('PLATFORM_')));
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'bin/platform.ts'], {
    cwd: root,
    env: { ...env, CDK_OUTDIR: outdir, CDK_CONTEXT_JSON: JSON.stringify({ ...cdkJsonContext, ...context }), ...extraEnv },
    encoding: 'utf8',
  });
  return { ...result, outdir };
}

// Each test runs a whole synth in a child process: minutes on a loaded 2-core machine, not the default minute.
describe('bin/platform.ts', { timeout: 300_000 }, () => {
  it('synthesizes every environment offline, without AWS credentials or context lookups, with zero nag findings', () => {
    const { status, stderr, outdir } = runApp({});
    expect(stderr).not.toMatch(/ERROR|Validation failed|synth refused/);
    expect(status).toBe(0);
    for (const env of ['dev', 'staging', 'prod']) {
      const manifest = JSON.parse(readFileSync(join(outdir, `assembly-platform-${env}`, 'manifest.json'), 'utf8'));
      // A context lookup would show up as `missing` and make the CLI call AWS.
      expect(manifest.missing).toBeUndefined();
      const stacks = Object.values<{ type: string; properties?: { stackName?: string } }>(manifest.artifacts)
        .filter((a) => a.type === 'aws:cloudformation:stack')
        .map((a) => a.properties?.stackName);
      expect(stacks).toEqual(expect.arrayContaining([`platform-${env}-keys`, `platform-${env}-network`]));
    }
    const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8'));
    const violations = report.pluginReports.flatMap((r: { violations: unknown[] }) => r.violations);
    expect(violations).toEqual([]);
  });

  describe('one environment with overrides (one synth shared by these checks)', () => {
    // staging only; its account from PLATFORM_STAGING_ACCOUNT; an empty PLATFORM_STAGING_REGION (a CI variable
    // that is not set) is no override, so the configured region stays.
    let run: ReturnType<typeof runApp>;
    beforeAll(() => {
      run = runApp({ env: 'staging', ...LIGHT_SYNTH }, { PLATFORM_STAGING_ACCOUNT: '123456789012', PLATFORM_STAGING_REGION: '' });
    }, 300_000);
    const stackEnvironments = () => {
      const manifest = JSON.parse(readFileSync(join(run.outdir, 'assembly-platform-staging', 'manifest.json'), 'utf8'));
      return Object.values<{ type: string; environment?: string }>(manifest.artifacts)
        .filter((a) => a.type === 'aws:cloudformation:stack')
        .map((a) => a.environment);
    };

    it('synthesizes only the selected environment with -c env=<name>', () => {
      expect(run.status).toBe(0);
      expect(existsSync(join(run.outdir, 'assembly-platform-staging'))).toBe(true);
      expect(existsSync(join(run.outdir, 'assembly-platform-prod'))).toBe(false);
      expect(existsSync(join(run.outdir, 'assembly-platform-dev'))).toBe(false);
    });

    it('takes the account from PLATFORM_<ENV>_ACCOUNT', () => {
      expect(stackEnvironments()).toContain(`aws://123456789012/${BUILT_IN_CONFIGS.staging.region}`);
    });

    it('treats an empty PLATFORM_<ENV>_* variable as no override', () => {
      expect(run.stderr).not.toMatch(/config error|Error/);
      expect(new Set(stackEnvironments().map((e) => e?.split('/')[3]))).toContain(BUILT_IN_CONFIGS.staging.region);
    });
  });

  it('checks region-bound settings against an overridden region, with a readable error', () => {
    const { status, stderr } = runApp({ env: 'prod' }, { PLATFORM_PROD_REGION: 'eu-central-1' });
    expect(status).toBe(1);
    expect(stderr.trim()).toBe(
      'config error [prod] service.certificate.certificateArn: the certificate is in eu-west-1, but an ALB can only use one from its own region "eu-central-1": import or request the certificate there',
    );
  });

  it('fails an unknown environment with one readable line listing the valid ones, no stack trace', () => {
    const { status, stderr } = runApp({ env: 'nope' });
    expect(status).toBe(1);
    expect(stderr.trim()).toBe('config error [nope] (root): unknown environment "nope"; valid environments are dev, staging, prod (or "all")');
  });

  it('fails a malformed override with the field named, no stack trace', () => {
    const { status, stderr } = runApp({ env: 'prod' }, { PLATFORM_PROD_ACCOUNT: 'abc' });
    expect(status).toBe(1);
    expect(stderr.trim()).toBe('config error [prod] account: must be a 12-digit AWS account ID; got "abc"');
  });
});
