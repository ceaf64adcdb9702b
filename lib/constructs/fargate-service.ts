import { Duration, Stack, aws_ec2 as ec2, aws_ecs as ecs, aws_iam as iam, aws_kms as kms } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { deploymentName, type EnvironmentConfig } from '../../config';
import { SECRET_LOOKING_NAME } from '../../config/sections/service';
import { acknowledge } from '../compliance/acknowledge';
import { statefulRemovalPolicy } from '../removal';
import { EncryptedLogGroup } from './encrypted-log-group';

/** A data store the tasks connect to: the ingress rule on its security group is created here, in the consumer's stack. */
export interface DataStoreAccess {
  /** Short PascalCase name used in construct IDs, such as `DatabaseProxy`. */
  readonly name: string;
  readonly securityGroup: ec2.ISecurityGroup;
  readonly port: number;
}

export interface FargateServiceProps {
  readonly config: EnvironmentConfig;
  readonly vpc: ec2.IVpc;
  /** The app's image (applicationImage: the configured tag in the environment's repository, or the reference app). */
  readonly image: ecs.ContainerImage;
  /** Encrypts the container log group (the environment's `logs` key). */
  readonly logsKey: kms.IKey;
  /**
   * Plain (non-secret) environment, on top of NODE_ENV, PORT, HOSTNAME, HEALTH_CHECK_PATH and STOP_TIMEOUT_SECONDS. Every name is checked
   * against the secret-looking pattern again here, whatever config validation allowed (CL-SEC-3).
   */
  readonly environment: Readonly<Record<string, string>>;
  /**
   * ECS secrets, resolved from Secrets Manager by the execution role at task start (CL-SEC-3). Give secrets
   * without an `encryptionKey` (imported by ARN): their keys come in `secretKeys`, granted on the role's side.
   */
  readonly secrets: Readonly<Record<string, ecs.Secret>>;
  /**
   * KMS keys that encrypt those secrets. The execution role may decrypt with them only through Secrets Manager
   * (`kms:ViaService`); the grant is on the role, so the key stack never references this one.
   */
  readonly secretKeys: readonly kms.IKey[];
  /** Data stores the tasks reach; each gets an ingress rule from the service's security group. @default none */
  readonly dataStores?: readonly DataStoreAccess[];
}

/** The container's name in the task definition (the ALB target and the logs' stream prefix). */
export const APP_CONTAINER_NAME = 'web';

/** The user every platform container runs as; the image's Dockerfile declares the same (test/app/container-contract.test.ts). */
export const CONTAINER_USER = '1000:1000';

/**
 * Adds a container hardened as CL-APP-1 requires (web and migrator alike): non-root, read-only root
 * filesystem with task-local writable volumes only at `service.writablePaths`, no privilege, every Linux
 * capability dropped, and an init process as PID 1 that forwards SIGTERM and reaps zombies.
 */
export function addHardenedContainer(
  taskDefinition: ecs.TaskDefinition,
  id: string,
  config: EnvironmentConfig,
  options: Omit<ecs.ContainerDefinitionOptions, 'user' | 'readonlyRootFilesystem' | 'privileged' | 'linuxParameters'>,
): ecs.ContainerDefinition {
  const linuxParameters = new ecs.LinuxParameters(taskDefinition, `${id}LinuxParameters`, { initProcessEnabled: true });
  linuxParameters.dropCapabilities(ecs.Capability.ALL);
  const container = taskDefinition.addContainer(id, {
    ...options,
    // Non-root, read-only root filesystem, no privilege, no capabilities (CL-APP-1; ECS.4, ECS.5).
    user: CONTAINER_USER,
    readonlyRootFilesystem: true,
    privileged: false,
    linuxParameters,
  });
  config.service.writablePaths.forEach((containerPath, i) => {
    // A task-local scratch volume: the only writable places in the container.
    const name = `writable-${i}`;
    taskDefinition.addVolume({ name });
    container.addMountPoints({ sourceVolume: name, containerPath, readOnly: false });
  });
  return container;
}

/**
 * What every platform Fargate task runs with (the web service, the migrator): a cluster with Container Insights, a
 * KMS-encrypted log group with the service's retention, and a task definition of the service's size and CPU
 * architecture. Created in `scope` as `Cluster`, `LogGroup` and `TaskDefinition`.
 */
