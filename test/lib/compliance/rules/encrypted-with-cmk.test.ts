import rule from '../../../../lib/compliance/rules/encrypted-with-cmk';
import { ruleTestStack, resource, violations } from '../rule-harness';

// CL-ENC-1
describe('EncryptedWithCmk', () => {
  test('database, cache, secret, topic, vault and image repository with a customer-managed key comply', () => {
    const stack = ruleTestStack();
    const key = resource(stack, 'Key', 'AWS::KMS::Key', {});
    resource(stack, 'Db', 'AWS::RDS::DBInstance', { StorageEncrypted: true, KmsKeyId: key.getAtt('Arn') });
    resource(stack, 'Redis', 'AWS::ElastiCache::ReplicationGroup', { AtRestEncryptionEnabled: true, KmsKeyId: key.ref });
    resource(stack, 'Secret', 'AWS::SecretsManager::Secret', { KmsKeyId: key.getAtt('Arn') });
    resource(stack, 'Topic', 'AWS::SNS::Topic', { KmsMasterKeyId: key.getAtt('Arn') });
    resource(stack, 'Vault', 'AWS::Backup::BackupVault', { BackupVaultName: 'v', EncryptionKeyArn: key.getAtt('Arn') });
    resource(stack, 'Images', 'AWS::ECR::Repository', { EncryptionConfiguration: { EncryptionType: 'KMS', KmsKey: key.getAtt('Arn') } });
    expect(violations(rule, stack)).toEqual([]);
  });

  test('AWS-managed keys or no encryption are flagged', () => {
    const stack = ruleTestStack();
    resource(stack, 'Db', 'AWS::RDS::DBInstance', { StorageEncrypted: true });
    resource(stack, 'Redis', 'AWS::ElastiCache::ReplicationGroup', { AtRestEncryptionEnabled: false });
    resource(stack, 'Secret', 'AWS::SecretsManager::Secret', {});
    resource(stack, 'Topic', 'AWS::SNS::Topic', { KmsMasterKeyId: 'alias/aws/sns' });
    resource(stack, 'Vault', 'AWS::Backup::BackupVault', { BackupVaultName: 'v' });
    resource(stack, 'Images', 'AWS::ECR::Repository', {});
    resource(stack, 'ImagesAwsKey', 'AWS::ECR::Repository', { EncryptionConfiguration: { EncryptionType: 'KMS' } });
    expect(violations(rule, stack).sort()).toEqual(['Db', 'Images', 'ImagesAwsKey', 'Redis', 'Secret', 'Topic', 'Vault']);
  });
});
