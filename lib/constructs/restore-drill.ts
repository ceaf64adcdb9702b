import {
  Duration,
  Stack,
  aws_backup as backup,
  aws_ec2 as ec2,
  aws_events as events,
  aws_events_targets as targets,
  aws_iam as iam,
  aws_kms as kms,
  aws_lambda as lambda,
  aws_stepfunctions as sfn,
  aws_stepfunctions_tasks as tasks,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { ObservabilityConfig } from '../../config/sections/observability';
import { acknowledge, findingPartition } from '../compliance/acknowledge';
import { DeadLetterQueue } from './dead-letter-queue';
import { EncryptedLogGroup } from './encrypted-log-group';
import { PlatformFunction, PlatformFunctionProps } from './platform-function';

/** The drill's tasks; each is `lambdas/restore-drill/<task>.ts`. */
export const DRILL_TASKS = ['start-restore', 'check-status', 'verify', 'report', 'cleanup'] as const;
export type DrillTask = (typeof DRILL_TASKS)[number];

export interface RestoreDrillProps {
  /** `observability.restoreDrill` plus the log retention. */
  readonly config: ObservabilityConfig['restoreDrill'];
  readonly logRetentionDays: number;
  /** Environment name: the metric dimension, and the drill instances' prefix unless `instancePrefix` is given. */
  readonly environmentName: string;
  /** Prefix of every drill instance (`<prefix>-drill-<stamp>`). @default platform-<environmentName> */
  readonly instancePrefix?: string;
  /**
   * Restore the newest recovery point copied into this vault (the off-region drill, docs/disaster-recovery.md)
   * instead of the source instance's latest restorable time. @default point-in-time restore of the source
   */
  readonly copyVault?: backup.IBackupVault;
  readonly vpc: ec2.IVpc;
  readonly logsKey: kms.IKey;
  /** Key of the restored data (the source's storage key, or the copy vault's): the restore is encrypted with it. */
  readonly dataKey: kms.IKey;
  /** Encrypts the drill instance's RDS-managed master secret. */
  readonly secretsKey: kms.IKey;
  /** The production instance to restore from, or whose copies to restore (read only: the drill never modifies it). */
  readonly sourceInstanceIdentifier: string;
  readonly databaseName: string;
  readonly port: number;
  /** DB subnet group of the isolated subnets (CL-NET-1). */
  readonly subnetGroupName: string;
  /** Parameter group with rds.force_ssl=1 (CL-TLS-3). */
  readonly parameterGroupName: string;
}

/**
 * Restore drill (CL-DB-3): restore the database to its latest restorable time (or, with `copyVault`, its newest
 * copied recovery point) into a temporary instance in the isolated subnets, poll with exponential back-off until usable, verify the data through a
 * Lambda, publish RTO/RPO metrics, and always delete the temporary instance; any failure ends the execution
 * failed (alarmed via ExecutionsFailed) after the failure report and the cleanup.
 */
export class RestoreDrill extends Construct {
  readonly stateMachine: sfn.StateMachine;
  readonly functions: Readonly<Record<DrillTask, PlatformFunction>>;
  /** Attached to the temporary instance only; the production database's group is never used. */
  readonly drillSecurityGroup: ec2.SecurityGroup;
  readonly verifySecurityGroup: ec2.SecurityGroup;
  readonly schedule: events.Rule;
  /** Drill starts EventBridge could not deliver to the state machine. */
  readonly deadLetterQueue: DeadLetterQueue;
  /** Prefix of every drill instance identifier. */
  readonly instancePrefix: string;

  constructor(scope: Construct, id: string, props: RestoreDrillProps) {
    super(scope, id);
    const { config } = props;
    const stack = Stack.of(this);
    this.instancePrefix = props.instancePrefix ?? `platform-${props.environmentName}`;

    this.drillSecurityGroup = new ec2.SecurityGroup(this, 'DrillInstanceSecurityGroup', {
      vpc: props.vpc,
      description: 'Restore-drill temporary DB instance: PostgreSQL from the drill verify Lambda only',
      allowAllOutbound: false,
    });
    this.verifySecurityGroup = new ec2.SecurityGroup(this, 'VerifySecurityGroup', {
      vpc: props.vpc,
      description: 'Restore-drill verify Lambda: PostgreSQL to the drill instance, HTTPS to the RDS and Secrets Manager APIs',
      allowAllOutbound: false,
    });
    this.verifySecurityGroup.connections.allowTo(this.drillSecurityGroup, ec2.Port.tcp(props.port), 'PostgreSQL to the drill instance');
    // The RDS API has no VPC endpoint here, so HTTPS goes out through the NAT.
    this.verifySecurityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'HTTPS to the RDS and Secrets Manager APIs');

    const common = {
      logsKey: props.logsKey,
      logRetentionDays: props.logRetentionDays,
      noDeadLetterQueueReason:
        'Invoked synchronously by the restore-drill state machine (a Step Functions Lambda task), which retries, routes every failure to its failure report and cleanup, and fails the execution (alarmed on ExecutionsFailed); a DLQ applies only to asynchronous invocations.',
    };
    // Control-plane callers only: the drill's data path (verify) runs in the VPC.
    const outsideVpc = (calls: string) =>
      `Calls only ${calls} with IAM authentication over TLS and reaches no data store (the verify task, which connects to the restored database, runs in the VPC); a VPC would add a NAT dependency without narrowing any network path.`;
    const prefixEnv = { DRILL_INSTANCE_PREFIX: this.instancePrefix };
    const make = (task: DrillTask, description: string, extra: Partial<PlatformFunctionProps>) =>
      new PlatformFunction(this, `${pascal(task)}Function`, {
        ...common,
        entry: `restore-drill/${task}.ts`,
        description: `Restore drill: ${description} (CL-DB-3)`,
        timeout: Duration.seconds(30),
        ...extra,
        environment: { ...prefixEnv, ...extra.environment },
      });
    this.functions = {
      'start-restore': make(
        'start-restore',
        props.copyVault ? 'restore the newest copied recovery point into a temporary instance' : 'start a point-in-time restore into a temporary instance',
        {
          entry: props.copyVault ? 'restore-drill/start-copy-restore.ts' : 'restore-drill/start-restore.ts',
          outsideVpcReason: outsideVpc(props.copyVault ? 'the AWS Backup, RDS and KMS APIs' : 'the RDS and KMS APIs'),
          environment: {
            DRILL_DB_SUBNET_GROUP_NAME: props.subnetGroupName,
            DRILL_SECURITY_GROUP_IDS: this.drillSecurityGroup.securityGroupId,
            DRILL_INSTANCE_CLASS: config.instanceClass,
            DRILL_PARAMETER_GROUP_NAME: props.parameterGroupName,
            ...(props.copyVault ? { DRILL_BACKUP_VAULT_NAME: props.copyVault.backupVaultName } : {}),
          },
        },
      ),
      'check-status': make('check-status', 'report the restore status, switch it to a managed master secret', {
        outsideVpcReason: outsideVpc('the RDS API'),
        environment: { MASTER_USER_SECRET_KMS_KEY_ID: props.secretsKey.keyArn },
      }),
      verify: make('verify', 'prove the restored data is readable', {
        timeout: Duration.seconds(90),
        vpc: props.vpc,
        securityGroup: this.verifySecurityGroup,
        environment: {
          // Node then trusts the RDS CA bundle the Lambda runtime ships; the certificate is always verified.
          NODE_EXTRA_CA_CERTS: '/var/runtime/ca-cert.pem',
          VERIFY_DATABASE_NAME: props.databaseName,
        },
      }),
      report: make('report', 'publish restore duration (RTO), data age (RPO) and the result as metrics', {
        outsideVpcReason: outsideVpc('CloudWatch Logs (its metrics are embedded-metric-format log lines)'),
        environment: { METRICS_NAMESPACE: config.metricsNamespace, ENVIRONMENT: props.environmentName },
      }),
      cleanup: make('cleanup', 'delete the temporary instance', { outsideVpcReason: outsideVpc('the RDS API') }),
    };
    // `report` writes its metrics as embedded-metric-format log lines: it needs no permission beyond its logs.
    this.grantPermissions(props, stack);

    this.stateMachine = this.buildStateMachine(props);

    // Undeliverable starts (after EventBridge's retries) are kept here and alarmed; a started drill that fails is
    // alarmed on ExecutionsFailed and DrillSucceeded.
    this.deadLetterQueue = new DeadLetterQueue(this, 'ScheduleDeadLetterQueue', {
      encryptionKey: props.logsKey,
      checklistId: 'CL-DB-3',
      feeds: 'of the drill schedule (drill starts EventBridge could not deliver)',
    });
    this.schedule = new events.Rule(this, 'Schedule', {
      description: `restore drill ${config.schedule} (CL-DB-3)`,
      schedule: events.Schedule.expression(config.schedule),
      targets: [
        new targets.SfnStateMachine(this.stateMachine, {
          input: events.RuleTargetInput.fromObject({ sourceDbInstanceIdentifier: props.sourceInstanceIdentifier }),
          retryAttempts: 2,
          // A start still undelivered after an hour goes to the queue: the drill is then run by hand (docs/runbook.md).
          maxEventAge: Duration.hours(1),
          deadLetterQueue: this.deadLetterQueue,
        }),
      ],
    });
  }

  private grantPermissions(props: RestoreDrillProps, stack: Stack): void {
    const rdsArn = (resource: string, name: string) => `arn:${stack.partition}:rds:${stack.region}:${stack.account}:${resource}:${name}`;
    const drillInstances = rdsArn('db', `${this.instancePrefix}-drill-*`);
    const source = rdsArn('db', props.sourceInstanceIdentifier);
    const fns = this.functions;

    // Drill instances carry this tag from creation on; IAM repeats the Lambdas' own guard (docs/restore-drill.md).
    const requestTagged = { StringEquals: { 'aws:RequestTag/platform:purpose': 'restore-drill' } };
    const resourceTagged = { StringEquals: { 'aws:ResourceTag/platform:purpose': 'restore-drill' } };

    // start-restore: read the source (or list its copies), restore it into a drill-named, tagged instance in the
    // isolated subnet group.
    const restoreInto = [drillInstances, rdsArn('subgrp', props.subnetGroupName), rdsArn('pg', props.parameterGroupName), rdsArn('og', 'default:postgres-*')];
    if (props.copyVault) {
      fns['start-restore'].addToRolePolicy(new iam.PolicyStatement({ actions: ['backup:ListRecoveryPointsByBackupVault'], resources: [props.copyVault.backupVaultArn] }));
      fns['start-restore'].addToRolePolicy(
        new iam.PolicyStatement({
          actions: ['rds:RestoreDBInstanceFromDBSnapshot'],
          conditions: requestTagged,
          resources: [rdsArn('snapshot', 'awsbackup:*'), ...restoreInto],
        }),
      );
    } else {
      fns['start-restore'].addToRolePolicy(new iam.PolicyStatement({ actions: ['rds:DescribeDBInstances'], resources: [source] }));
      fns['start-restore'].addToRolePolicy(
        new iam.PolicyStatement({ actions: ['rds:RestoreDBInstanceToPointInTime'], conditions: requestTagged, resources: [source, ...restoreInto] }),
      );
    }
    fns['start-restore'].addToRolePolicy(
      new iam.PolicyStatement({ actions: ['rds:AddTagsToResource'], resources: [drillInstances], conditions: requestTagged }),
    );
    // The copy is encrypted with the source's key: RDS needs a grant on it, created on the caller's behalf.
    fns['start-restore'].addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['kms:DescribeKey'],
        resources: [props.dataKey.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `rds.${stack.region}.amazonaws.com` } },
      }),
    );
    fns['start-restore'].addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['kms:CreateGrant'],
        resources: [props.dataKey.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `rds.${stack.region}.amazonaws.com` }, Bool: { 'kms:GrantIsForAWSResource': 'true' } },
      }),
    );

    // check-status: poll drill instances and switch them to an RDS-managed master secret (a new secret, rds!db-...).
    fns['check-status'].addToRolePolicy(new iam.PolicyStatement({ actions: ['rds:DescribeDBInstances'], resources: [drillInstances] }));
    fns['check-status'].addToRolePolicy(
      new iam.PolicyStatement({ actions: ['rds:ModifyDBInstance'], resources: [drillInstances], conditions: resourceTagged }),
    );
    fns['check-status'].addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['secretsmanager:CreateSecret', 'secretsmanager:TagResource'],
        resources: [`arn:${stack.partition}:secretsmanager:${stack.region}:${stack.account}:secret:rds!db-*`],
      }),
    );
    fns['check-status'].addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['kms:CreateGrant', 'kms:DescribeKey', 'kms:GenerateDataKey', 'kms:Decrypt'],
        resources: [props.secretsKey.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': [`rds.${stack.region}.amazonaws.com`, `secretsmanager.${stack.region}.amazonaws.com`] } },
      }),
    );

    // verify: read the drill instance and only its managed secret (tagged by RDS with the instance ARN).
    fns.verify.addToRolePolicy(new iam.PolicyStatement({ actions: ['rds:DescribeDBInstances'], resources: [drillInstances] }));
    fns.verify.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['secretsmanager:GetSecretValue'],
        resources: [`arn:${stack.partition}:secretsmanager:${stack.region}:${stack.account}:secret:rds!db-*`],
        conditions: { StringLike: { 'secretsmanager:ResourceTag/aws:rds:primaryDBInstanceArn': drillInstances } },
      }),
    );
    fns.verify.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['kms:Decrypt'],
        resources: [props.secretsKey.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${stack.region}.amazonaws.com` } },
      }),
    );

    // cleanup: delete drill instances only (the Lambda also checks name and tag before deleting).
    fns.cleanup.addToRolePolicy(new iam.PolicyStatement({ actions: ['rds:DescribeDBInstances'], resources: [drillInstances] }));
    fns.cleanup.addToRolePolicy(new iam.PolicyStatement({ actions: ['rds:DeleteDBInstance'], resources: [drillInstances], conditions: resourceTagged }));

    const partition = findingPartition(this);
    const drillFinding = `Resource::arn:${partition}:rds:${stack.region}:${stack.account}:db:${this.instancePrefix}-drill-*`;
    const secretFinding = `Resource::arn:${partition}:secretsmanager:${stack.region}:${stack.account}:secret:rds!db-*`;
    const copyAcks: [DrillTask, string, string][] = props.copyVault
      ? [['start-restore', `Resource::arn:${partition}:rds:${stack.region}:${stack.account}:snapshot:awsbackup:*`, 'Copied recovery points are RDS snapshots named by AWS Backup (awsbackup:copyjob-<id>); the Lambda restores only the newest one of the source listed in the copy vault.']]
      : [];
    const acks: [DrillTask, string, string][] = [
      ...copyAcks,
      ['start-restore', drillFinding, 'Drill instances are created under a per-run name (<prefix>-drill-<timestamp>); the pattern admits drill instances only.'],
      ['start-restore', `Resource::arn:${partition}:rds:${stack.region}:${stack.account}:og:default:postgres-*`, 'The restore uses the default PostgreSQL option group, whose name carries the engine major version.'],
      ['check-status', drillFinding, 'Polls and modifies drill instances only (<prefix>-drill-<timestamp>); the Lambda also checks the drill tag.'],
      ['check-status', secretFinding, 'RDS creates the drill instance\'s managed master secret under a generated rds!db-<id> name on the caller\'s behalf.'],
      ['verify', drillFinding, 'Reads drill instances only (<prefix>-drill-<timestamp>).'],
      ['verify', secretFinding, 'Reads RDS-managed secrets only when tagged by RDS with a drill instance ARN (condition on aws:rds:primaryDBInstanceArn).'],
      ['cleanup', drillFinding, 'Deletes drill instances only (<prefix>-drill-<timestamp>); the Lambda also checks the name and the drill tag.'],
    ];
    for (const [task, finding, reason] of acks) acknowledge(fns[task].role!, `AwsSolutions-IAM5[${finding}]`, 'CL-DB-3', reason);
  }

  private buildStateMachine(props: RestoreDrillProps): sfn.StateMachine {
    const { config } = props;
    const invoke = (id: string, task: DrillTask) =>
      new tasks.LambdaInvoke(this, id, {
        lambdaFunction: this.functions[task],
        // Each task returns its input plus its own fields: the result is the next state.
        payloadResponseOnly: true,
        retryOnServiceExceptions: true,
      }).addRetry({ errors: ['Lambda.TooManyRequestsException'], interval: Duration.seconds(5), backoffRate: 2, maxAttempts: 6 });

    const fail = new sfn.Fail(this, 'DrillFailed', { error: 'RestoreDrillFailed', cause: 'The restore drill failed; see the failure report in the state and the task logs' });
    const cleanupFailed = new sfn.Fail(this, 'DrillCleanupFailed', {
      error: 'RestoreDrillCleanupFailed',
      cause: 'The temporary drill instance could not be deleted: delete <prefix>-drill-* by hand',
    });
    const retryCleanup = (task: sfn.TaskStateBase) =>
      task.addRetry({ errors: ['DrillCleanupNotYetPossible'], interval: Duration.minutes(2), backoffRate: 2, maxAttempts: 6, maxDelay: Duration.minutes(15) });

    // Failure path: report (DrillSucceeded=0), then delete the instance, then fail the execution.
    const cleanupAfterFailure = invoke('CleanupAfterFailure', 'cleanup');
    retryCleanup(cleanupAfterFailure);
    cleanupAfterFailure.addCatch(cleanupFailed, { resultPath: '$.cleanupError' }).next(fail);
    const reportFailure = invoke('ReportFailure', 'report');
    reportFailure.addCatch(cleanupAfterFailure, { resultPath: '$.reportError' }).next(cleanupAfterFailure);
    const catchToFailure = (task: sfn.TaskStateBase) => task.addCatch(reportFailure, { resultPath: '$.error' });

    const timedOut = new sfn.Pass(this, 'RestoreTimedOut', {
      result: sfn.Result.fromObject({ Error: 'DrillTimedOut', Cause: `the restore was not usable after ${config.maxPolls} polls` }),
      resultPath: '$.error',
    }).next(reportFailure);

    // Success path.
    const cleanup = invoke('Cleanup', 'cleanup');
    retryCleanup(cleanup);
    // A leaked instance is a failed drill: take the failure path, which tries the cleanup once more.
    cleanup.addCatch(reportFailure, { resultPath: '$.error' }).next(new sfn.Succeed(this, 'DrillSucceeded'));
    const reportSuccess = catchToFailure(invoke('ReportSuccess', 'report')).next(cleanup);
    // One retry covers DNS propagation of the brand-new endpoint; guard/input/config errors are never retried.
    const verify = catchToFailure(
      invoke('Verify', 'verify').addRetry({ errors: ['DrillVerificationFailed'], interval: Duration.seconds(60), maxAttempts: 1 }),
    ).next(reportSuccess);

    // Polling with exponential back-off: wait $.poll.waitSeconds, check, double the wait up to the cap.
    const wait = new sfn.Wait(this, 'WaitForRestore', { time: sfn.WaitTime.secondsPath('$.poll.waitSeconds') });
    const checkStatus = catchToFailure(invoke('CheckStatus', 'check-status'));
    const backOff = new sfn.Pass(this, 'BackOff', {
      parameters: {
        'waitSeconds.$': 'States.MathAdd($.poll.waitSeconds, $.poll.waitSeconds)',
        'count.$': 'States.MathAdd($.poll.count, 1)',
      },
      resultPath: '$.poll',
    });
    const capWait = new sfn.Pass(this, 'CapWait', {
      parameters: { waitSeconds: config.maxWaitSeconds, 'count.$': '$.poll.count' },
      resultPath: '$.poll',
    }).next(wait);
    backOff.next(
      new sfn.Choice(this, 'WaitAboveCap?')
        .when(sfn.Condition.numberGreaterThan('$.poll.waitSeconds', config.maxWaitSeconds), capWait)
        .otherwise(wait),
    );
    wait.next(checkStatus);
    checkStatus.next(
      new sfn.Choice(this, 'RestoreUsable?')
        .when(sfn.Condition.booleanEquals('$.available', true), verify)
        .when(sfn.Condition.booleanEquals('$.failed', true), reportFailure)
        .when(sfn.Condition.numberGreaterThanEquals('$.poll.count', config.maxPolls - 1), timedOut)
        .otherwise(backOff),
    );

    const startRestore = catchToFailure(invoke('StartRestore', 'start-restore'));
    const definition = new sfn.Pass(this, 'InitPolling', {
      result: sfn.Result.fromObject({ waitSeconds: config.initialWaitSeconds, count: 0 }),
      resultPath: '$.poll',
    })
      .next(startRestore)
      .next(wait);

    const logGroup = new EncryptedLogGroup(this, 'StateMachineLogs', { encryptionKey: props.logsKey, retentionDays: props.logRetentionDays });
    const stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      comment: `Restore drill (CL-DB-3), ${config.schedule}: restore, verify, report, always clean up`,
      definitionBody: sfn.DefinitionBody.fromChainable(definition),
      // Restore + credential switch + verify + cleanup retries stay well inside this.
      timeout: Duration.hours(8),
      tracingEnabled: true,
      logs: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: true },
    });
    const role = stateMachine.role;
    for (const fn of Object.values(this.functions)) {
      const logicalId = Stack.of(this).getLogicalId(fn.node.defaultChild as lambda.CfnFunction);
      acknowledge(
        role,
        `AwsSolutions-IAM5[Resource::<${logicalId}.Arn>:*]`,
        'CL-DB-3',
        'Added by the Step Functions Lambda task: invoke permission on this one drill function and its versions.',
      );
    }
    acknowledge(
      role,
      'AwsSolutions-IAM5[Resource::*]',
      'CL-DB-3',
      'X-Ray PutTraceSegments/GetSamplingRules and the CloudWatch Logs delivery actions that state-machine logging needs have no resource-level permissions.',
    );
    return stateMachine;
  }
}

function pascal(kebab: string): string {
  return kebab
    .split('-')
    .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
    .join('');
}
