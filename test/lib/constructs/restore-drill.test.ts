import { Match, Template } from 'aws-cdk-lib/assertions';
import { DRILL_TASKS } from '../../../lib/constructs/restore-drill';
import { expectDeadLetteredTarget } from '../support/dead-letter';
import { OpsFixture, opsFixture } from '../support/fixtures';

interface AslState {
  Type: string;
  Next?: string;
  Default?: string;
  End?: boolean;
  Choices?: { Next: string; Variable: string; [k: string]: unknown }[];
  Catch?: { ErrorEquals: string[]; Next: string; ResultPath?: string }[];
  Retry?: { ErrorEquals: string[] }[];
  Resource?: string;
  [k: string]: unknown;
}
interface Asl {
  StartAt: string;
  States: Record<string, AslState>;
}

/** The rendered definition with every intrinsic (function ARNs) replaced by the referenced logical ID. */
function definitionOf(template: Template): Asl {
  const machines = Object.values(template.findResources('AWS::StepFunctions::StateMachine'));
  expect(machines).toHaveLength(1);
  const parts: unknown[] = machines[0].Properties.DefinitionString['Fn::Join'][1];
  const text = parts.map((p) => (typeof p === 'string' ? p : `ref:${JSON.stringify(p).match(/"([A-Za-z0-9]+Function[A-Za-z0-9]*)"/)?.[1]}`)).join('');
  return JSON.parse(text);
}

function successors(state: AslState): string[] {
  return [state.Next, state.Default, ...(state.Choices ?? []).map((c) => c.Next), ...(state.Catch ?? []).map((c) => c.Next)].filter(
    (s): s is string => s !== undefined,
  );
}

const CLEANUP_STATES = ['Cleanup', 'CleanupAfterFailure'];

