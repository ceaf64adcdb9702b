// Runs bin/platform.ts the way the CDK CLI does (CDK_OUTDIR/CDK_CONTEXT_JSON), with every AWS_* variable unset.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { BUILT_IN_CONFIGS } from '../../config';

const root = resolve(__dirname, '../..');
// The CLI runs cdk.json's app command with its context (feature flags) plus -c values; so does this harness.
const cdkJson = JSON.parse(readFileSync(join(root, 'cdk.json'), 'utf8'));
const cdkJsonContext = cdkJson.context;
const [node, ...appArguments] = (cdkJson.app as string).split(' ');
// The first test is the CLI's full synth (bundling, CloudFormation Validate, nag packs); the others check
// selection and overrides, so they skip bundling and (CDK_VALIDATION=false, CDK's own switch) its template validation.
const LIGHT_SYNTH = { 'aws:cdk:bundling-stacks': [] };
const NO_TEMPLATE_VALIDATION = { CDK_VALIDATION: 'false' };

function runApp(context: Record<string, unknown>, extraEnv: Record<string, string> = {}) {
  const outdir = mkdtempSync(join(tmpdir(), 'platform-bin-'));
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_') && !k.startsWith('PLATFORM_')));
  expect(node).toBe('node');
  const result = spawnSync(process.execPath, appArguments, {
    cwd: root,
    env: { ...env, CDK_OUTDIR: outdir, CDK_CONTEXT_JSON: JSON.stringify({ ...cdkJsonContext, ...context }), ...extraEnv },
    encoding: 'utf8',
  });
  return { ...result, outdir };
}

/** Real values for every setting that prod's committed file holds as a placeholder. */
const REAL_PROD = {
  PLATFORM_PROD_ACCOUNT: '123456789012',
  PLATFORM_PROD_CERTIFICATE_ARN: 'arn:aws:acm:eu-west-1:123456789012:certificate/1f2e3d4c-0000-4000-8000-123456789abc',
  PLATFORM_PROD_ALARM_EMAILS_CRITICAL: 'pager@acme.io',
  PLATFORM_PROD_ALARM_EMAILS_WARNING: 'platform@acme.io',
  PLATFORM_PROD_CANARY_DOMAIN: 'app.acme.io',
  PLATFORM_PROD_ALLOWED_ORIGINS: 'https://app.acme.io',
  PLATFORM_PROD_RECOVERY_CERTIFICATE_ARN: 'arn:aws:acm:eu-west-3:123456789012:certificate/2f2e3d4c-0000-4000-8000-123456789abc',
};

