// prod's recovery environment (docs/disaster-recovery.md): the same stacks in the copy region under their own
// names, the database from the copied recovery point, the signing secrets' replicas, backups copied back home.
import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { recoveryStage, TEST_RECOVERY_POINT } from '../support/platform';
import { nagFindings } from './support/service-fixture';

describe('PlatformStage: the recovery environment prod-recovery', () => {
  const stage = recoveryStage();
  const stacks = stage.node.children.filter((c): c is Stack => c instanceof Stack);

  it('is every stack of prod but the copy-region ones, in eu-west-3, named platform-prod-recovery-*', () => {
    expect(stage.stageName).toBe('platform-prod-recovery');
    expect(stacks.map((s) => s.stackName)).toEqual(
      ['keys', 'registry', 'network', 'data', 'migrations', 'service', 'operations', 'monitoring'].map((s) => `platform-prod-recovery-${s}`),
    );
    expect(new Set(stacks.map((s) => `${s.account}/${s.region}`))).toEqual(new Set(['000000000003/eu-west-3']));
    expect([stage.backupCopy, stage.secrets, stage.disasterRecovery]).toEqual([undefined, undefined, undefined]);
  });

  it('has zero unacknowledged nag findings', () => {
    expect(stacks.flatMap((s) => nagFindings(s))).toEqual([]);
  });

  it('creates the database from the recovery point under its own name, with a new master password', () => {
    const data = Template.fromStack(stage.data);
    data.hasResourceProperties('AWS::RDS::DBInstance', {
      DBSnapshotIdentifier: TEST_RECOVERY_POINT,
      DBInstanceIdentifier: 'platform-prod-recovery-postgres',
      MultiAZ: true,
      DeletionProtection: true,
      StorageEncrypted: Match.absent(),
      KmsKeyId: Match.absent(),
      MasterUserPassword: Match.objectLike({ 'Fn::Join': Match.anyValue() }),
    });
    data.hasResource('AWS::RDS::DBInstance', { DeletionPolicy: 'RetainExceptOnCreate' });
    // The users' secrets are new, so the bootstrap is created (and sets the restored roles' passwords).
    data.resourceCountIs('Custom::DbBootstrap', 1);
  });

  it('copies its backups back into prod\'s own vault in the home region', () => {
    const plan = Object.values(Template.fromStack(stage.data).findResources('AWS::Backup::BackupPlan'))[0];
    const rules = plan.Properties.BackupPlan.BackupPlanRule as { CopyActions: { DestinationBackupVaultArn: unknown }[] }[];
    for (const rule of rules) {
      expect(JSON.stringify(rule.CopyActions[0].DestinationBackupVaultArn)).toContain(':backup:eu-west-1:');
      expect(JSON.stringify(rule.CopyActions[0].DestinationBackupVaultArn)).toContain(':backup-vault:platform-prod-backup"');
    }
  });

  it('gives the service the replicas of prod\'s signing secrets, current and previous', () => {
    const service = Template.fromStack(stage.service);
    const task = Object.values(service.findResources('AWS::ECS::TaskDefinition')).find((t) => JSON.stringify(t).includes('AUTH_SECRET'))!;
    const secrets = JSON.stringify(task.Properties.ContainerDefinitions[0].Secrets);
    for (const name of ['AUTH_SECRET', 'JWT_SECRET', 'SESSION_SECRET']) {
      expect(secrets).toContain(`:secretsmanager:eu-west-3:000000000003:secret:platform/prod/app/${name}`);
      expect(secrets).toContain(`"Name":"${name}_PREVIOUS"`);
    }
  });

  it('serves HTTPS with the copy-region certificate', () => {
    Template.fromStack(stage.service).hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Certificates: [{ CertificateArn: 'arn:aws:acm:eu-west-3:000000000003:certificate/00000000-0000-0000-0000-000000000000' }],
    });
  });
});
