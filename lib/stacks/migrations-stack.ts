import { CfnOutput, aws_ec2 as ec2, aws_ecr as ecr, aws_secretsmanager as secretsmanager } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { EnvironmentConfig } from '../../config';
import { applicationImage } from '../constructs/app-image';
import type { EncryptionKeys } from '../constructs/encryption-keys';
import { MIGRATOR_CONTAINER_NAME, MigratorTask } from '../constructs/migrator-task';
import { PlatformStack } from '../platform-stack';
import type { ProxyAccess } from '../constructs/database-proxy';

export interface MigrationsStackProps {
  readonly config: EnvironmentConfig;
  readonly vpc: ec2.IVpc;
  readonly keys: EncryptionKeys;
  readonly repository: ecr.IRepository;
  readonly database: ProxyAccess & { readonly migratorSecret: secretsmanager.ISecret };
}

/**
 * Stateless: the migrator task definition with the image of this deploy. Deployed (with its dependencies)
 * BEFORE the service stack; scripts/run-migrations.sh runs the task in between, so the schema is migrated
 * before traffic shifts to the new image, and a failed migration stops the deploy (CL-DEL-2).
 */
export class MigrationsStack extends PlatformStack {
  readonly migrator: MigratorTask;

  constructor(scope: Construct, id: string, props: MigrationsStackProps) {
    super(scope, id, { config: props.config, stateful: false, description: 'Platform database migrations task (CL-DEL-2)' });
    const { config, database } = props;
    this.migrator = new MigratorTask(this, 'Migrator', {
      config,
      vpc: props.vpc,
      image: applicationImage(config, props.repository),
      logsKey: props.keys.logs,
      proxyResourceId: database.proxyResourceId,
      proxyEndpoint: database.proxyEndpoint,
      proxySecurityGroup: database.proxySecurityGroup,
      proxyPort: database.port,
      databaseName: database.databaseName,
      schema: database.schema,
      migratorSecret: database.migratorSecret,
    });

    // The contract with scripts/run-migrations.sh.
    const outputs: Record<string, string> = {
      ClusterName: this.migrator.cluster.clusterName,
      MigratorTaskDefinitionArn: this.migrator.taskDefinition.taskDefinitionArn,
      MigratorContainerName: MIGRATOR_CONTAINER_NAME,
      MigratorSubnetIds: props.vpc.selectSubnets({ subnetGroupName: 'private' }).subnetIds.join(','),
      MigratorSecurityGroupId: this.migrator.securityGroup.securityGroupId,
    };
    for (const [name, value] of Object.entries(outputs)) new CfnOutput(this, name, { value });
  }
}