describe.each(['dev', 'prod'] as const)('RestoreDrill in %s (CL-DB-3)', (env) => {
  let fixture: OpsFixture;
  let template: Template;
  let asl: Asl;

  beforeAll(() => {
    fixture = opsFixture(env);
    template = Template.fromStack(fixture.operations);
    asl = definitionOf(template);
  });

  it('runs the tasks in order: start, wait, check, verify, report, clean up', () => {
    const s = asl.States;
    expect(asl.StartAt).toBe('InitPolling');
    expect(s.InitPolling.Next).toBe('StartRestore');
    expect(s.StartRestore.Next).toBe('WaitForRestore');
    expect(s.WaitForRestore.Next).toBe('CheckStatus');
    expect(s.CheckStatus.Next).toBe('RestoreUsable?');
    expect(s.Verify.Next).toBe('ReportSuccess');
    expect(s.ReportSuccess.Next).toBe('Cleanup');
    expect(s.Cleanup.Next).toBe('DrillSucceeded');
    expect(s.DrillSucceeded.Type).toBe('Succeed');
  });

  it('each task invokes its own Lambda', () => {
    const functionOf = (state: string) => asl.States[state].Resource;
    expect(functionOf('StartRestore')).toMatch(/^ref:RestoreDrillStartRestoreFunction/);
    expect(functionOf('CheckStatus')).toMatch(/^ref:RestoreDrillCheckStatusFunction/);
    expect(functionOf('Verify')).toMatch(/^ref:RestoreDrillVerifyFunction/);
    expect(functionOf('ReportSuccess')).toMatch(/^ref:RestoreDrillReportFunction/);
    expect(functionOf('ReportFailure')).toMatch(/^ref:RestoreDrillReportFunction/);
    expect(functionOf('Cleanup')).toMatch(/^ref:RestoreDrillCleanupFunction/);
    expect(functionOf('CleanupAfterFailure')).toMatch(/^ref:RestoreDrillCleanupFunction/);
  });

  it('polls with exponential back-off: the wait starts at the configured value, doubles, and is capped', () => {
    const drill = fixture.config.observability.restoreDrill;
    const s = asl.States;
    expect(s.InitPolling).toMatchObject({ Type: 'Pass', Result: { waitSeconds: drill.initialWaitSeconds, count: 0 }, ResultPath: '$.poll' });
    expect(s.WaitForRestore).toMatchObject({ Type: 'Wait', SecondsPath: '$.poll.waitSeconds' });
    expect(s.BackOff).toMatchObject({
      Type: 'Pass',
      ResultPath: '$.poll',
      Parameters: { 'waitSeconds.$': 'States.MathAdd($.poll.waitSeconds, $.poll.waitSeconds)', 'count.$': 'States.MathAdd($.poll.count, 1)' },
    });
    expect(s['WaitAboveCap?'].Choices).toEqual([{ Variable: '$.poll.waitSeconds', NumericGreaterThan: drill.maxWaitSeconds, Next: 'CapWait' }]);
    expect(s['WaitAboveCap?'].Default).toBe('WaitForRestore');
    expect(s.CapWait).toMatchObject({ Parameters: { waitSeconds: drill.maxWaitSeconds, 'count.$': '$.poll.count' }, Next: 'WaitForRestore' });
  });

  it('routes the status: usable -> verify, failed -> failure report, too many polls -> time-out, else back off', () => {
    const choice = asl.States['RestoreUsable?'];
    const maxPolls = fixture.config.observability.restoreDrill.maxPolls;
    expect(choice.Choices).toEqual([
      { Variable: '$.available', BooleanEquals: true, Next: 'Verify' },
      { Variable: '$.failed', BooleanEquals: true, Next: 'ReportFailure' },
      { Variable: '$.poll.count', NumericGreaterThanEquals: maxPolls - 1, Next: 'RestoreTimedOut' },
    ]);
    expect(choice.Default).toBe('BackOff');
    expect(asl.States.RestoreTimedOut).toMatchObject({ ResultPath: '$.error', Next: 'ReportFailure' });
  });

  it('catches every error of every task that is not a cleanup and routes it to the failure report with the error kept', () => {
    for (const name of ['StartRestore', 'CheckStatus', 'Verify', 'ReportSuccess', 'Cleanup']) {
      expect(asl.States[name].Catch).toEqual([{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'ReportFailure' }]);
    }
    expect(asl.States.ReportFailure.Next).toBe('CleanupAfterFailure');
    expect(asl.States.ReportFailure.Catch).toEqual([{ ErrorEquals: ['States.ALL'], ResultPath: '$.reportError', Next: 'CleanupAfterFailure' }]);
    expect(asl.States.CleanupAfterFailure.Next).toBe('DrillFailed');
    expect(asl.States.CleanupAfterFailure.Catch?.[0].Next).toBe('DrillCleanupFailed');
  });

  it('retries verify once (new endpoint DNS) and never retries guard, input or config errors', () => {
    expect(asl.States.Verify.Retry).toEqual(expect.arrayContaining([expect.objectContaining({ ErrorEquals: ['DrillVerificationFailed'], MaxAttempts: 1 })]));
    const retried = Object.values(asl.States).flatMap((state) => (state.Retry ?? []).flatMap((r) => r.ErrorEquals));
    for (const never of ['DrillGuardRefused', 'DrillInputError', 'DrillConfigError', 'States.ALL']) expect(retried).not.toContain(never);
  });

  it('retries a cleanup that RDS refuses for now (instance still modifying)', () => {
    for (const name of CLEANUP_STATES) {
      expect(asl.States[name].Retry).toEqual(expect.arrayContaining([expect.objectContaining({ ErrorEquals: ['DrillCleanupNotYetPossible'] })]));
    }
  });

  it('passes through a cleanup on every path from the start to an end state, failures included', () => {
    // Depth-first over Next/Default/Choices/Catch edges; a path stops at a cleanup state. Reaching a terminal
    // state without passing a cleanup would leave a drill instance behind.
    const leaks: string[] = [];
    const seen = new Set<string>();
    const walk = (name: string, path: string[]) => {
      if (CLEANUP_STATES.includes(name) || seen.has(name)) return;
      seen.add(name);
      const state = asl.States[name];
      const next = successors(state);
      if (next.length === 0) leaks.push([...path, name].join(' -> '));
      for (const n of next) walk(n, [...path, name]);
    };
    walk(asl.StartAt, []);
    expect(leaks).toEqual([]);
  });

  it('ends failed (alarmable) after any failure, and only succeeds after the success path', () => {
    expect(asl.States.DrillFailed).toMatchObject({ Type: 'Fail', Error: 'RestoreDrillFailed' });
    expect(asl.States.DrillCleanupFailed).toMatchObject({ Type: 'Fail', Error: 'RestoreDrillCleanupFailed' });
    const into = (target: string) => Object.entries(asl.States).filter(([, s]) => successors(s).includes(target)).map(([n]) => n);
    expect(into('DrillSucceeded')).toEqual(['Cleanup']);
    expect(into('DrillFailed')).toEqual(['CleanupAfterFailure']);
  });

  it('logs ALL events to an encrypted log group and traces with X-Ray', () => {
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: Match.objectLike({ Level: 'ALL' }),
    });
    const machine = Object.values(template.findResources('AWS::StepFunctions::StateMachine'))[0];
    const logGroupArn = machine.Properties.LoggingConfiguration.Destinations[0].CloudWatchLogsLogGroup.LogGroupArn;
    const logGroupId = logGroupArn['Fn::GetAtt'][0];
    const logGroup = template.findResources('AWS::Logs::LogGroup')[logGroupId];
    expect(logGroup.Properties.RetentionInDays).toBe(fixture.config.observability.logRetentionDays);
    expect(JSON.stringify(logGroup.Properties.KmsKeyId)).toMatch(/LogsKey/);
  });

  it('starts monthly on the configured schedule with the production instance as source', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: fixture.config.observability.restoreDrill.schedule,
      Targets: [Match.objectLike({ Input: JSON.stringify({ sourceDbInstanceIdentifier: `platform-${env}-db` }) })],
    });
  });

  it('keeps a start EventBridge could not deliver within an hour in an encrypted dead-letter queue', () => {
    const drill = fixture.operations.restoreDrill;
    expectDeadLetteredTarget(template, drill.schedule, drill.deadLetterQueue, { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3600 });
  });

  it('configures each task from config: drill security group, isolated subnet group, instance class, RDS CA bundle', () => {
    const drill = fixture.operations.restoreDrill;
    const stack = fixture.operations;
    const drillSgId = stack.getLogicalId(drill.drillSecurityGroup.node.defaultChild as never);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          DRILL_INSTANCE_PREFIX: `platform-${env}`,
          DRILL_DB_SUBNET_GROUP_NAME: `platform-${env}-isolated`,
          DRILL_SECURITY_GROUP_IDS: { 'Fn::GetAtt': [drillSgId, 'GroupId'] },
          DRILL_INSTANCE_CLASS: fixture.config.observability.restoreDrill.instanceClass,
          DRILL_PARAMETER_GROUP_NAME: `platform-${env}-postgres`,
        }),
      },
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ NODE_EXTRA_CA_CERTS: '/var/runtime/ca-cert.pem', VERIFY_DATABASE_NAME: 'app' }) },
      VpcConfig: Match.objectLike({ SecurityGroupIds: [{ 'Fn::GetAtt': [stack.getLogicalId(drill.verifySecurityGroup.node.defaultChild as never), 'GroupId'] }] }),
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ METRICS_NAMESPACE: fixture.config.observability.restoreDrill.metricsNamespace, ENVIRONMENT: env }) },
    });
    expect(Object.keys(drill.functions).sort()).toEqual([...DRILL_TASKS].sort());
  });

  it('lets only the verify Lambda into the dedicated drill security group, never the production database group', () => {
    const drill = fixture.operations.restoreDrill;
    const stack = fixture.operations;
    const drillSg = stack.getLogicalId(drill.drillSecurityGroup.node.defaultChild as never);
    const verifySg = stack.getLogicalId(drill.verifySecurityGroup.node.defaultChild as never);
    const ingress = Object.values(template.findResources('AWS::EC2::SecurityGroupIngress')).filter(
      (r) => JSON.stringify(r.Properties.GroupId) === JSON.stringify({ 'Fn::GetAtt': [drillSg, 'GroupId'] }),
    );
    expect(ingress).toHaveLength(1);
    expect(ingress[0].Properties).toMatchObject({ SourceSecurityGroupId: { 'Fn::GetAtt': [verifySg, 'GroupId'] }, FromPort: 5432, ToPort: 5432 });
    expect(JSON.stringify(template.toJSON())).not.toContain(fixture.data.databaseSecurityGroup.securityGroupId);
  });

  it('scopes the RDS permissions to drill instances; only start-restore touches the source, read-only', () => {
    const policies = template.findResources('AWS::IAM::Policy');
    const statementsOf = (task: string) =>
      Object.values(policies)
        .filter((p) => JSON.stringify(p.Properties.Roles).includes(`RestoreDrill${task}FunctionServiceRole`))
        .flatMap((p) => p.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[]);
    const drillArn = `:db:platform-${env}-drill-*`;
    const sourceArn = `:db:platform-${env}-db"`;
    for (const task of ['CheckStatus', 'Verify', 'Cleanup']) {
      const rdsStatements = statementsOf(task).filter((s) => [s.Action].flat().some((a) => a.startsWith('rds:')));
      expect(rdsStatements.length).toBeGreaterThan(0);
      for (const s of rdsStatements) expect(JSON.stringify(s.Resource)).toContain(drillArn);
      expect(JSON.stringify(statementsOf(task))).not.toContain(sourceArn);
    }
    const start = statementsOf('StartRestore');
    const onSource = start.filter((s) => JSON.stringify(s.Resource).includes(sourceArn)).flatMap((s) => [s.Action].flat());
    expect(onSource.sort()).toEqual(['rds:DescribeDBInstances', 'rds:RestoreDBInstanceToPointInTime']);
    // Mutations of drill instances also require the drill tag, repeating the Lambdas' guard in IAM.
    const tagged = { StringEquals: { 'aws:ResourceTag/platform:purpose': 'restore-drill' } };
    expect(statementsOf('Cleanup')).toContainEqual(expect.objectContaining({ Action: 'rds:DeleteDBInstance', Condition: tagged }));
    expect(statementsOf('CheckStatus')).toContainEqual(expect.objectContaining({ Action: 'rds:ModifyDBInstance', Condition: tagged }));
    expect(start).toContainEqual(
      expect.objectContaining({ Action: 'rds:RestoreDBInstanceToPointInTime', Condition: { StringEquals: { 'aws:RequestTag/platform:purpose': 'restore-drill' } } }),
    );
    // Besides its logs, only active tracing's X-Ray actions.
    expect(statementsOf('Report').filter((s) => [s.Action].flat().some((a) => !a.startsWith('logs:') && !a.startsWith('xray:')))).toEqual([]);
  });
});
