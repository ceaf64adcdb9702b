import { aws_ec2 as ec2, aws_kms as kms, aws_rds as rds, aws_secretsmanager as secretsmanager } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { deploymentName, type EnvironmentConfig } from '../../config';
import { RestoreDrill } from '../constructs/restore-drill';
import { SessionCleanupFunction } from '../constructs/session-cleanup-function';
import { PlatformStack } from '../platform-stack';

/** What the operations stack needs from the data tier (structurally satisfied by the DataStack's members). */
export interface OperationsDatabaseProps {
  /** The production instance: the restore drill's source. */
  readonly instance: rds.IDatabaseInstance;
  readonly proxy: rds.IDatabaseProxy;
  /** The proxy's resource id (`prx-...`, DataStack `proxyResourceId`), for the cleanup's rds-db:connect grant. */
  readonly proxyResourceId: string;
  /** ID of the proxy's security group; the cleanup Lambda's ingress rule is added in this stack. */
  readonly proxySecurityGroupId: string;
  /** Port the proxy listens on (DataStack `proxyPort`); the cleanup Lambda connects there. */
  readonly proxyPort: number;
  /** Port of the instance (DataStack `databasePort`); a restored copy listens on the same port. */
  readonly port: number;
  readonly databaseName: string;
  /** Secret of the `session_cleanup` database user (CL-SEC-4). */
  readonly sessionCleanupSecret: secretsmanager.ISecret;
  /** Parameter group of the instance (rds.force_ssl=1); the drill's temporary instance uses it too. */
  readonly parameterGroupName: string;
  /** DB subnet group of the isolated subnets; the drill restores into it. */
  readonly subnetGroupName: string;
}

export interface OperationsStackProps {
  readonly config: EnvironmentConfig;
  readonly vpc: ec2.IVpc;
  readonly keys: { readonly logs: kms.IKey; readonly secrets: kms.IKey; readonly data: kms.IKey };
  /** Security group of the VPC interface endpoints (network stack), when there are any. */
  readonly endpointSecurityGroup?: ec2.ISecurityGroup;
  readonly database: OperationsDatabaseProps;
}

/** Stateless: scheduled jobs on the data tier: the session cleanup (CL-SES-1) and the restore drill (CL-DB-3). */
export class OperationsStack extends PlatformStack {
  readonly sessionCleanup: SessionCleanupFunction;
  readonly restoreDrill: RestoreDrill;

  constructor(scope: Construct, id: string, props: OperationsStackProps) {
    super(scope, id, { config: props.config, stateful: false, description: 'Platform scheduled operations: session cleanup (CL-SES-1), restore drill (CL-DB-3)' });
    const { config, database } = props;
    this.sessionCleanup = new SessionCleanupFunction(this, 'SessionCleanup', {
      config: config.sessionCleanup,
      vpc: props.vpc,
      logsKey: props.keys.logs,
      secretsKey: props.keys.secrets,
      endpointSecurityGroup: props.endpointSecurityGroup,
      proxyResourceId: database.proxyResourceId,
      proxySecurityGroupId: database.proxySecurityGroupId,
      proxyEndpoint: database.proxy.endpoint,
      port: database.proxyPort,
      databaseName: database.databaseName,
      secret: database.sessionCleanupSecret,
    });
    this.restoreDrill = new RestoreDrill(this, 'RestoreDrill', {
      config: config.observability.restoreDrill,
      logRetentionDays: config.observability.logRetentionDays,
      environmentName: deploymentName(config),
      vpc: props.vpc,
      logsKey: props.keys.logs,
      dataKey: props.keys.data,
      secretsKey: props.keys.secrets,
      sourceInstanceIdentifier: database.instance.instanceIdentifier,
      databaseName: database.databaseName,
      port: database.port,
      subnetGroupName: database.subnetGroupName,
      parameterGroupName: database.parameterGroupName,
    });
  }
}
