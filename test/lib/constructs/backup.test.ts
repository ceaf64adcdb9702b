import { Template } from 'aws-cdk-lib/assertions';
import type { EnvironmentConfig } from '../../../config';
import { DatabaseBackup, backupCopyVaultName, backupVaultName } from '../../../lib/constructs/backup';
import { PostgresDatabase } from '../../../lib/constructs/postgres-database';
import { configOf, dataFixture } from '../../support/data-fixture';

function build(config: EnvironmentConfig) {
  const { stack, keys, network } = dataFixture(config);
  const db = new PostgresDatabase(stack, 'Postgres', { config, vpc: network.vpc, keys });
  const backup = new DatabaseBackup(stack, 'Backup', { config, instance: db.instance, encryptionKey: keys.data });
  return { stack, backup, template: Template.fromStack(stack) };
}
const rulesOf = (template: Template) =>
  Object.values(template.findResources('AWS::Backup::BackupPlan'))[0].Properties.BackupPlan.BackupPlanRule as { RuleName: string; ScheduleExpression: string }[];

describe('DatabaseBackup', () => {
  it('locks the vault in governance mode without a changeable period', () => {
    const { template } = build(configOf('dev', (c) => (c.backup.vaultLock = { mode: 'governance', minRetentionDays: 3, maxRetentionDays: 60, changeableForDays: 10 })));
    const [vault] = Object.values(template.findResources('AWS::Backup::BackupVault'));
    expect(vault.Properties.LockConfiguration).toEqual({ MinRetentionDays: 3, MaxRetentionDays: 60 });
  });

  it('locks the vault in compliance mode after the configured grace period', () => {
    const { template } = build(configOf('dev', (c) => (c.backup.vaultLock = { mode: 'compliance', minRetentionDays: 7, maxRetentionDays: 60, changeableForDays: 10 })));
    template.hasResourceProperties('AWS::Backup::BackupVault', { LockConfiguration: { MinRetentionDays: 7, MaxRetentionDays: 60, ChangeableForDays: 10 } });
  });

  it('adds a weekly and a monthly tier only when they have a retention', () => {
    expect(rulesOf(build(configOf('dev')).template).map((r) => r.RuleName)).toEqual(['Daily']);
    const full = rulesOf(build(configOf('dev', (c) => Object.assign(c.backup, { weeklyRetentionDays: 28, monthlyRetentionDays: 30, startHourUtc: 7 }))).template);
    expect(full.map((r) => [r.RuleName, r.ScheduleExpression])).toEqual([
      ['Daily', 'cron(0 7 * * ? *)'],
      ['Weekly', 'cron(0 7 ? * SUN *)'],
      ['Monthly', 'cron(0 7 1 * ? *)'],
    ]);
  });

  it('computes the copy vault ARN in the copy region from its fixed name', () => {
    const config = configOf('prod', (c) => (c.backup.copyRegion = 'us-east-2'));
    const { stack, backup } = build(config);
    expect(backupVaultName(config)).toBe('platform-prod-backup');
    expect(backupCopyVaultName(config)).toBe('platform-prod-backup-copy');
    expect(stack.resolve(backup.copyVaultArn)).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':backup:us-east-2:000000000003:backup-vault:platform-prod-backup-copy']],
    });
  });

  it('matches failed, aborted and expired backup and copy jobs in its failure event pattern', () => {
    const { backup } = build(configOf('prod'));
    expect(backup.failureEventPattern.source).toEqual(['aws.backup']);
    expect(backup.failureEventPattern.detailType).toEqual(['Backup Job State Change', 'Copy Job State Change']);
    expect(backup.failureEventPattern.detail).toEqual({ state: ['FAILED', 'ABORTED', 'EXPIRED'] });
  });
});
