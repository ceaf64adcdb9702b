import { ArnFormat, CfnOutput, Duration, Stack, aws_ec2 as ec2, aws_iam as iam, aws_rds as rds, aws_secretsmanager as secretsmanager } from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';
import { deploymentName, type EnvironmentConfig } from '../../config';
import type { PostgresInstance } from './postgres-database';

export interface DatabaseProxyProps {
  readonly config: EnvironmentConfig;
  readonly vpc: ec2.IVpc;
  readonly instance: PostgresInstance;
  /** Credentials the proxy may log in with (the app roles; never the master). */
  readonly secrets: secretsmanager.ISecret[];
}

/** PostgreSQL's default port: RDS Proxy listens on it whatever port the instance uses. */
export const PROXY_PORT = 5432;

/** Name of the output, in the proxy's stack, that holds the proxy's resource id (`prx-...`). */
export const PROXY_RESOURCE_ID_OUTPUT = 'ProxyResourceId';

/**
 * Lets `grantee` obtain IAM auth tokens for `dbUser` through the proxy whose resource id (`prx-...`) is given.
 * `rds.DatabaseProxy.grantConnect()` derives the id by splitting the proxy's ARN where the grantee lives, which in
 * another stack wraps Fn::Split around a cross-stack reference (Fn::GetStackOutput as an argument of another
 * intrinsic is not accepted in every region; cfn-lint E1022). Here the id arrives as a plain value.
 */
export function grantProxyConnect(grantee: iam.IGrantable & IConstruct, proxyResourceId: string, dbUser: string): iam.Grant {
  const userArn = Stack.of(grantee).formatArn({
    service: 'rds-db',
    resource: 'dbuser',
    resourceName: `${proxyResourceId}/${dbUser}`,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
  return iam.Grant.addToPrincipal({ grantee, actions: ['rds-db:connect'], resourceArns: [userArn] });
}

/** How a consumer's tasks reach the database: through the RDS Proxy (TLS + IAM authentication required). */
export interface ProxyAccess {
  /** The proxy's resource id (`prx-...`, DataStack `proxyResourceId`): rds-db:connect ARNs use it (grantProxyConnect). */
  readonly proxyResourceId: string;
  /** Host name the tasks connect to (the proxy's endpoint). */
  readonly proxyEndpoint: string;
  readonly proxySecurityGroup: ec2.ISecurityGroup;
  readonly port: number;
  readonly databaseName: string;
  /** Schema of the app's tables (database.bootstrap.schema). */
  readonly schema: string;
}

/**
 * RDS Proxy in front of the database (CL-DB-4): pools connections for the app and the cleanup job, requires
 * TLS from clients (CL-TLS-3) and IAM authentication for every registered secret, so no client ever holds a
 * database password. Consumers add ingress on `securityGroup` from their own security group in their stack.
 */
export class DatabaseProxy extends Construct {
  readonly proxy: rds.DatabaseProxy;
  readonly securityGroup: ec2.SecurityGroup;
  /** The proxy's resource id (`prx-...`), for use in its own stack; other stacks read output PROXY_RESOURCE_ID_OUTPUT. */
  readonly resourceId: string;

  constructor(scope: Construct, id: string, props: DatabaseProxyProps) {
    super(scope, id);
    const { config, vpc } = props;
    const pool = config.database.proxy;

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc,
      description: `platform-${deploymentName(config)} RDS Proxy: clients admitted by security group only`,
      allowAllOutbound: false,
    });
    // HTTPS to Secrets Manager and KMS (VPC endpoints) for the registered secrets. The rule to the database and
    // the database's ingress from this group are added by DatabaseProxy itself (on the instance's port).
    this.securityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'Secrets Manager and KMS over HTTPS');

    this.proxy = new rds.DatabaseProxy(this, 'Proxy', {
      dbProxyName: `platform-${deploymentName(config)}-postgres`,
      proxyTarget: rds.ProxyTarget.fromInstance(props.instance),
      secrets: props.secrets,
      vpc,
      vpcSubnets: { subnetGroupName: 'private' },
      securityGroups: [this.securityGroup],
      requireTLS: true,
      iamAuth: true,
      maxConnectionsPercent: pool.maxConnectionsPercent,
      maxIdleConnectionsPercent: pool.maxIdleConnectionsPercent,
      borrowTimeout: Duration.seconds(pool.borrowTimeoutSeconds),
      debugLogging: false,
    });
    const stack = Stack.of(this);
    this.resourceId = stack.splitArn(this.proxy.dbProxyArn, ArnFormat.COLON_RESOURCE_NAME).resourceName!;
    new CfnOutput(this, 'ResourceId', {
      description: 'Resource id of the RDS Proxy (prx-...), the middle of its rds-db:connect ARNs',
      value: this.resourceId,
    }).overrideLogicalId(PROXY_RESOURCE_ID_OUTPUT);
  }
}
