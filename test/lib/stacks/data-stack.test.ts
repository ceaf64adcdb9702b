import { App, aws_ec2 as ec2, aws_iam as iam } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { PlatformStack } from '../../../lib/platform-stack';
import { PlatformStage } from '../../../lib/platform-stage';
import { acknowledgedRules, configOf } from '../../support/data-fixture';
import { platformStage } from '../../support/platform';

type Resources = Record<string, { Type: string; Properties?: any; DependsOn?: string[]; DeletionPolicy?: string; UpdateReplacePolicy?: string }>;

/** What differs between dev and prod, straight from config/environments (and the prod floor). */
const EXPECTED = {
  dev: {
    multiAz: false,
    deletionProtection: false,
    backupRetention: 7,
    instanceClass: 'db.t4g.micro',
    allocatedStorage: '20',
    maxAllocatedStorage: 50,
    dbLogRetention: 14,
    piRetention: 7,
    dbDeletionPolicy: 'Delete',
    dbUpdateReplacePolicy: 'Delete',
    statefulDeletionPolicy: 'Delete',
    cacheNodes: 1,
    cacheFailover: false,
    cacheNodeType: 'cache.t4g.micro',
    cacheSnapshots: 1,
    cacheLogRetention: 14,
    lock: { MinRetentionDays: 7, MaxRetentionDays: 35, ChangeableForDays: Match.absent() },
    rules: { Daily: 7 } as Record<string, number>,
    terminationProtection: false,
  },
  prod: {
    multiAz: true,
    deletionProtection: true,
    backupRetention: 35,
    instanceClass: 'db.m7g.large',
    allocatedStorage: '100',
    maxAllocatedStorage: 1000,
    dbLogRetention: 365,
    piRetention: 31,
    dbDeletionPolicy: 'RetainExceptOnCreate',
    dbUpdateReplacePolicy: 'Retain',
    statefulDeletionPolicy: 'RetainExceptOnCreate',
    cacheNodes: 3,
    cacheFailover: true,
    cacheNodeType: 'cache.r7g.large',
    cacheSnapshots: 7,
    cacheLogRetention: 365,
    lock: { MinRetentionDays: 7, MaxRetentionDays: 400, ChangeableForDays: 3 },
    rules: { Daily: 35, Weekly: 91, Monthly: 365 } as Record<string, number>,
    terminationProtection: true,
  },
} as const;

type KeyName = 'DataKey' | 'SecretsKey' | 'LogsKey';
/** A reference to one of the keys stack's keys (an import of its export). */
const keyRef = (env: string, key: KeyName) => ({ 'Fn::ImportValue': Match.stringLikeRegexp(`^platform-${env}-keys:.*Keys${key}`) });
/** The same, for plain expectations. */
const expectKey = (value: unknown, env: string, key: KeyName) =>
  expect(JSON.stringify(value)).toMatch(new RegExp(`^\\{"Fn::ImportValue":"platform-${env}-keys:[A-Za-z0-9]*Keys${key}[A-Za-z0-9]*"\\}$`));
const subnetsOf = (group: 'private' | 'isolated') => Match.arrayWith([{ 'Fn::ImportValue': Match.stringLikeRegexp(`Vpc${group}Subnet1`) }]);
/** An ARN built with the partition token, as a plain string. */
const arn = (value: { 'Fn::Join': [string, unknown[]] }) =>
  value['Fn::Join'][1].map((p) => (typeof p === 'string' ? p : JSON.stringify(p) === '{"Ref":"AWS::Partition"}' ? 'aws' : JSON.stringify(p))).join('');

