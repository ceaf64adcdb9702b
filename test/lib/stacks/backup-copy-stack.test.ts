import { Template } from 'aws-cdk-lib/assertions';
import { platformStage } from '../../support/platform';

describe.each(['dev', 'prod'] as const)('BackupCopyStack (%s)', (env) => {
  const stage = platformStage(env);
  const copy = stage.backupCopy!;
  const template = Template.fromStack(copy);
  const prod = env === 'prod';

  it('is the stateful stack platform-<env>-backup-copy in the copy region, deployed before the data stack', () => {
    expect(copy.stackName).toBe(`platform-${env}-backup-copy`);
    expect(copy.region).toBe('eu-west-3');
    expect(copy.account).toBe(stage.data.account);
    expect(copy.terminationProtection).toBe(prod);
    expect(stage.data.dependencies).toContain(copy);
  });

  it('has its own rotating key and the fixed-name vault under the same Vault Lock', () => {
    // prod (disaster recovery on) also keeps the copy region's secrets-replica and logs keys here.
    template.resourceCountIs('AWS::KMS::Key', prod ? 3 : 1);
    template.allResourcesProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    template.hasResourceProperties('AWS::KMS::Alias', { AliasName: `alias/platform-${env}-backup-copy` });
    template.hasResourceProperties('AWS::Backup::BackupVault', {
      BackupVaultName: `platform-${env}-backup-copy`,
      EncryptionKeyArn: { 'Fn::GetAtt': [copy.getLogicalId(copy.key.node.defaultChild as never), 'Arn'] },
      LockConfiguration: prod ? { MinRetentionDays: 7, MaxRetentionDays: 400, ChangeableForDays: 3 } : { MinRetentionDays: 7, MaxRetentionDays: 35 },
    });
  });

  it(`${prod ? 'retains' : 'deletes'} the vault and key with the stack, per config`, () => {
    template.allResources('AWS::Backup::BackupVault', { DeletionPolicy: prod ? 'RetainExceptOnCreate' : 'Delete' });
    template.allResources('AWS::KMS::Key', { DeletionPolicy: prod ? 'RetainExceptOnCreate' : 'Delete' });
  });

  it('builds no network (needs no availability zones of the copy region)', () => {
    expect(Object.keys(template.findResources('AWS::EC2::VPC'))).toEqual([]);
  });
});
