import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DescribeSecretCommand } from '@aws-sdk/client-secrets-manager';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { loadConfigs } from '../../../config';
import { checklistPath, parseChecklist } from '../../../lib/compliance/report/checklist';
import { exitCode, formatLine } from '../../../lib/verify/result';
import { runVerify } from '../../../lib/verify/run';
import { ACCOUNT, NOW, awsError, liveEnvironment, prodConfig } from './fixture';
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
});
