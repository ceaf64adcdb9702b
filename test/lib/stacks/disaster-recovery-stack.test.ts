// What prod keeps in its copy region for a regional recovery (docs/disaster-recovery.md): the signing secrets'
// replicas under the copy region's key, and the quarterly drill of the copied backups with its RTO/RPO alarms.
import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { platformStage } from '../../support/platform';
import { nagFindings } from '../support/service-fixture';

describe('disaster recovery in the copy region (prod)', () => {
  const stage = platformStage('prod');
  const dr = stage.disasterRecovery!;
  const template = Template.fromStack(dr);
  const logicalId = (construct: Parameters<Stack['getLogicalId']>[0]) => Stack.of(construct).getLogicalId(construct);

  it('is the stateless stack platform-prod-disaster-recovery in eu-west-3, after the copy vault and keys', () => {
    expect(dr.stackName).toBe('platform-prod-disaster-recovery');
    expect(dr.region).toBe('eu-west-3');
    expect(dr.terminationProtection).toBe(false);
    expect(dr.dependencies).toContain(stage.backupCopy);
    expect(nagFindings(dr)).toEqual([]);
  });

  it('replicates every signing secret to the copy region, encrypted with the replica key there', () => {
    const secrets = Template.fromStack(stage.secrets!);
    const replicated = Object.values(secrets.findResources('AWS::SecretsManager::Secret')).map((r) => [r.Properties.Name, r.Properties.ReplicaRegions]);
    expect(replicated).toEqual(
      ['AUTH_SECRET', 'JWT_SECRET', 'SESSION_SECRET'].map((name) => [
        `platform/prod/app/${name}`,
        [{ Region: 'eu-west-3', KmsKeyId: 'alias/platform-prod-secrets-replica' }],
      ]),
    );
    expect(stage.secrets!.dependencies).toContain(stage.backupCopy);
    const copy = Template.fromStack(stage.backupCopy!);
    copy.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/platform-prod-secrets-replica' });
    // Secrets Manager in the copy region (and only there) may use the replica key for this account's principals.
    copy.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: Match.objectLike({
        Statement: Match.arrayWith([
          Match.objectLike({ Sid: 'AllowUseThroughSecretsManagerInThisAccount', Condition: { StringEquals: { 'kms:CallerAccount': '000000000003', 'kms:ViaService': 'secretsmanager.eu-west-3.amazonaws.com' } } }),
        ]),
      }),
    });
  });

  it('has no replicas, replica key or drill where disaster recovery is off', () => {
    const staging = platformStage('staging');
    expect(staging.disasterRecovery).toBeUndefined();
    expect(staging.backupCopy!.drKeys).toBeUndefined();
    const secrets = Object.values(Template.fromStack(staging.secrets!).findResources('AWS::SecretsManager::Secret'));
    expect(secrets.filter((r) => r.Properties.ReplicaRegions !== undefined)).toEqual([]);
  });

  it('schedules the drill quarterly on the production instance\'s copies', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'cron(0 4 15 1,4,7,10 ? *)',
      Targets: [Match.objectLike({ Arn: { Ref: logicalId(dr.drill.stateMachine.node.defaultChild as never) }, Input: '{"sourceDbInstanceIdentifier":"platform-prod-postgres"}' })],
    });
  });

  it('restores the newest copy in the copy vault into platform-prod-dr-drill-* instances, scoped to them', () => {
    const start = dr.drill.functions['start-restore'];
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: Match.absent(),
      Description: 'Restore drill: restore the newest copied recovery point into a temporary instance (CL-DB-3)',
      Environment: { Variables: Match.objectLike({ DRILL_INSTANCE_PREFIX: 'platform-prod-dr', DRILL_BACKUP_VAULT_NAME: { 'Fn::ImportValue': Match.stringLikeRegexp('BackupVaultName|VaultName') } }) },
    });
    const policies = Object.values(template.findResources('AWS::IAM::Policy')).filter((p) =>
      JSON.stringify(p.Properties.Roles).includes(logicalId(start.role!.node.defaultChild as never)),
    );
    const statements = policies.flatMap((p) => p.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[]);
    const byAction = (action: string) => statements.find((s) => [s.Action].flat().includes(action));
    expect(JSON.stringify(byAction('backup:ListRecoveryPointsByBackupVault')?.Resource)).toContain('BackupVaultArn');
    expect(JSON.stringify(byAction('rds:RestoreDBInstanceFromDBSnapshot')?.Resource)).toContain(':snapshot:awsbackup:*');
    expect(JSON.stringify(byAction('rds:RestoreDBInstanceFromDBSnapshot')?.Resource)).toContain(':db:platform-prod-dr-drill-*');
    expect(byAction('rds:RestoreDBInstanceToPointInTime')).toBeUndefined();
  });

  it('restores into isolated subnets of its own VPC in the configured copy-region AZs, with the production parameters', () => {
    template.hasResourceProperties('AWS::EC2::VPC', { CidrBlock: '10.130.0.0/16' });
    const zones = Object.values(template.findResources('AWS::EC2::Subnet')).map((s) => s.Properties.AvailabilityZone);
    expect(new Set(zones)).toEqual(new Set(['eu-west-3a', 'eu-west-3b', 'eu-west-3c']));
    template.hasResourceProperties('AWS::RDS::DBParameterGroup', { Parameters: Match.objectLike({ 'rds.force_ssl': '1' }) });
  });

  it('alarms on a failed or unverified drill (critical) and on RTO/RPO above target or an undelivered start (warning), in the copy region', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')).map((a) => [a.Properties.AlarmName, a.Properties.MetricName ?? 'ExecutionsFailed', a.Properties.Threshold]);
    expect(alarms).toEqual([
      ['platform-prod-dr-drill-failed', 'ExecutionsFailed', 1],
      ['platform-prod-dr-drill-not-verified', 'DrillSucceeded', 1],
      ['platform-prod-dr-rto-seconds', 'RestoreDurationSeconds', 14_400],
      ['platform-prod-dr-rpo-seconds', 'DataAgeSeconds', 100_800],
      ['platform-prod-dr-schedule-dead-letters', 'ApproximateNumberOfMessagesVisible', 1],
    ]);
    const topic = (severity: 'critical' | 'warning') => [{ Ref: logicalId(dr.topics.topics[severity].node.defaultChild as never) }];
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'platform-prod-dr-drill-failed', AlarmActions: topic('critical') });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'platform-prod-dr-schedule-dead-letters',
      AlarmActions: topic('warning'),
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalId(dr.drill.deadLetterQueue.node.defaultChild as never), 'QueueName'] } }],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'platform-prod-dr-rpo-seconds', AlarmActions: topic('warning'), Namespace: 'Platform/DisasterRecoveryDrill', Dimensions: [{ Name: 'Environment', Value: 'prod' }] });
  });
});