describe.each(['dev', 'prod'] as const)('DataStack (%s)', (env) => {
  const expected = EXPECTED[env];
  const stage = platformStage(env);
  const template = Template.fromStack(stage.data);
  const resources = template.toJSON().Resources as Resources;
  const idOf = (type: string, match: (r: Resources[string]) => boolean = () => true) => {
    const ids = Object.entries(resources).filter(([, r]) => r.Type === type && match(r)).map(([id]) => id);
    expect(ids).toHaveLength(1);
    return ids[0];
  };
  const sgId = (description: RegExp) => idOf('AWS::EC2::SecurityGroup', (r) => description.test(r.Properties.GroupDescription));
  const dbSg = sgId(/PostgreSQL: clients admitted/);
  const proxySg = sgId(/RDS Proxy/);
  const rotationSg = sgId(/credential rotation/);
  const bootstrapSg = sgId(/db-bootstrap/);
  const cacheSg = sgId(/cache: clients admitted/);
  const dbId = idOf('AWS::RDS::DBInstance');

  it('is a stateful stack named platform-<env>-data with termination protection per config (CL-DEL-1)', () => {
    expect(stage.data.stackName).toBe(`platform-${env}-data`);
    expect(stage.data.terminationProtection).toBe(expected.terminationProtection);
  });

  describe('PostgreSQL instance', () => {
    it('runs PostgreSQL 17 in the configured class, with a non-default master user and IAM auth (CL-SEC-4)', () => {
      template.hasResourceProperties('AWS::RDS::DBInstance', {
        Engine: 'postgres',
        EngineVersion: '17.9',
        DBInstanceClass: expected.instanceClass,
        DBInstanceIdentifier: `platform-${env}-postgres`,
        MasterUsername: 'platform_admin',
        DBName: 'app',
        Port: '5432',
        EnableIAMDatabaseAuthentication: true,
        PubliclyAccessible: false,
        AutoMinorVersionUpgrade: true,
        CACertificateIdentifier: 'rds-ca-rsa2048-g1',
      });
    });

    it('takes its master password from a generated secret by dynamic reference, never a literal (CL-SEC-1)', () => {
      const password = JSON.stringify(resources[dbId].Properties.MasterUserPassword);
      expect(password).toContain('{{resolve:secretsmanager:');
    });

    it(`is ${expected.multiAz ? '' : 'not '}Multi-AZ and has deletion protection ${expected.deletionProtection ? 'on' : 'off'} (CL-ENV-2)`, () => {
      template.hasResourceProperties('AWS::RDS::DBInstance', { MultiAZ: expected.multiAz, DeletionProtection: expected.deletionProtection });
    });

    it('encrypts gp3 storage with the data key and autoscales it up to the configured maximum (CL-ENC-1)', () => {
      template.hasResourceProperties('AWS::RDS::DBInstance', {
        StorageEncrypted: true,
        KmsKeyId: keyRef(env, 'DataKey'),
        StorageType: 'gp3',
        AllocatedStorage: expected.allocatedStorage,
        MaxAllocatedStorage: expected.maxAllocatedStorage,
      });
    });

    it(`keeps automated backups ${expected.backupRetention} days (point-in-time recovery window, CL-DB-1) and copies tags to snapshots`, () => {
      template.hasResourceProperties('AWS::RDS::DBInstance', {
        BackupRetentionPeriod: expected.backupRetention,
        CopyTagsToSnapshot: true,
        PreferredBackupWindow: '02:00-03:00',
        PreferredMaintenanceWindow: 'sun:04:00-sun:05:00',
      });
    });

    it(`has DeletionPolicy ${expected.dbDeletionPolicy} (CL-DEL-1)`, () => {
      expect(resources[dbId].DeletionPolicy).toBe(expected.dbDeletionPolicy);
      expect(resources[dbId].UpdateReplacePolicy).toBe(expected.dbUpdateReplacePolicy);
    });

    it('lives in a subnet group of the isolated subnets, behind its own security group (CL-NET-1)', () => {
      template.hasResourceProperties('AWS::RDS::DBSubnetGroup', { SubnetIds: subnetsOf('isolated') });
      template.hasResourceProperties('AWS::RDS::DBInstance', {
        DBSubnetGroupName: { Ref: idOf('AWS::RDS::DBSubnetGroup') },
        VPCSecurityGroups: [{ 'Fn::GetAtt': [dbSg, 'GroupId'] }],
      });
    });

    it('admits only the proxy, the rotation functions and the bootstrap function, by security group, never by CIDR (CL-NET-1)', () => {
      expect(resources[dbSg].Properties.SecurityGroupIngress).toBeUndefined();
      const ingress = Object.values(resources).filter(
        (r) => r.Type === 'AWS::EC2::SecurityGroupIngress' && JSON.stringify(r.Properties.GroupId) === JSON.stringify({ 'Fn::GetAtt': [dbSg, 'GroupId'] }),
      );
      expect(ingress.every((r) => r.Properties.CidrIp === undefined && r.Properties.CidrIpv6 === undefined)).toBe(true);
      const sources = ingress.map((r) => r.Properties.SourceSecurityGroupId['Fn::GetAtt'][0]).sort();
      expect(sources).toEqual([bootstrapSg, proxySg, rotationSg].sort());
    });

    it('uses a parameter group forcing TLS, loading pg_stat_statements, logging slow queries, changes (pgaudit) and connections, and no statement text that can carry a password (CL-TLS-3, CL-DB-4)', () => {
      template.hasResourceProperties('AWS::RDS::DBParameterGroup', {
        Family: 'postgres17',
        Parameters: {
          'rds.force_ssl': '1',
          shared_preload_libraries: 'pg_stat_statements,pgaudit,auto_explain',
          'pg_stat_statements.track_utility': '0',
          'auto_explain.log_min_duration': '1000',
          log_min_duration_statement: '-1',
          log_statement: 'none',
          'pgaudit.log': 'ddl,role,write',
          'pgaudit.log_catalog': '0',
          'pgaudit.log_parameter': '0',
          log_min_error_statement: 'panic',
          log_connections: '1',
          log_disconnections: '1',
        },
      });
      template.hasResourceProperties('AWS::RDS::DBInstance', { DBParameterGroupName: { Ref: idOf('AWS::RDS::DBParameterGroup') } });
    });

    it('exports postgresql and upgrade logs into encrypted log groups with retention, created before the instance (CL-OBS-1)', () => {
      template.hasResourceProperties('AWS::RDS::DBInstance', { EnableCloudwatchLogsExports: ['postgresql', 'upgrade'] });
      for (const type of ['postgresql', 'upgrade']) {
        const id = idOf('AWS::Logs::LogGroup', (r) => r.Properties.LogGroupName === `/aws/rds/instance/platform-${env}-postgres/${type}`);
        expect(resources[id].Properties).toMatchObject({ RetentionInDays: expected.dbLogRetention });
        expectKey(resources[id].Properties.KmsKeyId, env, 'LogsKey');
        expect(resources[dbId].DependsOn).toContain(id);
      }
    });

    it('has Performance Insights encrypted with the data key and Enhanced Monitoring every 60 s', () => {
      template.hasResourceProperties('AWS::RDS::DBInstance', {
        EnablePerformanceInsights: true,
        PerformanceInsightsKMSKeyId: keyRef(env, 'DataKey'),
        PerformanceInsightsRetentionPeriod: expected.piRetention,
        MonitoringInterval: 60,
        MonitoringRoleArn: Match.anyValue(),
      });
    });
  });

  it('acknowledges nag findings only where config made a deliberate exception, with reasons in the template (CL-AUD-1)', () => {
    const dbRules = acknowledgedRules(template, dbId).sort();
    const devDb = [
      'AwsSolutions-RDS10',
      'AwsSolutions-RDS11',
      'AwsSolutions-RDS3',
      'HIPAA.Security-RDSInstanceDeletionProtectionEnabled',
      'HIPAA.Security-RDSMultiAZSupport',
      'NIST.800.53.R5-RDSInstanceDeletionProtectionEnabled',
      'NIST.800.53.R5-RDSMultiAZSupport',
    ];
    expect(dbRules).toEqual(env === 'dev' ? devDb : ['AwsSolutions-RDS11']);
    const rgRules = acknowledgedRules(template, idOf('AWS::ElastiCache::ReplicationGroup')).sort();
    // Snapshots kept fewer days than the packs' 15 (sessions expire within days), in every environment.
    const backup = ['HIPAA.Security-ElastiCacheRedisClusterAutomaticBackup', 'NIST.800.53.R5-ElastiCacheRedisClusterAutomaticBackup'];
    expect(rgRules).toEqual(env === 'dev' ? ['AwsSolutions-AEC4', 'AwsSolutions-AEC6', ...backup] : ['AwsSolutions-AEC6', ...backup]);
    const reasons = resources[dbId] as unknown as { Metadata: { cdk_nag: { rules_to_suppress: { reason: string }[] } } };
    for (const r of reasons.Metadata.cdk_nag.rules_to_suppress) expect(r.reason).toMatch(/^\[CL-[A-Z]+-\d+\] .{40,}/);
  });

  describe('RDS Proxy', () => {
    it('requires TLS and IAM authentication for each of the app, session_cleanup and migrator secrets (CL-TLS-3)', () => {
      const proxy = resources[idOf('AWS::RDS::DBProxy')].Properties;
      expect(proxy.RequireTLS).toBe(true);
      expect(proxy.EngineFamily).toBe('POSTGRESQL');
      expect(proxy.Auth).toHaveLength(3);
      for (const auth of proxy.Auth) expect(auth).toMatchObject({ AuthScheme: 'SECRETS', IAMAuth: 'REQUIRED' });
      const secretIds = proxy.Auth.map((a: { SecretArn: { Ref: string } }) => a.SecretArn.Ref).sort();
      expect(secretIds).toEqual(
        ['AppSecret', 'SessionCleanupSecret', 'MigratorSecret'].map((n) => idOf('AWS::SecretsManager::Secret', (r) => r === resources[Object.keys(resources).find((k) => k.startsWith(`DatabaseUsers${n}`) && resources[k].Type === 'AWS::SecretsManager::Secret')!])).sort(),
      );
    });

    it('pools connections per config (CL-DB-4) towards the instance', () => {
      template.hasResourceProperties('AWS::RDS::DBProxyTargetGroup', {
        ConnectionPoolConfigurationInfo: { MaxConnectionsPercent: 90, MaxIdleConnectionsPercent: 50, ConnectionBorrowTimeout: 120 },
        DBInstanceIdentifiers: [{ Ref: dbId }],
      });
    });

    it('sits in the private subnets behind its own security group', () => {
      template.hasResourceProperties('AWS::RDS::DBProxy', {
        VpcSubnetIds: subnetsOf('private'),
        VpcSecurityGroupIds: [{ 'Fn::GetAtt': [proxySg, 'GroupId'] }],
      });
    });
  });

  describe('credentials and rotation (CL-SEC-2, CL-SEC-4)', () => {
    const secrets = Object.entries(resources).filter(([, r]) => r.Type === 'AWS::SecretsManager::Secret');
    const schedules = Object.values(resources).filter((r) => r.Type === 'AWS::SecretsManager::RotationSchedule');
    /** The secret a schedule rotates, following a SecretTargetAttachment to its secret. */
    const rotatedSecret = (schedule: Resources[string]) => {
      const ref = schedule.Properties.SecretId.Ref as string;
      return resources[ref].Type === 'AWS::SecretsManager::SecretTargetAttachment' ? resources[ref].Properties.SecretId.Ref : ref;
    };
    const scheduleOf = (secretIdPrefix: string) => schedules.find((s) => rotatedSecret(s).startsWith(secretIdPrefix))!;

    it('has the master secret and one secret per application role, all encrypted with the secrets key (CL-ENC-1)', () => {
      expect(secrets).toHaveLength(5);
      for (const [, s] of secrets) expectKey(s.Properties.KmsKeyId, env, 'SecretsKey');
      for (const [username, prefix] of [['app', 'DatabaseUsersAppSecret'], ['session_cleanup', 'DatabaseUsersSessionCleanupSecret'], ['migrator', 'DatabaseUsersMigratorSecret']]) {
        const [, secret] = secrets.find(([id]) => id.startsWith(prefix))!;
        const template = JSON.stringify(secret.Properties.GenerateSecretString.SecretStringTemplate);
        expect(template).toContain(`\\"username\\":\\"${username}\\"`);
        // masterarn lets the alternating-users rotation clone the role as master.
        expect(template).toContain('masterarn');
      }
    });

    it('generates every secret value in Secrets Manager: no SecretString in the template (CL-SEC-1)', () => {
      for (const [, s] of secrets) {
        expect(s.Properties.SecretString).toBeUndefined();
        expect(s.Properties.GenerateSecretString).toBeDefined();
      }
      // Database passwords: 48 characters of ~67 symbols (~290 bits >= 32 bytes); the cache one 64 alphanumerics.
      for (const [id, s] of secrets) expect(s.Properties.GenerateSecretString.PasswordLength).toBe(id.startsWith('Cache') ? 64 : 48);
    });

    it(`${expected.statefulDeletionPolicy === 'Delete' ? 'deletes' : 'retains'} the secrets with the stack, per config`, () => {
      for (const [, s] of secrets) expect(s.DeletionPolicy).toBe(expected.statefulDeletionPolicy);
    });

    it('rotates every secret automatically, at most every 90 days (30 configured)', () => {
      const rotated = schedules.map(rotatedSecret).sort();
      expect(rotated).toEqual(secrets.map(([id]) => id).sort());
      for (const s of schedules) {
        const days = Number(/^rate\((\d+) days\)$/.exec(s.Properties.RotationRules.ScheduleExpression)![1]);
        expect(days).toBeLessThanOrEqual(90);
        expect(days).toBe(30);
      }
    });

    it('rotates the master single-user and app/session_cleanup with alternating users, migrator single-user, all AWS-hosted in the VPC', () => {
      const master = scheduleOf('platform' + env + 'dataPostgresInstanceSecret');
      expect(master.Properties.HostedRotationLambda.RotationType).toBe('PostgreSQLSingleUser');
      for (const prefix of ['DatabaseUsersAppSecret', 'DatabaseUsersSessionCleanupSecret']) {
        const hosted = scheduleOf(prefix).Properties.HostedRotationLambda;
        expect(hosted.RotationType).toBe('PostgreSQLMultiUser');
        expect(hosted.MasterSecretArn).toEqual({ Ref: idOf('AWS::SecretsManager::SecretTargetAttachment', (r) => r.Properties.SecretId.Ref.startsWith(`platform${env}dataPostgresInstanceSecret`)) });
      }
      expect(scheduleOf('DatabaseUsersMigratorSecret').Properties.HostedRotationLambda.RotationType).toBe('PostgreSQLSingleUser');
      for (const prefix of ['platform' + env + 'dataPostgresInstanceSecret', 'DatabaseUsersAppSecret', 'DatabaseUsersSessionCleanupSecret', 'DatabaseUsersMigratorSecret']) {
        const hosted = scheduleOf(prefix).Properties.HostedRotationLambda;
        expect(hosted.VpcSecurityGroupIds).toEqual({ 'Fn::GetAtt': [rotationSg, 'GroupId'] });
        expect(JSON.stringify(hosted.VpcSubnetIds)).toMatch(/VpcprivateSubnet1/);
        expect(JSON.stringify(hosted.VpcSubnetIds)).not.toMatch(/isolated|public/);
        expectKey(hosted.KmsKeyArn, env, 'SecretsKey');
      }
      expect(template.toJSON().Transform).toContain('AWS::SecretsManager-2024-09-16');
    });

    it('lets the rotation functions out only to PostgreSQL on the database security group and HTTPS', () => {
      const egress = Object.values(resources).filter((r) => r.Type === 'AWS::EC2::SecurityGroupEgress' && r.Properties.GroupId['Fn::GetAtt'][0] === rotationSg);
      expect(egress).toHaveLength(1);
      expect(egress[0].Properties).toMatchObject({ DestinationSecurityGroupId: { 'Fn::GetAtt': [dbSg, 'GroupId'] }, FromPort: 5432, ToPort: 5432 });
      expect(resources[rotationSg].Properties.SecurityGroupEgress).toEqual([
        expect.objectContaining({ CidrIp: '0.0.0.0/0', FromPort: 443, ToPort: 443, IpProtocol: 'tcp' }),
      ]);
    });

    it('runs db-bootstrap as a custom resource with the four secrets, and every database rotation waits for it', () => {
      const bootstrapId = idOf('Custom::DbBootstrap');
      const props = resources[bootstrapId].Properties;
      expect(props).toMatchObject({
        Schema: 'app',
        SessionTables: 'sessions,verification_tokens,audit_logs',
        DatabaseName: 'app',
        Revision: '1',
      });
      expect(props.MasterSecretArn.Ref).toMatch(/^PostgresInstanceSecretAttachment/);
      expect(props.AppSecretArn.Ref).toMatch(/^DatabaseUsersAppSecret/);
      expect(props.SessionCleanupSecretArn.Ref).toMatch(/^DatabaseUsersSessionCleanupSecret/);
      expect(props.MigratorSecretArn.Ref).toMatch(/^DatabaseUsersMigratorSecret/);
      for (const prefix of ['platform' + env + 'dataPostgresInstanceSecret', 'DatabaseUsersAppSecret', 'DatabaseUsersSessionCleanupSecret', 'DatabaseUsersMigratorSecret']) {
        expect(scheduleOf(prefix).DependsOn).toContain(bootstrapId);
      }
    });

    it('runs the bootstrap function in the private subnets, trusting the RDS CA bundle, reading only the four database secrets', () => {
      const fnId = idOf('AWS::Lambda::Function', (r) => r.Properties.Environment?.Variables?.NODE_EXTRA_CA_CERTS !== undefined);
      expect(resources[fnId].Properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Environment: { Variables: { NODE_EXTRA_CA_CERTS: '/var/runtime/ca-cert.pem' } },
        VpcConfig: { SecurityGroupIds: [{ 'Fn::GetAtt': [bootstrapSg, 'GroupId'] }] },
      });
      expect(JSON.stringify(resources[fnId].Properties.VpcConfig.SubnetIds)).toMatch(/VpcprivateSubnet1/);
      const roleId = resources[fnId].Properties.Role['Fn::GetAtt'][0];
      const policies = Object.values(resources).filter((r) => r.Type === 'AWS::IAM::Policy' && r.Properties.Roles.some((x: { Ref: string }) => x.Ref === roleId));
      const statements = policies.flatMap((p) => p.Properties.PolicyDocument.Statement);
      const secretReads = statements.filter((s) => [s.Action].flat().includes('secretsmanager:GetSecretValue'));
      const readable = secretReads.flatMap((s) => [s.Resource].flat().map((r: { Ref: string }) => r.Ref)).sort();
      expect(readable).toEqual(
        [
          idOf('AWS::SecretsManager::SecretTargetAttachment', (r) => r.Properties.SecretId.Ref.startsWith(`platform${env}dataPostgresInstanceSecret`)),
          ...['App', 'SessionCleanup', 'Migrator'].map((n) => Object.keys(resources).find((k) => k.startsWith(`DatabaseUsers${n}Secret`) && resources[k].Type === 'AWS::SecretsManager::Secret')!),
        ].sort(),
      );
      // Nothing else: no other secret, no wildcard resource. (Decrypting goes through Secrets Manager, which the
      // secrets key admits for this account's principals; see the keys stack test.)
      // Active tracing's X-Ray actions are the one exception: they support no resource-level permission.
      for (const s of statements.filter((st) => ![st.Action].flat().every((a: string) => a.startsWith('xray:')))) expect(JSON.stringify(s.Resource)).not.toBe('"*"');
      expect(statements.filter((s) => [s.Action].flat().some((a: string) => a.startsWith('secretsmanager:'))).flatMap((s) => [s.Action].flat())).toEqual(
        expect.arrayContaining(['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret']),
      );
    });
  });

  describe('ElastiCache', () => {
    const rgId = idOf('AWS::ElastiCache::ReplicationGroup');

    it('is a replication group of the configured engine and size in the isolated subnets (CL-NET-1)', () => {
      template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
        Engine: 'redis',
        EngineVersion: '7.1',
        CacheNodeType: expected.cacheNodeType,
        NumCacheClusters: expected.cacheNodes,
        Port: 6380,
        ReplicationGroupId: `platform-${env}-cache`,
        SecurityGroupIds: [{ 'Fn::GetAtt': [cacheSg, 'GroupId'] }],
        CacheSubnetGroupName: { Ref: idOf('AWS::ElastiCache::SubnetGroup') },
        AutoMinorVersionUpgrade: true,
      });
      template.hasResourceProperties('AWS::ElastiCache::SubnetGroup', { SubnetIds: subnetsOf('isolated') });
      expect(resources[cacheSg].Properties.SecurityGroupIngress).toBeUndefined();
    });

    it(`${expected.cacheFailover ? 'fails over automatically across AZs' : 'has no replica, hence no failover'} (CL-RED-2)`, () => {
      template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
        AutomaticFailoverEnabled: expected.cacheFailover,
        MultiAZEnabled: expected.cacheFailover,
      });
    });

    it('encrypts at rest with the data key and requires TLS in transit (CL-ENC-1, CL-TLS-4)', () => {
      template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
        AtRestEncryptionEnabled: true,
        KmsKeyId: keyRef(env, 'DataKey'),
        TransitEncryptionEnabled: true,
        TransitEncryptionMode: 'required',
      });
    });

    it(`keeps snapshots ${expected.cacheSnapshots} day(s) in a window, and ${expected.statefulDeletionPolicy === 'Delete' ? 'deletes' : 'retains'} the group with the stack`, () => {
      template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', { SnapshotRetentionLimit: expected.cacheSnapshots, SnapshotWindow: '03:00-04:00' });
      expect(resources[rgId].DeletionPolicy).toBe(expected.statefulDeletionPolicy);
    });

    it('delivers slow and engine logs as JSON to encrypted log groups with retention (CL-OBS-1)', () => {
      const deliveries = resources[rgId].Properties.LogDeliveryConfigurations as { LogType: string; DestinationDetails: any; LogFormat: string }[];
      expect(deliveries.map((d) => d.LogType).sort()).toEqual(['engine-log', 'slow-log']);
      for (const d of deliveries) {
        expect(d.LogFormat).toBe('json');
        const group = resources[d.DestinationDetails.CloudWatchLogsDetails.LogGroup.Ref];
        expect(group.Type).toBe('AWS::Logs::LogGroup');
        expect(group.Properties.RetentionInDays).toBe(expected.cacheLogRetention);
        expectKey(group.Properties.KmsKeyId, env, 'LogsKey');
      }
    });

    it('authenticates by RBAC: a disabled default user and an app user denied dangerous commands (CL-RED-1)', () => {
      const defaultUser = idOf('AWS::ElastiCache::User', (r) => r.Properties.UserName === 'default');
      const appUser = idOf('AWS::ElastiCache::User', (r) => r.Properties.UserName === 'app');
      expect(resources[defaultUser].Properties).toMatchObject({ AccessString: 'off -@all', NoPasswordRequired: true });
      expect(resources[defaultUser].Properties.AccessString).toMatch(/^off\b/);
      expect(resources[appUser].Properties).toMatchObject({ AccessString: 'on ~* +@all -@dangerous', UserId: `platform-${env}-cache-app` });
      expect(resources[appUser].Properties.NoPasswordRequired).toBeUndefined();
      template.hasResourceProperties('AWS::ElastiCache::UserGroup', { Engine: 'redis', UserIds: [{ Ref: defaultUser }, { Ref: appUser }] });
      template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', { UserGroupIds: [{ Ref: idOf('AWS::ElastiCache::UserGroup') }] });
    });

    it('gives the app user a generated 64-character password, referenced dynamically, never as a value (CL-SEC-1)', () => {
      const secretId = Object.keys(resources).find((k) => k.startsWith('CacheAppUserSecret') && resources[k].Type === 'AWS::SecretsManager::Secret')!;
      expect(resources[secretId].Properties.GenerateSecretString).toMatchObject({
        GenerateStringKey: 'password',
        PasswordLength: 64,
        ExcludePunctuation: true,
        SecretStringTemplate: JSON.stringify({ username: 'app', userId: `platform-${env}-cache-app` }),
      });
      const appUser = resources[idOf('AWS::ElastiCache::User', (r) => r.Properties.UserName === 'app')];
      expect(appUser.Properties.Passwords).toEqual([{ 'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: secretId }, ':SecretString:password::}}']] }]);
    });

    it('rotates the app user password with lambdas/redis-rotation, allowed only DescribeUsers/ModifyUser on that user', () => {
      const secretId = Object.keys(resources).find((k) => k.startsWith('CacheAppUserSecret') && resources[k].Type === 'AWS::SecretsManager::Secret')!;
      const schedule = Object.values(resources).find((r) => r.Type === 'AWS::SecretsManager::RotationSchedule' && r.Properties.SecretId.Ref === secretId)!;
      const fnId = schedule.Properties.RotationLambdaARN['Fn::GetAtt'][0];
      expect(resources[fnId].Properties).toMatchObject({ Runtime: 'nodejs24.x', Timeout: 300 });
      expect(schedule.DependsOn).toEqual(expect.arrayContaining([idOf('AWS::ElastiCache::UserGroup'), rgId]));
      expect(resources[fnId].Properties.Environment.Variables).toMatchObject({
        REDIS_ENDPOINT: { 'Fn::GetAtt': [rgId, 'PrimaryEndPoint.Address'] },
        REDIS_PORT: '6380',
      });
      template.hasResourceProperties('AWS::IAM::Policy', {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Action: ['elasticache:DescribeUsers', 'elasticache:ModifyUser'],
              Resource: {
                'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:elasticache:eu-west-1:${stage.data.account}:user:platform-${env}-cache-app`]],
              },
            }),
          ]),
        },
      });
    });
  });

  describe('AWS Backup (CL-DB-2)', () => {
    it('has a vault encrypted with the data key under Vault Lock per config', () => {
      template.hasResourceProperties('AWS::Backup::BackupVault', {
        BackupVaultName: `platform-${env}-backup`,
        EncryptionKeyArn: keyRef(env, 'DataKey'),
        LockConfiguration: expected.lock,
      });
    });

    it('backs up on the configured tiers, each copied with the same retention to the copy-region vault', () => {
      const plan = resources[idOf('AWS::Backup::BackupPlan')].Properties.BackupPlan;
      const rules = Object.fromEntries(plan.BackupPlanRule.map((r: any) => [r.RuleName, r]));
      expect(Object.keys(rules).sort()).toEqual(Object.keys(expected.rules).sort());
      const copyVaultArn = `arn:aws:backup:eu-west-3:${stage.data.account}:backup-vault:platform-${env}-backup-copy`;
      for (const [name, days] of Object.entries(expected.rules)) {
        expect(rules[name]).toMatchObject({
          Lifecycle: { DeleteAfterDays: days },
          CopyActions: [{ Lifecycle: { DeleteAfterDays: days } }],
          TargetBackupVault: { 'Fn::GetAtt': [idOf('AWS::Backup::BackupVault'), 'BackupVaultName'] },
        });
        expect(rules[name].CopyActions).toHaveLength(1);
        expect(arn(rules[name].CopyActions[0].DestinationBackupVaultArn)).toBe(copyVaultArn);
      }
      expect(rules.Daily.ScheduleExpression).toBe('cron(0 5 * * ? *)');
    });

    it('selects the database instance', () => {
      template.hasResourceProperties('AWS::Backup::BackupSelection', {
        BackupSelection: { Resources: [{ 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp(':rds:eu-west-1:[0-9]+:db:$'), { Ref: dbId }])] }] },
      });
    });

    it('exposes the backup-failure event pattern for the observability alarm', () => {
      expect(stage.data.backupFailureEventPattern).toEqual({
        source: ['aws.backup'],
        detailType: ['Backup Job State Change', 'Copy Job State Change'],
        detail: { state: ['FAILED', 'ABORTED', 'EXPIRED'] },
      });
    });
  });

  it('exposes the API other stacks code against', () => {
    const data = stage.data;
    expect(data.databasePort).toBe(5432);
    expect(data.proxyPort).toBe(5432);
    expect(data.databaseName).toBe('app');
    expect(data.cache.port).toBe(6380);
    expect(Object.keys(data.users).sort()).toEqual(['app', 'migrator', 'sessionCleanup']);
    expect(data.cache.replicationGroupId).toBe(`platform-${env}-cache`);
    expect(data.backupVault.backupVaultName).toBeDefined();
    expect(data.databaseSubnetGroup).toBeDefined();
    expect(data.databaseParameterGroup).toBeDefined();
    expect(data.resolve(data.databaseParameterGroupName)).toEqual({ Ref: idOf('AWS::RDS::DBParameterGroup') });
    expect(data.resolve(data.databaseSubnetGroup)).toEqual({ Ref: idOf('AWS::RDS::DBSubnetGroup') });
    expect(data.resolve(data.database.instanceIdentifier)).toEqual({ Ref: dbId });
  });
});

