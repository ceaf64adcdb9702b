import { aws_ec2 as ec2, aws_ecs as ecs, aws_kms as kms, aws_secretsmanager as secretsmanager } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { deploymentName, type EnvironmentConfig } from '../../config';
import { acknowledge } from '../compliance/acknowledge';
import { grantProxyConnect } from './database-proxy';
import { DATABASE_ROLES } from './database-users';
import { acknowledgeImagePull, addFargateTaskBase, addHardenedContainer } from './fargate-service';

export interface MigratorTaskProps {
  readonly config: EnvironmentConfig;
  readonly vpc: ec2.IVpc;
  /** The same image the service runs (applicationImage). */
  readonly image: ecs.ContainerImage;
  readonly logsKey: kms.IKey;
  /** The proxy's resource id (`prx-...`, DataStack `proxyResourceId`) for the task role's rds-db:connect grant. */
  readonly proxyResourceId: string;
  readonly proxyEndpoint: string;
  readonly proxySecurityGroup: ec2.ISecurityGroup;
  readonly proxyPort: number;
  readonly databaseName: string;
  readonly schema: string;
  /** The migrator user's secret: only its `username` reaches the container (IAM auth, never the password). */
  readonly migratorSecret: secretsmanager.ISecret;
}

/** The migrator container's name (scripts/run-migrations.sh reads its exit code). */
export const MIGRATOR_CONTAINER_NAME = 'migrator';

/**
 * The one-off migration task (CL-DEL-2): the service's image running `service.migrator.command` as the
 * `migrator` role, which owns the app schema, through RDS Proxy with an IAM token over verified TLS. Hardened
 * like the web container; its security group reaches only the proxy and HTTPS (image pull, logs). Run by
 * scripts/run-migrations.sh between deploying this stack and the service.
 */
export class MigratorTask extends Construct {
  readonly cluster: ecs.Cluster;
  readonly taskDefinition: ecs.FargateTaskDefinition;
  readonly container: ecs.ContainerDefinition;
  readonly securityGroup: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, props: MigratorTaskProps) {
    super(scope, id);
    const { config } = props;
    const svc = config.service;

    // A cluster of its own: the service's cluster lives in the service stack, deployed only after migrations ran.
    const { cluster, logGroup, taskDefinition } = addFargateTaskBase(this, config, props.vpc, props.logsKey);
    this.cluster = cluster;
    this.taskDefinition = taskDefinition;
    // By ARN, without its key: the secrets key admits this account's principals through Secrets Manager
    // (encryption-keys.ts), and a grant on the data stack's key object would write this role into its policy.
    const migratorSecret = secretsmanager.Secret.fromSecretCompleteArn(this, 'MigratorSecret', props.migratorSecret.secretArn);
    this.container = addHardenedContainer(this.taskDefinition, MIGRATOR_CONTAINER_NAME, config, {
      image: props.image,
      essential: true,
      command: svc.migrator.command,
      environment: {
        NODE_ENV: 'production',
        DATABASE_HOST: props.proxyEndpoint,
        DATABASE_PORT: String(props.proxyPort),
        DATABASE_NAME: props.databaseName,
        DATABASE_SCHEMA: props.schema,
        DATABASE_SSL: 'verify-full',
        DATABASE_AUTH: 'iam',
        // The role the session tables are granted to (CL-SES-1); rotation's clone inherits through membership.
        SESSION_CLEANUP_ROLE: DATABASE_ROLES.sessionCleanup,
      },
      secrets: { DATABASE_USER: ecs.Secret.fromSecretsManager(migratorSecret, 'username') },
      logging: ecs.LogDrivers.awsLogs({ logGroup, streamPrefix: MIGRATOR_CONTAINER_NAME }),
    });
    grantProxyConnect(this.taskDefinition.taskRole, props.proxyResourceId, DATABASE_ROLES.migrator);

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `platform-${deploymentName(config)} migrator task: out to the database proxy and HTTPS only`,
      allowAllOutbound: false,
    });
    this.securityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'HTTPS to AWS APIs (image pull, logs)');
    this.securityGroup.addEgressRule(props.proxySecurityGroup, ec2.Port.tcp(props.proxyPort), 'To DatabaseProxy');
    // On the proxy's group but in this stack, so the dependency points from the migrator to the data tier.
    new ec2.CfnSecurityGroupIngress(this, 'DatabaseProxyIngress', {
      groupId: props.proxySecurityGroup.securityGroupId,
      sourceSecurityGroupId: this.securityGroup.securityGroupId,
      ipProtocol: 'tcp',
      fromPort: props.proxyPort,
      toPort: props.proxyPort,
      description: `platform-${deploymentName(config)} migrator task`,
    });

    acknowledgeImagePull(this.taskDefinition, 'image layers, the migrator secret and logs');
    acknowledge(
      this.taskDefinition,
      'AwsSolutions-ECS2',
      'CL-APP-4',
      'The plain environment holds only the database endpoint, name, schema, TLS/IAM mode and the cleanup role name; ' +
        'the only credential-related value, the user name, comes from Secrets Manager via an ECS secret (CL-SEC-3), and no password is used (IAM auth).',
    );
  }
}
