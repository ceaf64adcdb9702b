import { Duration, Stack, aws_iam as iam, aws_kms as kms } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { deploymentName, type EnvironmentConfig } from '../../config';
import { statefulRemovalPolicy } from '../removal';

export interface EncryptionKeysProps {
  readonly config: EnvironmentConfig;
}

/**
 * The environment's customer-managed KMS keys (CL-ENC-1), one per purpose so a key policy or grant for one
 * kind of data never opens another:
 * - `data`: RDS storage and Performance Insights, ElastiCache at rest, AWS Backup vault;
 * - `secrets`: every Secrets Manager secret;
 * - `logs`: CloudWatch Logs groups, the alarm SNS topic and monitoring artifacts.
 * All rotate yearly (automatic rotation) and are retained per the environment's removal policy.
 */
export class EncryptionKeys extends Construct {
  readonly data: kms.Key;
  readonly secrets: kms.Key;
  readonly logs: kms.Key;

  constructor(scope: Construct, id: string, props: EncryptionKeysProps) {
    super(scope, id);
    const make = (name: string, description: string) =>
      new kms.Key(this, name, {
        description: `platform-${deploymentName(props.config)}: ${description}`,
        enableKeyRotation: true,
        rotationPeriod: Duration.days(365),
        pendingWindow: Duration.days(30),
        removalPolicy: statefulRemovalPolicy(props.config),
      });
    this.data = make('DataKey', 'RDS, ElastiCache and AWS Backup at rest');
    this.secrets = make('SecretsKey', 'Secrets Manager secrets');
    this.logs = make('LogsKey', 'CloudWatch Logs, SNS alarm topic, monitoring artifacts');

    allowUseThroughSecretsManager(this.secrets);
    allowLogsAndAlarmPublishers(this.logs);
  }
}

/** Lets this account's principals use `key` through Secrets Manager in its region (the key of every secret). */
export function allowUseThroughSecretsManager(key: kms.Key): void {
  // Secrets are readable by whoever the SECRET's IAM/resource policy admits, as with the AWS-managed
  // aws/secretsmanager key: principals of this account may use the key only through Secrets Manager. Needed
  // because consumers live in other stacks: CDK's secret grants add a kms:ViaService grant that it can write
  // neither into this key's policy (that would make the keys stack depend on every consumer, a cycle) nor,
  // for a key imported by ARN, into the consumer's policy (it silently drops it).
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'AllowUseThroughSecretsManagerInThisAccount',
      principals: [new iam.AnyPrincipal()],
      actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
      resources: ['*'],
      conditions: {
        StringEquals: { 'kms:CallerAccount': Stack.of(key).account, 'kms:ViaService': `secretsmanager.${Stack.of(key).region}.amazonaws.com` },
      },
    }),
  );
}

/** Lets CloudWatch Logs (this account's log groups) and the alarm publishers use `key` (the logs key). */
export function allowLogsAndAlarmPublishers(key: kms.Key): void {
  // CloudWatch Logs encrypts with the key itself, so the service needs it in the key policy, limited to
  // this account's log groups in this region.
  const { region, account } = Stack.of(key);
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'AllowCloudWatchLogsOfThisAccount',
      principals: [new iam.ServicePrincipal(`logs.${region}.amazonaws.com`)],
      actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
      resources: ['*'],
      conditions: {
        ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${Stack.of(key).partition}:logs:${region}:${account}:log-group:*` },
      },
    }),
  );

  // The alarm topics and the dead-letter queues are encrypted with this key, and the services that
  // publish to them do so as themselves: CloudWatch alarms, EventBridge rules (rotation/backup failures,
  // the failed-delivery DLQs of the cleanup, drill and redeploy targets) and RDS event subscriptions. No source condition here: SNS/SQS make the KMS call on
  // the publisher's behalf and AWS documents these grants without one, so a condition could silently drop
  // alarms. Who may publish at all is restricted by the topic and queue policies (this account only).
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'AllowAlarmAndEventPublishers',
      principals: ['cloudwatch.amazonaws.com', 'events.amazonaws.com', 'events.rds.amazonaws.com'].map((s) => new iam.ServicePrincipal(s)),
      actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      resources: ['*'],
    }),
  );
}
