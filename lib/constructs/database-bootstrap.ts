import { CustomResource, Duration, Stack, aws_ec2 as ec2, aws_kms as kms, aws_lambda as lambda, aws_secretsmanager as secretsmanager, custom_resources as cr } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { deploymentName, type EnvironmentConfig } from '../../config';
import { acknowledge } from '../compliance/acknowledge';
import { EncryptedLogGroup } from './encrypted-log-group';
import { acknowledgeInPacks } from '../compliance/packs';
import { PlatformFunction, acknowledgeFunctionFindings } from './platform-function';

export interface DatabaseBootstrapProps {
  readonly config: EnvironmentConfig;
  readonly vpc: ec2.IVpc;
  readonly databaseSecurityGroup: ec2.ISecurityGroup;
  /** Attached to the instance (host, port, dbname): the bootstrap connects with it directly, not via the proxy. */
  readonly masterSecret: secretsmanager.ISecret;
  readonly migratorSecret: secretsmanager.ISecret;
  readonly appSecret: secretsmanager.ISecret;
  readonly sessionCleanupSecret: secretsmanager.ISecret;
  readonly logsKey: kms.IKey;
}

/**
 * The `db-bootstrap` custom resource (lambdas/db-bootstrap, CL-SEC-4): at deploy it connects to the instance as
 * master over verified TLS and idempotently creates the `migrator`, `app` and `session_cleanup` roles from their
 * secrets. It re-runs when a property changes (config `database.bootstrap`); deleting it never drops a role.
 * Its function reads only the four secrets (and decrypts them with the secrets key) and reaches only the database.
 */
export class DatabaseBootstrap extends Construct {
  readonly resource: CustomResource;
  readonly function: PlatformFunction;
  readonly securityGroup: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, props: DatabaseBootstrapProps) {
    super(scope, id);
    const { config, vpc } = props;
    const port = config.database.port;
    const bootstrap = config.database.bootstrap;

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc,
      description: `platform-${deploymentName(config)} db-bootstrap: PostgreSQL and HTTPS only`,
      allowAllOutbound: false,
    });
    this.securityGroup.addEgressRule(props.databaseSecurityGroup, ec2.Port.tcp(port), 'To PostgreSQL');
    this.securityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'Secrets Manager and KMS over HTTPS');
    new ec2.CfnSecurityGroupIngress(this, 'DatabaseIngress', {
      groupId: props.databaseSecurityGroup.securityGroupId,
      sourceSecurityGroupId: this.securityGroup.securityGroupId,
      ipProtocol: 'tcp',
      fromPort: port,
      toPort: port,
      description: 'From the db-bootstrap function',
    });

    this.function = new PlatformFunction(this, 'Function', {
      lambdaName: 'db-bootstrap',
      description: `platform-${deploymentName(config)}: creates the least-privilege database roles (CL-SEC-4)`,
      logsKey: props.logsKey,
      logRetentionDays: config.database.logRetentionDays,
      vpc,
      securityGroup: this.securityGroup,
      timeout: Duration.minutes(2),
      // The Lambda runtime's CA bundle includes the RDS CAs: TLS to the instance is verified, not just encrypted.
      environment: { NODE_EXTRA_CA_CERTS: '/var/runtime/ca-cert.pem' },
      noDeadLetterQueueReason:
        'Invoked by the CDK provider framework while CloudFormation deploys the stack; a failure fails the custom resource and rolls the deploy back, so no event is left to redrive.',
    });
    for (const secret of [props.masterSecret, props.migratorSecret, props.appSecret, props.sessionCleanupSecret]) {
      secret.grantRead(this.function);
    }

    const provider = new cr.Provider(this, 'Provider', {
      onEventHandler: this.function,
      logGroup: new EncryptedLogGroup(this, 'ProviderLogGroup', {
        encryptionKey: props.logsKey,
        retentionDays: config.database.logRetentionDays,
      }),
    });
    const framework = provider.node.findChild('framework-onEvent') as lambda.Function;
    acknowledgeFunctionFindings(framework, {
      noDeadLetterQueueReason:
        'CDK provider framework, invoked by CloudFormation for the custom resource: it reports every failure back to CloudFormation, which fails and rolls back the deploy, so no event is left to redrive.',
      outsideVpcReason:
        'CDK provider framework: it only relays the CloudFormation event to the db-bootstrap function through the Lambda API and reaches no data store; the function that connects to the database runs in the VPC.',
    });
    acknowledgeInPacks(
      framework,
      'LambdaTracing',
      'CL-OBS-1',
      'CDK provider framework: a relay whose code CDK owns; the db-bootstrap function it invokes, where the work and any failure happen, is traced actively.',
    );
    acknowledgeInPacks(
      framework,
      'LambdaDefaultMemorySize',
      'CL-OBS-1',
      "CDK provider framework: CDK's default 128 MB suits a relay that only forwards one event per deploy; the platform does not override a construct library's sizing without a measured need.",
    );
    acknowledge(
      framework.role!,
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      'CL-OBS-1',
      'CDK provider-framework function: the AWS-managed basic execution policy only lets it write its own logs.',
    );
    acknowledge(
      framework.role!,
      `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(this.function.node.defaultChild as lambda.CfnFunction)}.Arn>:*]`,
      'CL-SEC-4',
      'CDK provider-framework function may invoke every version of the db-bootstrap function and nothing else; the wildcard is the version suffix.',
    );

    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: provider.serviceToken,
      resourceType: 'Custom::DbBootstrap',
      properties: {
        MasterSecretArn: props.masterSecret.secretArn,
        MigratorSecretArn: props.migratorSecret.secretArn,
        AppSecretArn: props.appSecret.secretArn,
        SessionCleanupSecretArn: props.sessionCleanupSecret.secretArn,
        Schema: bootstrap.schema,
        SessionTables: bootstrap.sessionTables.join(','),
        DatabaseName: config.database.databaseName,
        // Bump to re-run the bootstrap (e.g. after migrations created the session tables).
        Revision: bootstrap.revision,
      },
    });
  }
}
