import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ListCopyJobsCommand } from '@aws-sdk/client-backup';
import { DescribeSecretCommand } from '@aws-sdk/client-secrets-manager';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { loadConfigs } from '../../../config';
import { checklistPath, parseChecklist } from '../../../lib/compliance/report/checklist';
import { exitCode, formatLine } from '../../../lib/verify/result';
import { runVerify } from '../../../lib/verify/run';
import { ACCOUNT, NOW, SIGNING_SECRETS, awsError, freshEnvironment, hoursAgo, liveEnvironment, prodConfig, recoveryConfig } from './fixture';
import { Certificate, TestServer, selfSignedCertificate, startServer } from './https-server';

const checklist = parseChecklist(readFileSync(checklistPath(resolve(__dirname, '../../..')), 'utf8'));
const options = (server: TestServer) => ({ now: () => NOW, sleep: async () => undefined, endpoint: server.endpoint });

describe('runVerify', () => {
  let certificate: Certificate;
  let server: TestServer;
  beforeAll(async () => {
    certificate = selfSignedCertificate();
    server = await startServer(certificate);
  });
  afterAll(() => server.close());

  it('passes an environment that meets the checklist: one line per check, every runtime item checked live', async () => {
    const { clients } = liveEnvironment();
    const report = await runVerify(prodConfig(), clients, options(server));
    expect(report).toMatchObject({ environment: 'prod', account: ACCOUNT, region: 'eu-west-1', caller: `arn:aws:sts::${ACCOUNT}:assumed-role/platform-prod-verify/ci`, startedAt: NOW.toISOString() });
    expect(report.results.filter((r) => r.status !== 'PASS').map(formatLine)).toEqual([]);
    expect(exitCode(report.results)).toBe(0);
    const ids = new Set(report.results.map((r) => r.id));
    const runtime = checklist.filter((item) => /runtime/.test(item.evidence)).map((item) => item.id);
    expect(runtime).toEqual(['CL-HDR-1', 'CL-SEC-4', 'CL-DB-3']);
    for (const id of runtime) expect({ id, checked: ids.has(id) }).toEqual({ id, checked: true });
    // Also the items the issue names: rotation, backups, TLS, HSTS, WAF, alarms, canary, drift, session cleanup.
    expect([...ids].sort()).toEqual(['CL-DB-2', 'CL-DB-3', 'CL-DEL-1', 'CL-HDR-1', 'CL-OBS-2', 'CL-OBS-3', 'CL-RED-1', 'CL-RED-2', 'CL-SEC-1', 'CL-SEC-2', 'CL-SEC-4', 'CL-SES-1', 'CL-TLS-1', 'CL-TLS-2', 'CL-TLS-3', 'CL-TLS-4', 'CL-WAF-1', 'CL-WAF-3']);
    for (const r of report.results) expect(formatLine(r)).toMatch(new RegExp(`^${r.id} +PASS  .+: .+ \\(\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z\\)$`));
    // Drift: every stateful stack, the backup copy in its own region.
    expect(report.results.filter((r) => r.id === 'CL-DEL-1').map((r) => r.check)).toEqual(
      ['keys', 'registry', 'network', 'backup-copy', 'data', 'secrets'].map((s) => `drift of platform-prod-${s} (${s === 'backup-copy' ? 'eu-west-3' : 'eu-west-1'})`),
    );
  });

  it('checks nothing in another account than the configured one', async () => {
    const { clients, mocks } = liveEnvironment();
    mocks.sts.on(GetCallerIdentityCommand).resolves({ Account: '999999999999', Arn: 'arn:aws:sts::999999999999:assumed-role/x/y' });
    const { results } = await runVerify(prodConfig(), clients, options(server));
    expect(results).toEqual([expect.objectContaining({ id: 'CL-ENV-1', status: 'FAIL', fix: 'use the prod verifier role, or set PLATFORM_PROD_ACCOUNT' })]);
    expect(mocks.cfnMain.calls()).toHaveLength(0);
  });

  it('fails the items of a check the role may not call, and still runs the others', async () => {
    const { clients, mocks } = liveEnvironment();
    mocks.secretsManager.on(DescribeSecretCommand).rejects(awsError('AccessDeniedException', 'not authorized to perform: secretsmanager:DescribeSecret'));
    const { results } = await runVerify(prodConfig(), clients, options(server));
    expect(results.filter((r) => r.status === 'FAIL')).toEqual([
      expect.objectContaining({ id: 'CL-SEC-2', evidence: 'could not check: AccessDeniedException: not authorized to perform: secretsmanager:DescribeSecret', fix: expect.stringMatching(/verifier-policy\.json/) }),
    ]);
    expect(results.filter((r) => r.status === 'PASS').length).toBeGreaterThan(15);
  });

  it('stops at expired credentials (bin/verify.ts says so in one line)', async () => {
    const { clients, mocks } = liveEnvironment();
    mocks.secretsManager.on(DescribeSecretCommand).rejects(awsError('ExpiredTokenException', 'The security token included in the request is expired'));
    await expect(runVerify(prodConfig(), clients, options(server))).rejects.toMatchObject({ name: 'ExpiredTokenException' });
  });

  it('marks the endpoint and canary checks N/A where no public host is configured (no canary domain, no https origin)', async () => {
    const { clients } = liveEnvironment();
    const [dev] = loadConfigs(['dev'], { dev: { account: ACCOUNT, allowedOrigins: ['http://localhost:3000'] } });
    expect(dev.observability.canary.domain).toBeUndefined();
    const { results } = await runVerify(dev, clients, { now: () => NOW, sleep: async () => undefined });
    expect(results.filter((r) => r.status === 'N/A').map((r) => [r.id, r.check])).toEqual([
      ['CL-TLS-1', 'HTTP redirects to HTTPS'],
      ['CL-TLS-1', 'TLS versions'],
      ['CL-TLS-2', 'HSTS on every response'],
      ['CL-HDR-1', 'security headers on every response'],
      ['CL-OBS-3', 'uptime canary'],
    ]);
  });

  describe('the recovery environment prod-recovery (npm run recover verifies it)', () => {
    it('passes: its own stacks in eu-west-3, the signing secret replicas in sync, its backups copied back home; rotation of the replicas N/A', async () => {
      const { clients, mocks } = liveEnvironment();
      const report = await runVerify(recoveryConfig(), clients, options(server));
      expect(report).toMatchObject({ environment: 'prod-recovery', region: 'eu-west-3' });
      expect(report.results.filter((r) => r.status === 'FAIL').map(formatLine)).toEqual([]);
      expect(report.results.filter((r) => r.status === 'N/A').map((r) => [r.id, r.check, r.evidence])).toEqual([
        ['CL-SEC-2', 'signing secret rotation', 'the signing secrets are replicas: they rotate with their primaries in eu-west-1, and get a rotation of their own when promoted (docs/disaster-recovery.md)'],
      ]);
      expect(exitCode(report.results)).toBe(0);
      const lines = report.results.filter((r) => r.status === 'PASS').map((r) => `${r.id} ${r.check}: ${r.evidence}`);
      for (const name of SIGNING_SECRETS) expect(lines).toContain(`CL-SEC-2 signing secret replica ${name} (eu-west-3): a replica of eu-west-1, in sync`);
      expect(lines).toContainEqual(expect.stringMatching(/^CL-DB-2 off-region copy into platform-prod-backup \(eu-west-1\): copy job copy-1 /));
      expect(mocks.backup.commandCalls(ListCopyJobsCommand)[0].args[0].input.ByDestinationVaultArn).toBe(`arn:aws:backup:eu-west-1:${ACCOUNT}:backup-vault:platform-prod-backup`);
      // Drift: its stateful stacks only, under their own names; it has no backup-copy or secrets stack.
      expect(report.results.filter((r) => r.id === 'CL-DEL-1').map((r) => r.check)).toEqual(
        ['keys', 'registry', 'network', 'data'].map((s) => `drift of platform-prod-recovery-${s} (eu-west-3)`),
      );
    });

    it('deployed minutes ago, without history: N/A for each first evidence not due yet, nothing FAILS (exit 0)', async () => {
      const env = liveEnvironment();
      freshEnvironment(env, 'platform-prod-recovery', hoursAgo(0.1));
      const report = await runVerify(recoveryConfig(), env.clients, options(server));
      expect(report.results.filter((r) => r.status === 'FAIL').map(formatLine)).toEqual([]);
      expect(report.results.filter((r) => r.status === 'N/A' && r.evidence.startsWith('stack ')).map((r) => `${r.id} ${r.evidence.replace(/ is due by .*/, '')}`)).toEqual([
        ...['app', 'session cleanup', 'migrator', 'master'].map(() => 'CL-SEC-2 stack platform-prod-recovery-data created 6 min ago; its first rotation (every 30 days)'),
        'CL-DB-2 stack platform-prod-recovery-data created 6 min ago; the first daily backup',
        'CL-DB-2 stack platform-prod-recovery-data created 6 min ago; the first off-region copy',
        'CL-DB-3 stack platform-prod-recovery-operations created 6 min ago; the first drill run (cron(0 3 1 * ? *))',
        'CL-OBS-3 stack platform-prod-recovery-monitoring created 6 min ago; the first run (every 5 minutes)',
        'CL-SES-1 stack platform-prod-recovery-operations created 6 min ago; the first successful run (rate(15 minutes))',
      ]);
      expect(exitCode(report.results)).toBe(0);
    });

    it('fails the same environment once its first evidence is overdue', async () => {
      const env = liveEnvironment();
      freshEnvironment(env, 'platform-prod-recovery', hoursAgo(27));
      const { results } = await runVerify(recoveryConfig(), env.clients, options(server));
      expect(results.filter((r) => r.status === 'FAIL').map((r) => `${r.id} ${r.check.split(' ')[0]}`)).toEqual(['CL-DB-2 daily', 'CL-DB-2 off-region', 'CL-OBS-3 uptime', 'CL-SES-1 session']);
    });

    it('fails a signing secret whose replica is missing or out of sync', async () => {
      const { clients, mocks } = liveEnvironment();
      mocks.secretsManager.on(DescribeSecretCommand, { SecretId: SIGNING_SECRETS[0] }).rejects(awsError('ResourceNotFoundException'));
      mocks.secretsManagerHome.on(DescribeSecretCommand, { SecretId: SIGNING_SECRETS[1] }).resolves({ ReplicationStatus: [{ Region: 'eu-west-3', Status: 'Failed', StatusMessage: 'key disabled' }] });
      const { results } = await runVerify(recoveryConfig(), clients, options(server));
      expect(results.filter((r) => r.status === 'FAIL').map((r) => [r.check, r.evidence])).toEqual([
        [`signing secret replica ${SIGNING_SECRETS[0]} (eu-west-3)`, `no secret ${SIGNING_SECRETS[0]} in eu-west-3`],
        [`signing secret replica ${SIGNING_SECRETS[1]} (eu-west-3)`, 'replication from eu-west-1 is Failed: key disabled'],
      ]);
    });

    it('still passes a replica whose primary cannot be read (the home region is down), saying its sync is unknown', async () => {
      const { clients, mocks } = liveEnvironment();
      mocks.secretsManagerHome.on(DescribeSecretCommand).rejects(awsError('TimeoutError'));
      const { results } = await runVerify(recoveryConfig(), clients, options(server));
      expect(results.filter((r) => r.check.startsWith('signing secret replica')).map((r) => [r.status, r.evidence])).toEqual(
        SIGNING_SECRETS.map(() => ['PASS', 'a replica of eu-west-1, whose primary cannot be read (TimeoutError), so its sync is unknown']),
      );
    });
  });
});
