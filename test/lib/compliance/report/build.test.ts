import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readCloudAssembly } from '../../../../lib/compliance/report/assembly';
import { buildReport, ItemResult } from '../../../../lib/compliance/report/build';
import { checklistPath, parseChecklist } from '../../../../lib/compliance/report/checklist';
import { renderMarkdown } from '../../../../lib/compliance/report/markdown';
import { PLATFORM_RULES } from '../../../../lib/compliance/rules';
import type { VerifyReport, VerifyResult } from '../../../../lib/verify/result';
import { breakResource, synthesizeFixture } from './fixture';

const checklist = parseChecklist(readFileSync(checklistPath(resolve(__dirname, '..', '..', '..', '..')), 'utf8'));

function report(outdir: string) {
  return buildReport({ checklist, environments: readCloudAssembly(outdir), rules: PLATFORM_RULES, now: new Date(0) });
}

function item(outdir: string, id: string): ItemResult {
  const found = report(outdir).environments[0].items.find((i) => i.id === id);
  if (!found) throw new Error(`${id} missing from the report`);
  return found;
}

describe('auditors report', () => {
  let outdir: string;
  beforeEach(() => {
    outdir = synthesizeFixture();
  });
  afterEach(() => rmSync(outdir, { recursive: true, force: true }));

  test('covers every checklist ID, for the environment found in cdk.out', () => {
    const built = report(outdir);
    expect(built.environments.map((e) => e.name)).toEqual(['prod']);
    expect(built.environments[0].items.map((i) => i.id)).toEqual(checklist.map((c) => c.id));
    const markdown = renderMarkdown(built);
    for (const { id } of checklist) expect(markdown).toContain(`| ${id} |`);
  });

  test('a compliant item is enforced, with evidence read from the template', () => {
    const env2 = item(outdir, 'CL-ENV-2');
    expect(env2.status).toBe('enforced');
    expect(env2.rules).toEqual(expect.arrayContaining(['Platform-RdsProdFloor', 'AwsSolutions-RDS3']));
    const db = env2.evidence.find((e) => e.logicalId === 'Database');
    expect(db?.values).toMatchObject({ MultiAZ: 'true', DeletionProtection: 'true', BackupRetentionPeriod: '35', DeletionPolicy: 'Snapshot' });
    expect(item(outdir, 'CL-TLS-2').status).toBe('enforced');
    expect(item(outdir, 'CL-DB-4').status).toBe('enforced');
  });

  test('a deliberately broken template shows as failing: MultiAZ false', () => {
    breakResource(outdir, 'Database', (p) => {
      p.MultiAZ = false;
    });
    const env2 = item(outdir, 'CL-ENV-2');
    expect(env2.status).toBe('failing');
    expect(env2.violations).toEqual([expect.objectContaining({ ruleId: 'Platform-RdsProdFloor', logicalId: 'Database', problems: ['MultiAZ is not true (prod)'] })]);
  });

  test('a deliberately broken template shows as failing: HSTS removed', () => {
    breakResource(outdir, 'Https', (p) => {
      p.ListenerAttributes = [];
    });
    expect(item(outdir, 'CL-TLS-2').status).toBe('failing');
    expect(renderMarkdown(report(outdir))).toMatch(/\*\*VIOLATION\*\* Platform-AlbHttpsListenerHsts on platform-prod-service\/Https/);
  });

  test('the edge security headers are enforced with the listener attributes as evidence; dropping X-Frame-Options fails CL-HDR-1', () => {
    const headers = item(outdir, 'CL-HDR-1');
    expect(headers.status).toBe('enforced');
    expect(headers.rules).toEqual(expect.arrayContaining(['Platform-AlbHttpsListenerSecurityHeaders', 'Platform-AlbHttpsListenerCors']));
    expect(headers.evidence.find((e) => e.logicalId === 'Https')?.values['ListenerAttributes.*.Value']).toContain('DENY');
    breakResource(outdir, 'Https', (p) => {
      p.ListenerAttributes = (p.ListenerAttributes as { Key: string }[]).filter((a) => !a.Key.includes('x_frame_options'));
    });
    expect(item(outdir, 'CL-HDR-1').violations).toEqual([
      expect.objectContaining({ ruleId: 'Platform-AlbHttpsListenerSecurityHeaders', logicalId: 'Https', problems: [expect.stringContaining('no X-Frame-Options (prod)')] }),
    ]);
  });

  test('a proxy target reference that crosses stacks is followed; breaking it fails CL-DB-4', () => {
    breakResource(outdir, 'ProxyTargets', (p) => {
      p.DBInstanceIdentifiers = ['some-other-db'];
    });
    expect(item(outdir, 'CL-DB-4').violations.map((v) => v.ruleId)).toContain('Platform-RdsProxyFrontsPostgres');
  });

  test('acknowledged exceptions appear with resource and reason, and do not fail the item', () => {
    const db4 = item(outdir, 'CL-DB-4');
    expect(db4.exceptions).toEqual([
      expect.objectContaining({ ruleId: 'Platform-RdsQueryDiagnostics', logicalId: 'Database', stackName: 'platform-prod-data', checklistIds: ['CL-DB-4'] }),
    ]);
    expect(db4.exceptions[0].reason).toContain('[CL-DB-4] fixture: pg_stat_statements');
    expect(item(outdir, 'CL-AUD-1')).toMatchObject({ status: 'enforced', exceptions: [expect.objectContaining({ ruleId: 'Platform-RdsQueryDiagnostics' })] });
    expect(renderMarkdown(report(outdir))).toContain('Exception Platform-RdsQueryDiagnostics on `platform-prod-data/Database`: [CL-DB-4] fixture');
  });

  test('an item with no rule and no evidence is a gap; a runtime item without evidence says so', () => {
    expect(item(outdir, 'CL-OBS-3')).toMatchObject({ status: 'gap', rules: [], evidence: [] });
    const drill = item(outdir, 'CL-DB-3');
    expect(drill.status).toBe('runtime-only');
    expect(drill.notes.join(' ')).toMatch(/cannot be shown by a template/);
  });

  test('an item whose rules have nothing to check yet is a gap with a note, never enforced', () => {
    const waf = item(outdir, 'CL-WAF-3');
    expect(waf.status).toBe('gap');
    expect(waf.rules).toEqual(['Platform-WafLoggingRedacted']);
    expect(waf.notes.join(' ')).toMatch(/no resource they check exists/);
  });

  test('a section per pack run at synth: rules evaluated, checks passed, acknowledged findings with reasons, fraction passed', () => {
    // As registerNagPacks writes it beside the environment's templates.
    mkdirSync(join(outdir, 'assembly-platform-prod', 'nag-packs'));
    const summary = {
      pack: 'Platform',
      title: 'Platform checklist',
      ruleCount: 3,
      rules: { 'Platform-RdsQueryDiagnostics': { compliant: 0, findings: 1 }, 'Platform-RdsForceSsl': { compliant: 1, findings: 0 }, 'Platform-WafRateLimits': { compliant: 0, findings: 0 } },
    };
    writeFileSync(join(outdir, 'assembly-platform-prod', 'nag-packs', 'Platform.json'), JSON.stringify(summary));
    const [env] = report(outdir).environments;
    expect(env.packs).toEqual([
      expect.objectContaining({ pack: 'Platform', rulesInPack: 3, rulesEvaluated: 2, passed: 1, findings: 1, open: [], fractionPassed: 0.5 }),
    ]);
    expect(env.packs[0].acknowledged).toEqual([expect.objectContaining({ ruleId: 'Platform-RdsQueryDiagnostics', logicalId: 'Database' })]);
    const markdown = renderMarkdown(report(outdir));
    expect(markdown).toContain('| Platform checklist | 2 of 3 | 1 | 1 | 0 | 50.0% |');
    expect(markdown).toContain('- Acknowledged Platform-RdsQueryDiagnostics on `platform-prod-data/Database`: [CL-DB-4] fixture');
  });

  test('synth findings from validation-report.json (as CDK writes it for cdk-nag) fail the items their rules cite', () => {
    const violation = (ruleName: string, constructPath: string) => ({ ruleName, description: 'x', severity: 'error', violatingConstructs: [{ constructPath }] });
    writeFileSync(
      join(outdir, 'validation-report.json'),
      JSON.stringify({
        version: '55.0.0',
        pluginReports: [
          { pluginName: 'AwsSolutions', conclusion: 'failure', violations: [violation('AwsSolutions-SMG4', 'platform-prod/data/AppSecret/Resource')] },
          { pluginName: 'Platform', conclusion: 'failure', violations: [violation('Platform-WafRateLimits', 'platform-dev/service/Acl'), violation('Platform-WafRateLimits', 'platform-prod-recovery/service/Acl')] },
        ],
      }),
    );
    const sec2 = item(outdir, 'CL-SEC-2');
    expect(sec2.status).toBe('failing');
    expect(sec2.violations).toEqual([expect.objectContaining({ ruleId: 'AwsSolutions-SMG4', constructPath: 'platform-prod/data/AppSecret/Resource', source: 'synth' })]);
    // A finding of another environment (also prod's recovery environment) does not leak into prod.
    expect(item(outdir, 'CL-WAF-2').status).toBe('gap');
  });
});