describe('DataStack (staging)', () => {
  const template = Template.fromStack(platformStage('staging').data);
  it('rotates every secret at most every 90 days (CL-SEC-2)', () => {
    const secrets = Object.keys(template.findResources('AWS::SecretsManager::Secret'));
    const attachments = template.findResources('AWS::SecretsManager::SecretTargetAttachment');
    const rotated = Object.values(template.findResources('AWS::SecretsManager::RotationSchedule')).map((s) => {
      expect(Number(/^rate\((\d+) days\)$/.exec(s.Properties.RotationRules.ScheduleExpression)![1])).toBeLessThanOrEqual(90);
      const ref = s.Properties.SecretId.Ref as string;
      return attachments[ref] ? attachments[ref].Properties.SecretId.Ref : ref;
    });
    expect(rotated.sort()).toEqual(secrets.sort());
  });

  it('takes a final snapshot of the database on deletion (removalPolicy snapshot) and retains what cannot snapshot', () => {
    template.hasResource('AWS::RDS::DBInstance', { DeletionPolicy: 'Snapshot' });
    template.hasResource('AWS::ElastiCache::ReplicationGroup', { DeletionPolicy: 'Snapshot' });
    template.allResources('AWS::SecretsManager::Secret', { DeletionPolicy: 'RetainExceptOnCreate' });
    template.allResources('AWS::Backup::BackupVault', { DeletionPolicy: 'RetainExceptOnCreate' });
  });
});

