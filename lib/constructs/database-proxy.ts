import { Duration, aws_ec2 as ec2, aws_rds as rds, aws_secretsmanager as secretsmanager } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { EnvironmentConfig } from '../../config';

export interface DatabaseProxyProps {
  readonly config: EnvironmentConfig;
  readonly vpc: ec2.IVpc;
  readonly instance: rds.DatabaseInstance;
  /** Credentials the proxy may log in with (the app roles; never the master). */
  readonly secrets: secretsmanager.ISecret[];
}

/** PostgreSQL's default port: RDS Proxy listens on it whatever port the instance uses. */
export const PROXY_PORT = 5432;

/**
 * RDS Proxy in front of the database (CL-DB-4): pools connections for the app and the cleanup job, requires
 * TLS from clients (CL-TLS-3) and IAM authentication for every registered secret, so no client ever holds a
 * database password. Consumers add ingress on `securityGroup` from their own security group in their stack.
 */
export class DatabaseProxy extends Construct {
  readonly proxy: rds.DatabaseProxy;
  readonly securityGroup: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, props: DatabaseProxyProps) {
    super(scope, id);
    const { config, vpc } = props;
    const pool = config.database.proxy;

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc,
      description: `platform-${config.name} RDS Proxy: clients admitted by security group only`,
      allowAllOutbound: false,
    });
    // HTTPS to Secrets Manager and KMS (VPC endpoints) for the registered secrets. The rule to the database and
    // the database's ingress from this group are added by DatabaseProxy itself (on the instance's port).
    this.securityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'Secrets Manager and KMS over HTTPS');

    this.proxy = new rds.DatabaseProxy(this, 'Proxy', {
      dbProxyName: `platform-${config.name}-postgres`,
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
  }
}