// Each test runs a whole synth in a child process: minutes on a loaded 2-core machine, not the default minute.
describe('bin/platform.ts', { timeout: 300_000 }, () => {
  it('synthesizes every environment and prod\'s recovery environment offline, without AWS credentials or context lookups, with zero nag findings', () => {
    const recoveryPointArn = 'arn:aws:rds:eu-west-3:000000000003:snapshot:awsbackup:copyjob-0123456789abcdef';
    const { status, stderr, outdir } = runApp({ env: 'dev,staging,prod,prod-recovery', recoveryPointArn });
    expect(stderr).not.toMatch(/ERROR|Validation failed|synth refused/);
    expect(status).toBe(0);
    const recovery = readFileSync(join(outdir, 'assembly-platform-prod-recovery', 'manifest.json'), 'utf8');
    expect(recovery).toContain('"platform-prod-recovery-data"');
    expect(recovery).toContain('aws://000000000003/eu-west-3');
    expect(recovery).not.toContain('eu-west-1');
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
    // The cloud assembly the CLI deploys is the app's, whole: nothing else synthesized over it at exit (a scratch
    // App made to list a pack's rules once did).
    const top = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8'));
    const nested = Object.values<{ type: string; properties?: { directoryName?: string } }>(top.artifacts)
      .filter((a) => a.type === 'cdk:cloud-assembly')
      .map((a) => a.properties?.directoryName);
    expect(nested.sort()).toEqual(['assembly-platform-dev', 'assembly-platform-prod', 'assembly-platform-prod-recovery', 'assembly-platform-staging']);
    // Every pack run at synth left its summary for the report: AwsSolutions and the platform pack everywhere,
    // the four regulatory packs where compliance.packs selects them (staging and prod by default).
    expect(readdirSync(join(outdir, 'assembly-platform-dev', 'nag-packs')).sort()).toEqual(['AwsSolutions.json', 'Platform.json']);
    expect(readdirSync(join(outdir, 'assembly-platform-prod', 'nag-packs')).sort()).toEqual([
      'AwsSolutions.json',
      'HIPAA.Security.json',
      'NIST.800.53.R5.json',
      'PCI.DSS.321.json',
      'Platform.json',
      'Serverless.json',
    ]);
  });

  describe('selected environments with overrides and a first deploy (one light synth shared by these checks)', () => {
    // prod and staging only; prod's account and deploy-time settings from PLATFORM_PROD_*; an empty
    // PLATFORM_PROD_REGION (a CI variable that is not set) is no override; prod is being created (-c firstDeploy).
    let run: ReturnType<typeof runApp>;
    beforeAll(() => {
      run = runApp({ env: 'prod,staging', firstDeploy: 'prod', ...LIGHT_SYNTH }, { ...REAL_PROD, PLATFORM_PROD_REGION: '', ...NO_TEMPLATE_VALIDATION });
    }, 300_000);
    const stacksOf = (env: string) => {
      const dir = join(run.outdir, `assembly-platform-${env}`);
      const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
      return Object.values<{ type: string; environment?: string; properties?: { stackName?: string; templateFile?: string; terminationProtection?: boolean } }>(manifest.artifacts)
        .filter((a) => a.type === 'aws:cloudformation:stack')
        .map((a) => ({ environment: a.environment, ...a.properties!, template: JSON.parse(readFileSync(join(dir, a.properties!.templateFile!), 'utf8')) }));
    };

    it('synthesizes only the selected environments, with zero findings', () => {
      expect(run.stderr).not.toMatch(/ERROR|Validation failed|synth refused|config error/);
      expect(run.status).toBe(0);
      expect(existsSync(join(run.outdir, 'assembly-platform-staging'))).toBe(true);
      expect(existsSync(join(run.outdir, 'assembly-platform-dev'))).toBe(false);
    });

    it('takes the account and the deploy-time settings from PLATFORM_<ENV>_* variables; an empty one is no override', () => {
      const prod = stacksOf('prod');
      for (const stack of prod) expect(stack.environment).toMatch(/^aws:\/\/123456789012\//);
      expect(prod.map((s) => s.environment)).toContain(`aws://123456789012/${BUILT_IN_CONFIGS.prod.region}`);
      expect(JSON.stringify(prod.map((s) => s.template))).toContain(REAL_PROD.PLATFORM_PROD_CERTIFICATE_ARN);
    });

    it('-c firstDeploy=<env> leaves termination, ALB and database deletion protection off in that environment only', () => {
      const protections = (env: string) => {
        const stacks = stacksOf(env);
        const resources = stacks.flatMap((s) => Object.values<{ Type: string; Properties?: any }>(s.template.Resources));
        const albAttributes = resources.find((r) => r.Type === 'AWS::ElasticLoadBalancingV2::LoadBalancer')!.Properties.LoadBalancerAttributes;
        return {
          terminationProtection: stacks.filter((s) => s.terminationProtection).map((s) => s.stackName),
          database: resources.find((r) => r.Type === 'AWS::RDS::DBInstance')!.Properties.DeletionProtection,
          loadBalancer: albAttributes.find((a: { Key: string }) => a.Key === 'deletion_protection.enabled').Value,
        };
      };
      expect(protections('prod')).toEqual({ terminationProtection: [], database: false, loadBalancer: 'false' });
      expect(protections('staging')).toEqual({
        terminationProtection: expect.arrayContaining(['keys', 'network', 'backup-copy', 'data', 'secrets'].map((s) => `platform-staging-${s}`)),
        database: true,
        loadBalancer: 'true',
      });
    });
  });

  it('refuses staging/prod placeholders once the account is real, one readable line each, no stack trace', () => {
    const { status, stderr } = runApp({ env: 'prod' }, { ...REAL_PROD, PLATFORM_PROD_CERTIFICATE_ARN: '', PLATFORM_PROD_CANARY_DOMAIN: '' });
    expect(status).toBe(1);
    expect(stderr.trim().split('\n')).toEqual([
      'config error [prod] service.certificate.certificateArn: "arn:aws:acm:eu-west-1:000000000003:certificate/00000000-0000-0000-0000-000000000000" is a placeholder, and account 123456789012 is real, so this would be deployed: set PLATFORM_PROD_CERTIFICATE_ARN (or edit config/environments/prod.ts)',
      'config error [prod] observability.canary.domain: "app.example.com" is a placeholder, and account 123456789012 is real, so this would be deployed: set PLATFORM_PROD_CANARY_DOMAIN (or edit config/environments/prod.ts)',
    ]);
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
    expect(stderr.trim()).toBe(
      'config error [nope] (root): unknown environment "nope"; valid environments are dev, staging, prod, or one of them suffixed -recovery (or "all")',
    );
  });

  it('fails a malformed override with the field named, no stack trace', () => {
    const { status, stderr } = runApp({ env: 'prod' }, { PLATFORM_PROD_ACCOUNT: 'abc' });
    expect(status).toBe(1);
    expect(stderr.trim()).toBe('config error [prod] account: must be a 12-digit AWS account ID; got "abc"');
  });
});
