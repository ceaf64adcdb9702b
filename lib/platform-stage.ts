import { Stage, StageProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { deploymentName, type EnvironmentConfig } from '../config';
import { acknowledgeGrantPolicies } from './compliance/packs';
import { replicationGroupMemberIds } from './constructs/platform-metrics';
import { BackupCopyStack } from './stacks/backup-copy-stack';
import { DataStack } from './stacks/data-stack';
import { DisasterRecoveryStack } from './stacks/disaster-recovery-stack';
import { KeysStack } from './stacks/keys-stack';
import { MigrationsStack } from './stacks/migrations-stack';
import { MonitoringStack } from './stacks/monitoring-stack';
import { NetworkStack } from './stacks/network-stack';
import { OperationsStack } from './stacks/operations-stack';
import { RegistryStack } from './stacks/registry-stack';
import { SecretsStack } from './stacks/secrets-stack';
import { ServiceStack } from './stacks/service-stack';

export interface PlatformStageProps extends StageProps {
  readonly config: EnvironmentConfig;
}

/**
 * One environment (dev, staging or prod): its stacks, all in the environment's own account and region
 * (CL-ENV-1) except the backup copy and the disaster-recovery drill (in `backup.copyRegion`). With
 * `config.recovery`, the environment's recovery environment (`platform-<env>-recovery`): the same stacks in
 * `backup.copyRegion`, the database created from a copied recovery point, the signing secrets read from their
 * replicas there, and no backup-copy, secrets or drill stack (docs/disaster-recovery.md).
 * Stateful stacks (keys, registry, network, backup-copy, data, secrets) come first; stateless ones (migrations,
 * service, operations, monitoring, disaster-recovery) only read from them, so they can be replaced freely. Migrations come before the service: the deploy runs the migrator task between the two.
 */
export class PlatformStage extends Stage {
  readonly keys: KeysStack;
  readonly registry: RegistryStack;
  readonly network: NetworkStack;
  /** None in a recovery environment: its backups are copied back into the environment's own vault. */
  readonly backupCopy?: BackupCopyStack;
  readonly data: DataStack;
  /** None in a recovery environment: its service reads the environment's secret replicas in its region. */
  readonly secrets?: SecretsStack;
  readonly migrations: MigrationsStack;
  readonly service: ServiceStack;
  readonly operations: OperationsStack;
  readonly monitoring: MonitoringStack;
  /** The off-region drill in `backup.copyRegion`, with `disasterRecovery.enabled` (none in a recovery environment). */
  readonly disasterRecovery?: DisasterRecoveryStack;

  constructor(scope: Construct, id: string, props: PlatformStageProps) {
    super(scope, id, { ...props, env: { account: props.config.account, region: props.config.region } });
    const { config } = props;
    const keys = (this.keys = new KeysStack(this, 'keys', { config })).keys;
    const repository = (this.registry = new RegistryStack(this, 'registry', { config, dataKey: keys.data })).images.repository;
    const network = (this.network = new NetworkStack(this, 'network', { config, logsKey: keys.logs })).network;
    const vpc = network.vpc;

    // A recovery environment has neither: its backups are copied back home and its service reads the secret replicas.
    if (!config.recovery) this.backupCopy = new BackupCopyStack(this, 'backup-copy', { config });
    const data = (this.data = new DataStack(this, 'data', { config, vpc, keys }));
    if (this.backupCopy) {
      this.secrets = new SecretsStack(this, 'secrets', { config, keys });
      // The backup plan copies into the copy vault, and the secrets replicate under the copy region's key (by
      // alias): both must exist first (the links are computed names, not references).
      data.addStackDependency(this.backupCopy);
      const { drKeys, vault, key } = this.backupCopy;
      if (drKeys) {
        this.secrets.addStackDependency(this.backupCopy);
        this.disasterRecovery = new DisasterRecoveryStack(this, 'disaster-recovery', { config, copyVault: vault, copyKey: key, keys: drKeys });
      }
    }

    // How the migrator and the web tasks reach the database: through the proxy, with IAM tokens.
    const proxyAccess = {
      proxyResourceId: data.proxyResourceId,
      proxyEndpoint: data.proxy.endpoint,
      proxySecurityGroup: data.proxySecurityGroup,
      port: data.proxyPort,
      databaseName: data.databaseName,
      schema: config.database.bootstrap.schema,
    };
    this.migrations = new MigrationsStack(this, 'migrations', {
      config,
      vpc,
      keys,
      repository,
      database: { ...proxyAccess, migratorSecret: data.users.migrator },
    });

    const service = (this.service = new ServiceStack(this, 'service', {
      config,
      vpc,
      keys,
      repository,
      database: { ...proxyAccess, appUserSecret: data.users.app },
      cache: {
        primaryEndpoint: data.cache.primaryEndpoint,
        port: data.cache.port,
        securityGroup: data.cache.securityGroup,
        appUserSecret: data.cache.appUserSecret,
      },
      appSecrets: this.secrets?.appSecrets,
    }));
    // The service rolls to the new image only after the migrator task definition carries it.
    service.addStackDependency(this.migrations);

    const operations = (this.operations = new OperationsStack(this, 'operations', {
      config,
      vpc,
      keys,
      endpointSecurityGroup: network.endpointSecurityGroup,
      database: {
        instance: data.database,
        proxy: data.proxy,
        proxyResourceId: data.proxyResourceId,
        proxySecurityGroupId: data.proxySecurityGroup.securityGroupId,
        proxyPort: data.proxyPort,
        port: data.databasePort,
        databaseName: data.databaseName,
        sessionCleanupSecret: data.users.sessionCleanup,
        parameterGroupName: data.databaseParameterGroupName,
        subnetGroupName: data.databaseSubnetGroup,
      },
    }));

    this.monitoring = new MonitoringStack(this, 'monitoring', {
      config,
      keys,
      resources: {
        alb: {
          loadBalancerFullName: service.loadBalancer.loadBalancer.loadBalancerFullName,
          targetGroupFullName: service.loadBalancer.targetGroup.targetGroupFullName,
        },
        ecs: { clusterName: service.web.service.cluster.clusterName, serviceName: service.web.service.serviceName },
        database: { instanceIdentifier: data.database.instanceIdentifier, proxyName: data.proxy.dbProxyName },
        cache: {
          replicationGroupId: data.cache.replicationGroupId,
          memberClusterIds: replicationGroupMemberIds(data.cache.replicationGroupId, 1 + config.cache.replicas),
        },
        // CloudWatch's WAF dimensions are the visibility-config metric names, not the resource names.
        waf: {
          webAclMetricName: service.waf.metricName,
          region: config.region,
          authRateRuleMetricName: service.waf.ruleMetricNames.CredentialRateLimit,
        },
        sessionCleanup: {
          function: operations.sessionCleanup.function,
          timeoutSeconds: config.sessionCleanup.timeoutSeconds,
          metricsNamespace: config.sessionCleanup.metricsNamespace,
          deadLetterQueue: operations.sessionCleanup.deadLetterQueue,
        },
        restoreDrill: {
          stateMachine: operations.restoreDrill.stateMachine,
          metricsNamespace: config.observability.restoreDrill.metricsNamespace,
          environmentName: deploymentName(config),
          deadLetterQueue: operations.restoreDrill.deadLetterQueue,
        },
        redeployOnRotation: { deadLetterQueue: service.redeployOnRotation.deadLetterQueue },
      },
    });
    acknowledgeGrantPolicies(this);
  }
}