export function addFargateTaskBase(scope: Construct, config: EnvironmentConfig, vpc: ec2.IVpc, logsKey: kms.IKey) {
  const svc = config.service;
  const cluster = new ecs.Cluster(scope, 'Cluster', { vpc, containerInsightsV2: ecs.ContainerInsights.ENHANCED });
  const logGroup = new EncryptedLogGroup(scope, 'LogGroup', {
    encryptionKey: logsKey,
    retentionDays: svc.logRetentionDays,
    removalPolicy: statefulRemovalPolicy(config),
  });
  const taskDefinition = new ecs.FargateTaskDefinition(scope, 'TaskDefinition', {
    cpu: svc.cpu,
    memoryLimitMiB: svc.memoryMiB,
    runtimePlatform: { cpuArchitecture: ecs.CpuArchitecture.of(svc.cpuArchitecture), operatingSystemFamily: ecs.OperatingSystemFamily.LINUX },
  });
  return { cluster, logGroup, taskDefinition };
}

/**
 * The one wildcard of a task's execution role, for the image pull. Call once the task's containers are added:
 * the role's policy exists from then on.
 * @param scoped what else the role may read, each scoped to its exact ARNs
 */
export function acknowledgeImagePull(taskDefinition: ecs.TaskDefinition, scoped: string): void {
  acknowledge(
    taskDefinition.obtainExecutionRole().node.findChild('DefaultPolicy'),
    'AwsSolutions-IAM5[Resource::*]',
    'CL-SEC-3',
    `ecr:GetAuthorizationToken supports no resource-level permission and must be granted on "*" for the image pull; ${scoped} are scoped to their exact ARNs.`,
  );
}

/**
 * The web app on ECS Fargate: a Container Insights cluster and a hardened task (CL-APP-1) in the private
 * subnets, with health-gated rolling deployments that roll back on failure (CL-APP-2), graceful shutdown and
 * CPU/memory autoscaling (CL-APP-3), secrets only through ECS secrets (CL-SEC-3) and logs to a KMS-encrypted
 * group with retention (CL-OBS-1).
 */
export class FargateService extends Construct {
  readonly cluster: ecs.Cluster;
  readonly taskDefinition: ecs.FargateTaskDefinition;
  readonly container: ecs.ContainerDefinition;
  readonly service: ecs.FargateService;
  readonly securityGroup: ec2.SecurityGroup;
  readonly logGroup: EncryptedLogGroup;
  /** Role the app's AWS SDK calls run as (e.g. `rds-db:connect`); nothing else is granted to it here. */
  readonly taskRole: iam.IRole;
  /** Role ECS uses to pull the image, write logs and resolve the secrets. */
  readonly executionRole: iam.IRole;

