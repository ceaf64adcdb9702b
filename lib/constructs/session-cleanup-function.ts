import {
  Duration,
  aws_ec2 as ec2,
  aws_events as events,
  aws_events_targets as targets,
  aws_kms as kms,
  aws_lambda_destinations as destinations,
  aws_secretsmanager as secretsmanager,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { SessionCleanupConfig, cleanupOptionsFromConfig } from '../../config/sections/session-cleanup';
import { acknowledge } from '../compliance/acknowledge';
import { grantProxyConnect } from './database-proxy';
import { DeadLetterQueue } from './dead-letter-queue';
import { PlatformFunction } from './platform-function';

/**
 * Database users the job may connect as through the proxy (rds-db:connect): the alternating-users rotation
 * (CL-SEC-2) switches the secret between the role and its `_clone`, so both, and nothing else.
 */
export const SESSION_CLEANUP_DB_USERS = ['session_cleanup', 'session_cleanup_clone'] as const;

export interface SessionCleanupFunctionProps {
  readonly config: SessionCleanupConfig;
  readonly vpc: ec2.IVpc;
  /** Encrypts the log group and the dead-letter queue. */
  readonly logsKey: kms.IKey;
  /** Encrypts the cleanup user's secret; the function may decrypt with it. */
  readonly secretsKey: kms.IKey;
  /**
   * Security group of the VPC interface endpoints (Secrets Manager). When set, HTTPS egress goes only there;
   * otherwise to anywhere on 443 (through the NAT), since Secrets Manager has no fixed address range.
   * @default HTTPS egress to 0.0.0.0/0
   */
  readonly endpointSecurityGroup?: ec2.ISecurityGroup;
  /** The proxy's resource id (`prx-...`): the function's rds-db:connect ARNs use it. */
  readonly proxyResourceId: string;
  /** ID of the proxy's security group; this construct adds the ingress rule from the function (CL-NET-1). */
  readonly proxySecurityGroupId: string;
  readonly proxyEndpoint: string;
  /** Port the proxy listens on. */
  readonly port: number;
  readonly databaseName: string;
  /** The `session_cleanup` user's secret (CL-SEC-4). */
  readonly secret: secretsmanager.ISecret;
}

/**
 * The scheduled session-cleanup Lambda (CL-SES-1): private subnets, reaching only the RDS Proxy (and the
 * Secrets Manager endpoint), one run at a time, failed runs kept in an encrypted dead-letter queue.
 */
export class SessionCleanupFunction extends Construct {
  readonly function: PlatformFunction;
  readonly securityGroup: ec2.SecurityGroup;
  /** Failed asynchronous invocations and undeliverable schedule events. */
  readonly deadLetterQueue: DeadLetterQueue;
  readonly schedule: events.Rule;

  constructor(scope: Construct, id: string, props: SessionCleanupFunctionProps) {
    super(scope, id);
    const { config } = props;

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: 'session-cleanup Lambda: egress only to the RDS Proxy and Secrets Manager (HTTPS)',
      allowAllOutbound: false,
    });
    const proxySg = ec2.SecurityGroup.fromSecurityGroupId(this, 'ProxySecurityGroup', props.proxySecurityGroupId, {
      mutable: true,
      allowAllOutbound: false,
    });
    this.securityGroup.addEgressRule(proxySg, ec2.Port.tcp(props.port), 'PostgreSQL to the RDS Proxy');
    // The ingress side lives here, in the consumer's stack, so the data stack never depends on this one.
    proxySg.addIngressRule(this.securityGroup, ec2.Port.tcp(props.port), 'session-cleanup Lambda');
    this.securityGroup.addEgressRule(
      props.endpointSecurityGroup ?? ec2.Peer.anyIpv4(),
      ec2.Port.tcp(443),
      props.endpointSecurityGroup ? 'HTTPS to the VPC interface endpoints (Secrets Manager)' : 'HTTPS to Secrets Manager (no VPC endpoint)',
    );

    this.deadLetterQueue = new DeadLetterQueue(this, 'DeadLetterQueue', {
      encryptionKey: props.logsKey,
      checklistId: 'CL-SES-1',
      feeds: 'of the cleanup Lambda and its schedule',
    });

    this.function = new PlatformFunction(this, 'Function', {
      lambdaName: 'session-cleanup',
      description: 'Deletes expired, revoked and surplus sessions, expired verification tokens and old audit logs (CL-SES-1)',
      logsKey: props.logsKey,
      logRetentionDays: config.logRetentionDays,
      timeout: Duration.seconds(config.timeoutSeconds),
      memorySize: config.memoryMiB,
      vpc: props.vpc,
      securityGroup: this.securityGroup,
      // No reserved concurrency by default: a new account's quota can be 10, below which Lambda refuses any
      // reservation. An overlapping run is harmless: it finds the advisory lock taken and returns at once.
      reservedConcurrency: config.reservedConcurrency,
      // A failed run is not retried in place: the next scheduled run resumes the work; the failure is kept.
      retryAttempts: 0,
      onFailure: new destinations.SqsDestination(this.deadLetterQueue),
      noDeadLetterQueueReason:
        'Failed scheduled runs go to the on-failure destination, the KMS-encrypted dead-letter queue of this construct, alarmed as soon as it holds a message; a Lambda destination supersedes the DeadLetterConfig the rule looks for and also keeps the error.',
      environment: {
        DB_SECRET_ARN: props.secret.secretArn,
        DB_PROXY_ENDPOINT: props.proxyEndpoint,
        DB_PORT: String(props.port),
        DB_NAME: props.databaseName,
        CLEANUP_OPTIONS: JSON.stringify(cleanupOptionsFromConfig(config)),
        METRICS_NAMESPACE: config.metricsNamespace,
      },
    });
    props.secret.grantRead(this.function);
    props.secretsKey.grantDecrypt(this.function);
    for (const user of SESSION_CLEANUP_DB_USERS) grantProxyConnect(this.function, props.proxyResourceId, user);
    for (const action of ['kms:ReEncrypt*', 'kms:GenerateDataKey*']) {
      acknowledge(
        this.function.role!,
        `AwsSolutions-IAM5[Action::${action}]`,
        'CL-ENC-1',
        'Added by grantSendMessages for the KMS-encrypted dead-letter queue; limited to that one key, which SQS needs to encrypt failed events.',
      );
    }

    this.schedule = new events.Rule(this, 'Schedule', {
      description: `session cleanup ${config.schedule} (CL-SES-1)`,
      schedule: events.Schedule.expression(config.schedule),
      targets: [
        new targets.LambdaFunction(this.function, {
          deadLetterQueue: this.deadLetterQueue,
          retryAttempts: 2,
          maxEventAge: Duration.minutes(10),
        }),
      ],
    });
  }
}
