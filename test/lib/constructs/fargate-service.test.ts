import { Stack, aws_ec2 as ec2, aws_ecs as ecs, aws_kms as kms, aws_secretsmanager as secretsmanager } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { loadConfigs } from '../../../config';
import { SECRET_LOOKING_NAME } from '../../../config/sections/service';
import { FargateService } from '../../../lib/constructs/fargate-service';
import { buildServiceFixture, serviceFixture } from '../support/service-fixture';

type Resource = { Type: string; Properties: Record<string, any> };

function templateOf(env: 'dev' | 'prod') {
  const fixture = serviceFixture(env);
  return { fixture, template: Template.fromStack(fixture.service) };
}

function containerOf(template: Template): Record<string, any> {
  const defs = Object.values(template.findResources('AWS::ECS::TaskDefinition')) as Resource[];
  expect(defs).toHaveLength(1);
  expect(defs[0].Properties.ContainerDefinitions).toHaveLength(1);
  return defs[0].Properties.ContainerDefinitions[0];
}

const envOf = (container: Record<string, any>) =>
  Object.fromEntries((container.Environment as { Name: string; Value: unknown }[]).map((e) => [e.Name, e.Value]));

describe.each(['dev', 'prod'] as const)('FargateService (%s)', (env) => {
  const { fixture, template } = templateOf(env);
  const { config } = fixture;
  const container = containerOf(template);

  test('the container is hardened: non-root, read-only root, no privilege, all capabilities dropped (CL-APP-1)', () => {
    expect(container.User).toBe('1000:1000');
    expect(container.ReadonlyRootFilesystem).toBe(true);
    expect(container.Privileged).toBe(false);
    expect(container.LinuxParameters).toEqual({ Capabilities: { Drop: ['ALL'] }, InitProcessEnabled: true });
    expect(container.MountPoints).toEqual([{ ContainerPath: '/tmp', ReadOnly: false, SourceVolume: 'writable-0' }]);
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      Volumes: [{ Name: 'writable-0' }],
      RequiresCompatibilities: ['FARGATE'],
      Cpu: env === 'prod' ? '1024' : '256',
      Memory: env === 'prod' ? '2048' : '512',
    });
  });

  test('graceful shutdown and a curl-free container health check on the health path (CL-APP-2, CL-APP-3)', () => {
    expect(container.StopTimeout).toBe(30);
    expect(container.HealthCheck).toEqual({
      Command: ['CMD', 'node', '-e', expect.stringContaining("fetch('http://127.0.0.1:3000/api/health'")],
      Interval: 30,
      Timeout: 5,
      Retries: 3,
      StartPeriod: 60,
    });
  });

  test('logs go to a KMS-encrypted log group with retention (CL-OBS-1)', () => {
    expect(container.LogConfiguration.LogDriver).toBe('awslogs');
    const groupId = container.LogConfiguration.Options['awslogs-group'].Ref;
    const group = template.toJSON().Resources[groupId] as Resource;
    expect(group.Type).toBe('AWS::Logs::LogGroup');
    expect(group.Properties.RetentionInDays).toBe(config.service.logRetentionDays);
    expect(JSON.stringify(group.Properties.KmsKeyId)).toContain('LogsKey');
  });

  test('without an image tag the task runs the reference app, built as a container asset at deploy', () => {
    expect(config.service.image.tag).toBeUndefined();
    expect(JSON.stringify(container.Image)).toContain('cdk-hnb659fds-container-assets');
  });

  test('with an image tag the task runs that tag from the environment repository, and may pull only from it', () => {
    const tagged = buildServiceFixture(env, { overrides: { imageTag: 'release-42' } });
    const image = JSON.stringify(containerOf(Template.fromStack(tagged.service)).Image);
    expect(image).toContain(':release-42');
    expect(image).not.toContain('container-assets');
    const policies = Object.values(Template.fromStack(tagged.service).findResources('AWS::IAM::Policy')) as Resource[];
    const pulls = policies.flatMap((p) => p.Properties.PolicyDocument.Statement).filter((st: any) => [st.Action].flat().includes('ecr:BatchGetImage'));
    expect(pulls).toHaveLength(1);
    // The repository of the registry stack (an import), never every repository.
    expect(JSON.stringify(pulls[0].Resource)).toMatch(/ImportValue|GetStackOutput/);
  });

  test('plain environment: NODE_ENV=production, the operational settings, nothing secret-looking (CL-APP-4, CL-SEC-3)', () => {
    const environment = envOf(container);
    expect(environment).toMatchObject({
      NODE_ENV: 'production',
      PORT: '3000',
      LOG_LEVEL: env === 'prod' ? 'info' : 'debug',
      REQUEST_TIMEOUT_MS: '10000',
      RATE_LIMIT_MAX: '100',
      RATE_LIMIT_WINDOW_MS: '60000',
      LOGIN_BRUTE_MAX_ATTEMPTS: '5',
      LOGIN_BRUTE_WINDOW_MS: '900000',
      LOGIN_BRUTE_LOCK_MS: '900000',
      SESSION_TIMEOUT_MINUTES: '60',
      ENFORCE_EMAIL_VERIFICATION: 'true',
      ALLOWED_ORIGINS: env === 'prod' ? 'https://app.example.com' : 'https://dev.app.example.com,http://localhost:3000',
      FLAG_EXPERIMENTAL_CACHING: env === 'prod' ? 'false' : 'true',
      DATABASE_HOST: 'platform-proxy.proxy-abc.eu-west-1.rds.amazonaws.com',
      DATABASE_PORT: '5432',
      DATABASE_NAME: 'app',
      DATABASE_SSL: 'verify-full',
      DATABASE_AUTH: 'iam',
      REDIS_HOST: 'master.platform-cache.abc.euw1.cache.amazonaws.com',
      REDIS_PORT: '6379',
      REDIS_TLS: 'true',
    });
    expect(Object.keys(environment).filter((name) => SECRET_LOOKING_NAME.test(name))).toEqual([]);
  });

  test('secrets come only through ECS secrets, current and previous versions of each signing secret (CL-SEC-3)', () => {
    const secrets = Object.fromEntries((container.Secrets as { Name: string; ValueFrom: unknown }[]).map((s) => [s.Name, JSON.stringify(s.ValueFrom)]));
    expect(Object.keys(secrets).sort()).toEqual(
      ['AUTH_SECRET', 'AUTH_SECRET_PREVIOUS', 'DATABASE_USER', 'JWT_SECRET', 'JWT_SECRET_PREVIOUS', 'REDIS_PASSWORD', 'REDIS_USERNAME', 'SESSION_SECRET', 'SESSION_SECRET_PREVIOUS'],
    );
    expect(secrets.DATABASE_USER).toMatch(/DbAppUser.*:username::/);
    expect(secrets.REDIS_USERNAME).toMatch(/CacheAppUser.*:username::/);
    expect(secrets.REDIS_PASSWORD).toMatch(/CacheAppUser.*:password::/);
    for (const name of config.appSecrets.names) {
      expect(secrets[name]).toContain(name.replace(/_/g, ''));
      expect(secrets[name]).not.toContain('AWSPREVIOUS');
      expect(secrets[`${name}_PREVIOUS`]).toMatch(new RegExp(`${name.replace(/_/g, '')}.*::AWSPREVIOUS:`));
    }
    // No database password is handed to the app: it authenticates with IAM tokens.
    expect(Object.values(secrets).some((v) => v.includes('DbAppUser') && v.includes(':password'))).toBe(false);
  });

  test('the service: private subnets, no public IP, circuit breaker with rollback, 100/200 %, grace period (CL-APP-2)', () => {
    template.hasResourceProperties('AWS::ECS::Service', {
      LaunchType: 'FARGATE',
      DesiredCount: config.service.tasks.min,
      HealthCheckGracePeriodSeconds: 60,
      EnableExecuteCommand: false,
      DeploymentConfiguration: Match.objectLike({
        DeploymentCircuitBreaker: { Enable: true, Rollback: true },
        MinimumHealthyPercent: 100,
        MaximumPercent: 200,
      }),
      NetworkConfiguration: {
        AwsvpcConfiguration: {
          AssignPublicIp: 'DISABLED',
          SecurityGroups: Match.anyValue(),
          Subnets: Match.arrayWith([{ 'Fn::ImportValue': Match.stringLikeRegexp('privateSubnet1') }]),
        },
      },
    });
  });

  test('the cluster has enhanced Container Insights', () => {
    template.hasResourceProperties('AWS::ECS::Cluster', { ClusterSettings: [{ Name: 'containerInsights', Value: 'enhanced' }] });
  });

  test('autoscaling between min and max tasks on CPU and memory targets (CL-APP-3)', () => {
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      MinCapacity: env === 'prod' ? 2 : 1,
      MaxCapacity: env === 'prod' ? 10 : 2,
      ScalableDimension: 'ecs:service:DesiredCount',
    });
    for (const [metric, target] of [['ECSServiceAverageCPUUtilization', 70], ['ECSServiceAverageMemoryUtilization', 80]] as const) {
      template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
        PolicyType: 'TargetTrackingScaling',
        TargetTrackingScalingPolicyConfiguration: Match.objectLike({
          PredefinedMetricSpecification: { PredefinedMetricType: metric },
          TargetValue: target,
          ScaleInCooldown: 300,
          ScaleOutCooldown: 60,
        }),
      });
    }
  });

  test('the task role may only obtain IAM DB tokens for app and app_clone on the proxy', () => {
    const policies = Object.values(template.findResources('AWS::IAM::Policy')) as Resource[];
    const taskPolicy = policies.find((p) => JSON.stringify(p.Properties.Roles).includes('TaskRole'))!;
    const statements = taskPolicy.Properties.PolicyDocument.Statement as Record<string, any>[];
    expect(statements.map((s) => s.Action)).toEqual(['rds-db:connect', 'rds-db:connect']);
    expect(statements.map((s) => JSON.stringify(s.Resource))).toEqual([
      expect.stringContaining(':dbuser:prx-0123456789abcdef0/app"'),
      expect.stringContaining(':dbuser:prx-0123456789abcdef0/app_clone"'),
    ]);
  });

  test('the execution role reads exactly the consumed secrets and decrypts only via Secrets Manager', () => {
    const policies = Object.values(template.findResources('AWS::IAM::Policy')) as Resource[];
    const execution = policies.find((p) => JSON.stringify(p.Properties.Roles).includes('ExecutionRole'))!;
    const statements = execution.Properties.PolicyDocument.Statement as Record<string, any>[];
    const secretReads = statements.filter((s) => JSON.stringify(s.Action).includes('secretsmanager:'));
    expect(secretReads.map((s) => s.Action)).toEqual(Array(5).fill(['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret']));
    expect(secretReads.map((s) => JSON.stringify(s.Resource)).sort()).toEqual(
      ['AUTHSECRET', 'CacheAppUser', 'DbAppUser', 'JWTSECRET', 'SESSIONSECRET'].map((id) => expect.stringContaining(id)),
    );
    expect(statements.find((s) => s.Sid === 'DecryptSecretsViaSecretsManager')).toEqual({
      Sid: 'DecryptSecretsViaSecretsManager',
      Effect: 'Allow',
      Action: 'kms:Decrypt',
      Resource: { 'Fn::ImportValue': expect.stringContaining('SecretsKey') },
      Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com' } },
    });
    const wildcard = statements.filter((s) => s.Resource === '*');
    expect(wildcard.map((s) => s.Action)).toEqual(['ecr:GetAuthorizationToken']);
  });

  test('security groups: ingress on the proxy and cache groups from the tasks, created in this stack; egress only 443 and the data stores', () => {
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      GroupId: { 'Fn::ImportValue': Match.stringLikeRegexp('ProxySg') },
      SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^WebSecurityGroup'), 'GroupId'] },
      FromPort: 5432,
      ToPort: 5432,
    });
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      GroupId: { 'Fn::ImportValue': Match.stringLikeRegexp('CacheSg') },
      SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^WebSecurityGroup'), 'GroupId'] },
      FromPort: 6379,
      ToPort: 6379,
    });
    const groups = Object.entries(template.findResources('AWS::EC2::SecurityGroup')) as [string, Resource][];
    const [, web] = groups.find(([id]) => id.startsWith('WebSecurityGroup'))!;
    expect(web.Properties.SecurityGroupEgress).toEqual([
      { CidrIp: '0.0.0.0/0', Description: 'HTTPS to AWS APIs and external services', FromPort: 443, IpProtocol: 'tcp', ToPort: 443 },
    ]);
    expect(web.Properties.SecurityGroupIngress).toBeUndefined();
    // The only ingress into the tasks is from the ALB, on the container port.
    const intoWeb = (Object.values(template.findResources('AWS::EC2::SecurityGroupIngress')) as Resource[]).filter((r) =>
      JSON.stringify(r.Properties.GroupId).includes('WebSecurityGroup'),
    );
    expect(intoWeb).toHaveLength(1);
    expect(intoWeb[0].Properties).toMatchObject({ FromPort: 3000, ToPort: 3000, SourceSecurityGroupId: { 'Fn::GetAtt': [expect.stringMatching(/^LoadBalancerSecurityGroup/), 'GroupId'] } });
  });
});

