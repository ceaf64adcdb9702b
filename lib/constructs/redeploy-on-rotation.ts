import {
  Duration,
  aws_ecs as ecs,
  aws_events as events,
  aws_events_targets as targets,
  aws_kms as kms,
  aws_secretsmanager as secretsmanager,
  aws_stepfunctions as sfn,
  aws_stepfunctions_tasks as tasks,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { deploymentName, type EnvironmentConfig } from '../../config';
import { acknowledge } from '../compliance/acknowledge';
import { statefulRemovalPolicy } from '../removal';
import { DeadLetterQueue } from './dead-letter-queue';
import { EncryptedLogGroup } from './encrypted-log-group';

export interface RedeployOnRotationProps {
  readonly config: EnvironmentConfig;
  readonly cluster: ecs.ICluster;
  readonly service: ecs.IBaseService;
  /** Secrets the service's tasks receive at start; a successful rotation of any of them redeploys the service. */
  readonly secrets: readonly secretsmanager.ISecret[];
  /** Encrypts the state machine's log group and the dead-letter queue. */
  readonly logsKey: kms.IKey;
  /** Days the state machine's execution logs are kept. @default config.service.logRetentionDays */
  readonly logRetentionDays?: number;
}

/**
 * ECS resolves secrets only when a task starts, so after a rotation running tasks hold the old values. An
 * EventBridge rule on Secrets Manager's `RotationSucceeded` event (delivered via CloudTrail) for the service's
 * secrets starts an express state machine that calls `ecs:UpdateService` with `forceNewDeployment`: a rolling,
 * health-gated replacement of every task, which then reads the new AWSCURRENT (CL-SEC-2, CL-SEC-3).
 */
export class RedeployOnRotation extends Construct {
  readonly rule: events.Rule;
  readonly stateMachine: sfn.StateMachine;
  /** Redeploys EventBridge could not deliver to the state machine. */
  readonly deadLetterQueue: DeadLetterQueue;

  constructor(scope: Construct, id: string, props: RedeployOnRotationProps) {
    super(scope, id);

    const forceNewDeployment = new tasks.CallAwsService(this, 'ForceNewDeployment', {
      service: 'ecs',
      action: 'updateService',
      parameters: { Cluster: props.cluster.clusterArn, Service: props.service.serviceArn, ForceNewDeployment: true },
      iamAction: 'ecs:UpdateService',
      // Only this service may be redeployed.
      iamResources: [props.service.serviceArn],
    });

    const logGroup = new EncryptedLogGroup(this, 'LogGroup', {
      encryptionKey: props.logsKey,
      retentionDays: props.logRetentionDays ?? props.config.service.logRetentionDays,
      removalPolicy: statefulRemovalPolicy(props.config),
    });

    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineType: sfn.StateMachineType.EXPRESS,
      definitionBody: sfn.DefinitionBody.fromChainable(forceNewDeployment),
      timeout: Duration.minutes(1),
      tracingEnabled: true,
      // The input is the CloudTrail event: secret ARN and metadata, never a secret value.
      logs: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: true },
    });

    // A redeploy still undelivered after an hour of retries is kept here and alarmed: running tasks keep working
    // (each secret reaches them with its previous version too), but they must be rolled by hand (docs/runbook.md).
    this.deadLetterQueue = new DeadLetterQueue(this, 'DeadLetterQueue', {
      encryptionKey: props.logsKey,
      checklistId: 'CL-SEC-2',
      feeds: 'of the rotation redeploy rule (redeploys EventBridge could not deliver)',
    });
    this.rule = new events.Rule(this, 'RotationSucceeded', {
      description: `platform-${deploymentName(props.config)}: redeploy the web service when one of its secrets has rotated`,
      eventPattern: {
        source: ['aws.secretsmanager'],
        detailType: ['AWS Service Event via CloudTrail'],
        detail: {
          eventName: ['RotationSucceeded'],
          additionalEventData: { SecretId: props.secrets.map((s) => s.secretArn) },
        },
      },
      targets: [new targets.SfnStateMachine(this.stateMachine, { retryAttempts: 5, maxEventAge: Duration.hours(1), deadLetterQueue: this.deadLetterQueue })],
    });

    acknowledge(
      this.stateMachine.role.node.findChild('DefaultPolicy'),
      'AwsSolutions-IAM5[Resource::*]',
      'CL-OBS-1',
      'CloudWatch Logs delivery (logs:CreateLogDelivery, ListLogDeliveries, ...) and X-Ray (PutTraceSegments, PutTelemetryRecords) ' +
        'do not support resource-level permissions, so Step Functions logging and tracing need "*"; ecs:UpdateService is scoped to this service.',
    );
  }
}