  constructor(scope: Construct, id: string, props: FargateServiceProps) {
    super(scope, id);
    const { config } = props;
    const svc = config.service;

    const plainNames = Object.keys(props.environment);
    const secretLooking = plainNames.filter((n) => SECRET_LOOKING_NAME.test(n));
    if (secretLooking.length) {
      throw new Error(`FargateService: ${secretLooking.join(', ')} look secret; pass them as ECS secrets, never plain environment (CL-SEC-3)`);
    }
    const both = plainNames.filter((n) => n in props.secrets);
    if (both.length) throw new Error(`FargateService: ${both.join(', ')} given both as plain environment and as a secret`);

    ({ cluster: this.cluster, logGroup: this.logGroup, taskDefinition: this.taskDefinition } = addFargateTaskBase(this, config, props.vpc, props.logsKey));
    this.taskRole = this.taskDefinition.taskRole;
    this.executionRole = this.taskDefinition.obtainExecutionRole();
    if (props.secretKeys.length) {
      this.executionRole.addToPrincipalPolicy(
        new iam.PolicyStatement({
          sid: 'DecryptSecretsViaSecretsManager',
          actions: ['kms:Decrypt'],
          resources: [...new Set(props.secretKeys)].map((key) => key.keyArn),
          conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${Stack.of(this).region}.amazonaws.com` } },
        }),
      );
    }

    const { path, intervalSeconds, timeoutSeconds, unhealthyThreshold, gracePeriodSeconds } = svc.healthCheck;
    // The image needs no curl or wget: Node 18+ has fetch.
    const probe =
      `fetch('http://127.0.0.1:${svc.containerPort}${path}',{signal:AbortSignal.timeout(${timeoutSeconds * 1000})})` +
      '.then(r=>process.exit(r.ok?0:1),()=>process.exit(1))';

    this.container = addHardenedContainer(this.taskDefinition, APP_CONTAINER_NAME, config, {
      image: props.image,
      essential: true,
      stopTimeout: Duration.seconds(svc.stopTimeoutSeconds),
      portMappings: [{ containerPort: svc.containerPort, name: 'http', protocol: ecs.Protocol.TCP }],
      environment: {
        NODE_ENV: 'production',
        PORT: String(svc.containerPort),
        // Listen on all interfaces so the ALB (and the health probe on 127.0.0.1) reach the server.
        HOSTNAME: '0.0.0.0',
        // The path the ALB, the container check and the canary probe, and the time the app has to drain.
        HEALTH_CHECK_PATH: path,
        STOP_TIMEOUT_SECONDS: String(svc.stopTimeoutSeconds),
        ...props.environment,
      },
      secrets: { ...props.secrets },
      healthCheck: {
        command: ['CMD', 'node', '-e', probe],
        interval: Duration.seconds(intervalSeconds),
        timeout: Duration.seconds(timeoutSeconds),
        retries: unhealthyThreshold,
        startPeriod: Duration.seconds(Math.min(gracePeriodSeconds, 300)),
      },
      logging: ecs.LogDrivers.awsLogs({ logGroup: this.logGroup, streamPrefix: APP_CONTAINER_NAME }),
    });
    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `platform-${deploymentName(config)} web tasks: in from the ALB only; out to HTTPS and the data stores`,
      allowAllOutbound: false,
    });
    // AWS APIs (ECR, Secrets Manager, Logs, RDS IAM tokens are local) and the app's HTTPS dependencies (OAuth, email APIs).
    this.securityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'HTTPS to AWS APIs and external services');
    for (const store of props.dataStores ?? []) {
      this.securityGroup.addEgressRule(store.securityGroup, ec2.Port.tcp(store.port), `To ${store.name}`);
      // Rule on the data store's group, but created in this (the consumer's) stack so the dependency points
      // from the service to the data tier, never back.
      new ec2.CfnSecurityGroupIngress(this, `${store.name}Ingress`, {
        groupId: store.securityGroup.securityGroupId,
        sourceSecurityGroupId: this.securityGroup.securityGroupId,
        ipProtocol: 'tcp',
        fromPort: store.port,
        toPort: store.port,
        description: `platform-${deploymentName(config)} web tasks`,
      });
    }

    const desired = svc.tasks.desired ?? svc.tasks.min;
    this.service = new ecs.FargateService(this, 'Service', {
      cluster: this.cluster,
      taskDefinition: this.taskDefinition,
      desiredCount: desired,
      vpcSubnets: { subnetGroupName: 'private' },
      assignPublicIp: false,
      securityGroups: [this.securityGroup],
      platformVersion: ecs.FargatePlatformVersion.LATEST,
      // A new task set must be healthy before an old task stops; a failing deployment rolls back (CL-APP-2).
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      circuitBreaker: { enable: true, rollback: true },
      healthCheckGracePeriod: Duration.seconds(gracePeriodSeconds),
      enableExecuteCommand: false,
      propagateTags: ecs.PropagatedTagSource.SERVICE,
    });

    const scaling = this.service.autoScaleTaskCount({ minCapacity: svc.tasks.min, maxCapacity: svc.tasks.max });
    const cooldowns = {
      scaleInCooldown: Duration.seconds(svc.autoscaling.scaleInCooldownSeconds),
      scaleOutCooldown: Duration.seconds(svc.autoscaling.scaleOutCooldownSeconds),
    };
    scaling.scaleOnCpuUtilization('Cpu', { targetUtilizationPercent: svc.autoscaling.cpuTargetPercent, ...cooldowns });
    scaling.scaleOnMemoryUtilization('Memory', { targetUtilizationPercent: svc.autoscaling.memoryTargetPercent, ...cooldowns });

    acknowledgeImagePull(this.taskDefinition, 'image layers, secrets, keys and logs');
    acknowledge(
      this.taskDefinition,
      'AwsSolutions-ECS2',
      'CL-APP-4',
      'The plain environment holds only non-secret operational settings (NODE_ENV, limits, timeouts, origins, flags, endpoints) ' +
        'whose names config validation and this construct check against secret-looking patterns; every secret comes from Secrets Manager via ECS secrets (CL-SEC-3).',
    );
  }
}