describe('CL-ENV-1 across environments', () => {
  const stack = (stackName: string, account: string) => ({ stackName, account, region: 'eu-west-1', template: { Resources: {} } });
  const env1 = (accounts: [string, string]) =>
    buildReport({
      checklist,
      rules: PLATFORM_RULES,
      environments: [
        { name: 'dev', stacks: [stack('platform-dev-keys', accounts[0])], findings: [] },
        { name: 'prod', stacks: [stack('platform-prod-keys', accounts[1])], findings: [] },
      ],
    }).environments.map((e) => e.items.find((i) => i.id === 'CL-ENV-1')!);

  test('separate accounts are enforced', () => {
    expect(env1(['111111111111', '222222222222']).map((i) => i.status)).toEqual(['enforced', 'enforced']);
  });

  test('a shared account fails both environments', () => {
    const [dev, prod] = env1(['111111111111', '111111111111']);
    expect(dev.status).toBe('failing');
    expect(prod.violations[0].problems).toEqual(['account 111111111111 is also used by dev']);
  });

  test('a recovery environment shares its environment\'s account by design, and no other\'s', () => {
    const accountOf = (names: ['prod-recovery' | 'dev', string][]) =>
      buildReport({
        checklist,
        rules: PLATFORM_RULES,
        environments: [{ name: 'prod', stacks: [stack('platform-prod-keys', '222222222222')], findings: [] }, ...names.map(([name, account]) => ({ name, stacks: [stack(`platform-${name}-keys`, account)], findings: [] }))],
      }).environments.map((e) => [e.name, e.items.find((i) => i.id === 'CL-ENV-1')!.status]);
    expect(accountOf([['prod-recovery', '222222222222']])).toEqual([['prod', 'enforced'], ['prod-recovery', 'enforced']]);
    expect(accountOf([['prod-recovery', '222222222222'], ['dev', '222222222222']])).toEqual([['prod', 'failing'], ['prod-recovery', 'failing'], ['dev', 'failing']]);
  });
});

