import { CfnOutput, aws_ec2 as ec2, aws_ecr as ecr, aws_ecs as ecs, aws_secretsmanager as secretsmanager } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { EnvironmentConfig } from '../../config';
import { appEnvironment } from '../app-environment';
import { applicationImage } from '../constructs/app-image';
import { replicaSecrets } from '../constructs/app-secrets';
import { type ProxyAccess, grantProxyConnect } from '../constructs/database-proxy';
import { EncryptionKeys } from '../constructs/encryption-keys';
import { APP_CONTAINER_NAME, FargateService } from '../constructs/fargate-service';
import { HttpsLoadBalancer } from '../constructs/https-load-balancer';
import { RedeployOnRotation } from '../constructs/redeploy-on-rotation';
import { WebAcl } from '../constructs/web-acl';
import { PlatformStack } from '../platform-stack';

/** The database as the app sees it: the RDS Proxy (TLS + IAM authentication required) and the app user's secret. */
export interface ServiceDatabase extends ProxyAccess {
  /**
   * The app user's RDS DatabaseSecret (JSON: username, password, host, port, dbname). Only `username` reaches
   * the container: alternating-users rotation flips it between `app` and `app_clone`. The password is never used.
   */
  readonly appUserSecret: secretsmanager.ISecret;
  /**
   * Database users the task role may obtain IAM auth tokens for (`rds-db:connect` on the proxy).
   * @default ['app', 'app_clone'] (the app user and its alternating-users clone)
   */
  readonly iamUsers?: readonly string[];
}

/** The Redis (ElastiCache) replication group as the app sees it. */
export interface ServiceCache {
  readonly primaryEndpoint: string;
  readonly port: number;
  readonly securityGroup: ec2.ISecurityGroup;
  /** The app's RBAC user secret (JSON: username, password). */
  readonly appUserSecret: secretsmanager.ISecret;
}

export interface ServiceStackProps {
  readonly config: EnvironmentConfig;
  readonly vpc: ec2.IVpc;
  readonly keys: EncryptionKeys;
  readonly database: ServiceDatabase;
  readonly cache: ServiceCache;
  /** The environment's image repository (registry stack): the service runs `service.image.tag` from it. */
  readonly repository: ecr.IRepository;
  /**
   * The signing secrets by environment-variable name (SecretsStack.appSecrets). @default the environment's replicas
   * in this region (`replicaSecrets`): a recovery environment has no secrets stack
   */
  readonly appSecrets?: Readonly<Record<string, secretsmanager.ISecret>>;
}

/**
 * Stateless: the web app on Fargate behind an HTTPS-only ALB with HSTS and a WAF, redeployed whenever one of
 * its secrets rotates. Composes FargateService, HttpsLoadBalancer, WebAcl and RedeployOnRotation.
 */
export class ServiceStack extends PlatformStack {
  readonly web: FargateService;
  readonly loadBalancer: HttpsLoadBalancer;
  readonly waf: WebAcl;
  readonly redeployOnRotation: RedeployOnRotation;

  constructor(scope: Construct, id: string, props: ServiceStackProps) {
    super(scope, id, {
      config: props.config,
      stateful: false,
      description: 'Platform web service: ECS Fargate, HTTPS ALB with HSTS, WAF (CL-APP-1..4, CL-TLS-1..2, CL-WAF-1..3)',
    });
    const { config, database, cache } = props;

    const appSecrets = props.appSecrets ?? replicaSecrets(this, config);
    const consumed = [database.appUserSecret, cache.appUserSecret, ...Object.values(appSecrets)];
    const environment = {
      ...appEnvironment(config.service),
      DATABASE_HOST: database.proxyEndpoint,
      DATABASE_PORT: String(database.port),
      DATABASE_NAME: database.databaseName,
      DATABASE_SCHEMA: database.schema,
      // The proxy requires TLS and IAM authentication: the app signs a short-lived token, never uses a password.
      DATABASE_SSL: 'verify-full',
      DATABASE_AUTH: 'iam',
      REDIS_HOST: cache.primaryEndpoint,
      REDIS_PORT: String(cache.port),
      REDIS_TLS: 'true',
    };

    // Secrets are referenced by ARN, without their key: Secret.grantRead would otherwise add this stack's
    // execution role to the key policy in the keys stack, a dependency back from keys to service. Secrets
    // imported by name (a recovery environment's replicas) carry no key and are used as they are.
    const byArn = (id: string, secret: secretsmanager.ISecret) =>
      secret.secretFullArn === undefined ? secret : secretsmanager.Secret.fromSecretCompleteArn(this, id, secret.secretFullArn);
    const dbUser = byArn('DatabaseAppUserSecret', database.appUserSecret);
    const cacheUser = byArn('CacheAppUserSecret', cache.appUserSecret);
    const secrets: Record<string, ecs.Secret> = {
      DATABASE_USER: ecs.Secret.fromSecretsManager(dbUser, 'username'),
      REDIS_USERNAME: ecs.Secret.fromSecretsManager(cacheUser, 'username'),
      REDIS_PASSWORD: ecs.Secret.fromSecretsManager(cacheUser, 'password'),
    };
    for (const [name, source] of Object.entries(appSecrets)) {
      const secret = byArn(`${name}Secret`, source);
      // AWSCURRENT signs and verifies; AWSPREVIOUS still verifies tokens signed before the last rotation.
      secrets[name] = ecs.Secret.fromSecretsManager(secret);
      secrets[`${name}_PREVIOUS`] = ecs.Secret.fromSecretsManagerVersion(secret, { versionStage: 'AWSPREVIOUS' });
    }

    this.web = new FargateService(this, 'Web', {
      config,
      vpc: props.vpc,
      image: applicationImage(config, props.repository),
      logsKey: props.keys.logs,
      environment,
      secrets,
      secretKeys: [props.keys.secrets, ...consumed.flatMap((s) => (s.encryptionKey ? [s.encryptionKey] : []))],
      dataStores: [
        { name: 'DatabaseProxy', securityGroup: database.proxySecurityGroup, port: database.port },
        { name: 'Cache', securityGroup: cache.securityGroup, port: cache.port },
      ],
    });
    for (const user of database.iamUsers ?? ['app', 'app_clone']) grantProxyConnect(this.web.taskRole, database.proxyResourceId, user);

    this.loadBalancer = new HttpsLoadBalancer(this, 'LoadBalancer', {
      config,
      vpc: props.vpc,
      target: this.web.service.loadBalancerTarget({ containerName: APP_CONTAINER_NAME, containerPort: config.service.containerPort }),
    });

    new CfnOutput(this, 'LoadBalancerDnsName', {
      description: 'DNS name of the ALB (point the app domain at it, or use it for smoke tests)',
      value: this.loadBalancer.loadBalancer.loadBalancerDnsName,
    });

    this.waf = new WebAcl(this, 'Waf', {
      config,
      resourceArn: this.loadBalancer.loadBalancer.loadBalancerArn,
      logsKey: props.keys.logs,
    });

    this.redeployOnRotation = new RedeployOnRotation(this, 'RedeployOnRotation', {
      config,
      cluster: this.web.cluster,
      service: this.web.service,
      secrets: consumed,
      logsKey: props.keys.logs,
    });
  }
}