// How another stack (service, session cleanup) consumes the data tier: IAM connect through the proxy, the user's
// secret, and security-group ingress added on ITS side, without a cyclic reference between stacks.
describe('DataStack consumers', () => {
  const config = configOf('prod');
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stage = new PlatformStage(app, 'platform-prod', { config });
  const consumer = new PlatformStack(stage, 'consumer', { config, stateful: false });
  const role = new iam.Role(consumer, 'TaskRole', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
  const sg = new ec2.SecurityGroup(consumer, 'ServiceSg', { vpc: stage.network.network.vpc, allowAllOutbound: false });
  stage.data.grantConnect(role, 'app');
  new ec2.CfnSecurityGroupIngress(consumer, 'ProxyIngress', {
    groupId: stage.data.proxySecurityGroup.securityGroupId,
    sourceSecurityGroupId: sg.securityGroupId,
    ipProtocol: 'tcp',
    fromPort: stage.data.proxyPort,
    toPort: stage.data.proxyPort,
  });

  it('synthesizes without a dependency cycle: the consumer depends on data, never the reverse', () => {
    expect(() => stage.synth()).not.toThrow();
    expect(consumer.dependencies).toContain(stage.data);
    expect(stage.data.dependencies).not.toContain(consumer);
    expect(stage.keys.dependencies).toEqual([]);
  });

  it('lets the consumer connect as app and app_clone (alternating users) and read only the app secret', () => {
    const template = Template.fromStack(consumer);
    const statements = Object.values(template.findResources('AWS::IAM::Policy')).flatMap((p) => p.Properties.PolicyDocument.Statement);
    const connect = statements.filter((s) => s.Action === 'rds-db:connect');
    const users = connect.map((s) => JSON.stringify(s.Resource).match(/\/(app(_clone)?)"/)?.[1]).sort();
    expect(users).toEqual(['app', 'app_clone']);
    const reads = statements.filter((s) => [s.Action].flat().includes('secretsmanager:GetSecretValue'));
    expect(reads).toHaveLength(1);
    expect(JSON.stringify(reads[0].Resource)).toMatch(/DatabaseUsersAppSecret/);
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', { FromPort: 5432, ToPort: 5432, GroupId: { 'Fn::ImportValue': Match.stringLikeRegexp('ProxySecurityGroup') } });
  });
});