describe('FargateService guards', () => {
  const [config] = loadConfigs(['dev']);
  const build = (environment: Record<string, string>, secretNames: string[] = []) => () => {
    const stack = new Stack(undefined, 'S', { env: { account: config.account, region: config.region } });
    const vpc = new ec2.Vpc(stack, 'Vpc', { subnetConfiguration: [{ name: 'private', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
    const secrets = Object.fromEntries(
      secretNames.map((name) => [name, ecs.Secret.fromSecretsManager(secretsmanager.Secret.fromSecretNameV2(stack, name, name))]),
    );
    const image = ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/node:22-alpine');
    new FargateService(stack, 'Web', { config, vpc, image, logsKey: new kms.Key(stack, 'K'), environment, secrets, secretKeys: [] });
  };

  test('a secret-looking plain variable is refused even if config validation was bypassed', () => {
    expect(build({ SIGNING_SECRET: 'x' })).toThrow(/SIGNING_SECRET look secret; pass them as ECS secrets/);
    expect(build({ SIGNING_MODE: 'x' })).not.toThrow();
  });

  test('a name given both as plain environment and as a secret is refused', () => {
    expect(build({ REDIS_HOST: 'h' }, ['REDIS_HOST'])).toThrow(/REDIS_HOST given both as plain environment and as a secret/);
  });
});