describe('live evidence (npm run report -- --live <verify json>)', () => {
  let outdir: string;
  beforeAll(() => {
    outdir = synthesizeFixture();
  });
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  const at = '2026-11-30T05:00:00.000Z';
  const run = (results: VerifyResult[], environment = 'prod'): VerifyReport => ({
    environment,
    account: '123456789012',
    region: 'eu-west-1',
    caller: 'arn:aws:sts::123456789012:assumed-role/platform-prod-verify/ci',
    startedAt: '2026-11-30T06:00:00.000Z',
    finishedAt: '2026-11-30T06:02:00.000Z',
    results,
  });
  const drill: VerifyResult = { id: 'CL-DB-3', check: 'restore drill x', status: 'PASS', evidence: 'last run SUCCEEDED: RTO 1830 s, RPO 240 s', at };
  const backup: VerifyResult = { id: 'CL-DB-2', check: 'daily backup', status: 'FAIL', evidence: 'no completed backup job in the last 26 h', at, fix: 'read the job' };
  const withLive = (live: VerifyReport[]) => buildReport({ checklist, environments: readCloudAssembly(outdir), rules: PLATFORM_RULES, live, now: new Date(0) });
  const itemOf = (built: ReturnType<typeof withLive>, id: string) => built.environments[0].items.find((i) => i.id === id)!;

  test('sits next to the static evidence of each item, with its account, region and times', () => {
    const built = withLive([run([drill, backup])]);
    expect(built.environments[0].live).toEqual({ account: '123456789012', region: 'eu-west-1', caller: expect.stringContaining('platform-prod-verify'), startedAt: '2026-11-30T06:00:00.000Z', finishedAt: '2026-11-30T06:02:00.000Z' });
    // The static status stays what the templates show; the live status is its own.
    expect(itemOf(built, 'CL-DB-3')).toMatchObject({ status: 'runtime-only', live: { status: 'pass', account: '123456789012', region: 'eu-west-1', checkedAt: '2026-11-30T06:02:00.000Z', results: [drill] } });
    expect(itemOf(built, 'CL-DB-2').live?.status).toBe('fail');
    const markdown = renderMarkdown(built);
    expect(markdown).toContain('Live evidence: `npm run verify` in account 123456789012, region eu-west-1');
    expect(markdown).toContain('| CL-DB-3 | runtime-only | 1 | 0 | 0 | pass |');
    expect(markdown).toContain(`- Live PASS (123456789012/eu-west-1, ${at}) restore drill x: last run SUCCEEDED: RTO 1830 s, RPO 240 s`);
    expect(markdown).toContain(`- Live FAIL (123456789012/eu-west-1, ${at}) daily backup: no completed backup job in the last 26 h; fix: read the job`);
  });

  test('an item with neither static nor live evidence says so plainly', () => {
    expect(itemOf(withLive([run([drill])]), 'CL-WAF-2').notes).toContain('no evidence: the templates show nothing for this item and the live verification has no check of it.');
    const without = withLive([]);
    expect(itemOf(without, 'CL-WAF-2').notes).toContainEqual(expect.stringMatching(/^no evidence: the templates show nothing for this item and no live verification was given/));
    expect(itemOf(without, 'CL-DB-3').notes.join(' ')).toMatch(/no evidence: .*no live verification was given/);
    expect(renderMarkdown(without)).toContain('Live evidence: none given for this environment');
    // Live evidence is evidence: with it, the runtime item no longer says it has none.
    expect(itemOf(withLive([run([drill])]), 'CL-DB-3').notes.join(' ')).not.toMatch(/no evidence/);
  });

  test('warns when the run read another account or region than the templates target', () => {
    const other = withLive([{ ...run([drill]), account: '999999999999' }]);
    expect(other.environments[0].live?.mismatch).toMatch(/^the live evidence was read in 999999999999\/eu-west-1, but the templates target 123456789012\/eu-west-1/);
    expect(renderMarkdown(other)).toContain('**Warning:** the live evidence was read in 999999999999/eu-west-1');
    // A run in the account and region the templates target is none.
    expect(withLive([run([drill])]).environments[0].live).not.toHaveProperty('mismatch');
  });

  test('refuses a run of a recovery environment whose stage was not synthesized, naming the fix in one line', () => {
    const message = 'live evidence of the recovery environment "prod-recovery" given, but the assembly has only prod: synthesize it with the recovery point it restored (npx cdk synth -c env=prod,prod-recovery -c recoveryPointArn=<arn>), then npm run report -- --from cdk.out --live <file>';
    expect(() => withLive([run([drill], 'prod-recovery')])).toThrow(message);
    expect(message).not.toContain('\n');
  });

  test('puts a recovery environment\'s run in its own section when its stage was synthesized', () => {
    const withRecovery = synthesizeFixture({ recovery: true });
    try {
      const firstBackup: VerifyResult = { id: 'CL-DB-2', check: 'daily backup', status: 'N/A', evidence: 'stack platform-prod-recovery-data created 6 min ago; the first daily backup is due by 2026-12-01T07:54:00.000Z', at };
      const built = buildReport({
        checklist,
        environments: readCloudAssembly(withRecovery),
        rules: PLATFORM_RULES,
        live: [run([drill, backup]), { ...run([firstBackup], 'prod-recovery'), region: 'eu-west-3' }],
        now: new Date(0),
      });
      expect(built.environments.map((e) => [e.name, e.stacks.map((s) => `${s.stackName} ${s.region}`), e.live?.region, e.live?.mismatch])).toEqual([
        ['prod', ['platform-prod-data eu-west-1', 'platform-prod-service eu-west-1'], 'eu-west-1', undefined],
        ['prod-recovery', ['platform-prod-recovery-data eu-west-3'], 'eu-west-3', undefined],
      ]);
      const recovery = built.environments[1].items.find((i) => i.id === 'CL-DB-2')!;
      expect(recovery.live).toMatchObject({ status: 'n/a', results: [firstBackup] });
      expect(built.environments[0].items.find((i) => i.id === 'CL-DB-2')!.live?.status).toBe('fail');
      expect(renderMarkdown(built)).toContain('## prod-recovery');
    } finally {
      rmSync(withRecovery, { recursive: true, force: true });
    }
  });

  test('refuses a run of an environment the assembly does not hold, or two runs of one', () => {
    expect(() => withLive([run([drill], 'staging')])).toThrow('live evidence of environment "staging" given, but the assembly has only prod: synthesize it, or drop that --live file');
    expect(() => withLive([run([drill]), run([backup])])).toThrow('two --live files for environment "prod": give one verify run per environment');
  });
});
