import { ResourceView, isTrue, literalString } from '../resource-graph';
import { defineRule } from '../rule';

/** Per type: the property naming the KMS key, and the flag that must also be on (if the type has one). */
const KEYED: Record<string, { key: string; flag?: string }> = {
  'AWS::RDS::DBInstance': { key: 'KmsKeyId', flag: 'StorageEncrypted' },
  'AWS::RDS::DBCluster': { key: 'KmsKeyId', flag: 'StorageEncrypted' },
  'AWS::ElastiCache::ReplicationGroup': { key: 'KmsKeyId', flag: 'AtRestEncryptionEnabled' },
  'AWS::SecretsManager::Secret': { key: 'KmsKeyId' },
  'AWS::SNS::Topic': { key: 'KmsMasterKeyId' },
  'AWS::Backup::BackupVault': { key: 'EncryptionKeyArn' },
};

function problemsOf(resource: ResourceView): string[] {
  const { key, flag } = KEYED[resource.type];
  // A read replica inherits its source's encryption.
  if (resource.type === 'AWS::RDS::DBInstance' && resource.properties.SourceDBInstanceIdentifier !== undefined) return [];
  const problems: string[] = [];
  if (flag && !isTrue(resource.properties[flag])) problems.push(`${flag} is not true`);
  const keyValue = resource.properties[key];
  if (keyValue === undefined) problems.push(`${key} is not set (AWS-managed key)`);
  else if (literalString(keyValue)?.includes('alias/aws/')) problems.push(`${key} is an AWS-managed key alias`);
  return problems;
}

export default defineRule(__filename, {
  checklistIds: ['CL-ENC-1'],
  info: 'A database, cache, secret, SNS topic or backup vault is not encrypted at rest with a customer-managed KMS key.',
  explanation: 'Customer-managed keys put access to the data under the platform\'s key policies (and CloudTrail), and can be disabled in an incident.',
  resourceTypes: Object.keys(KEYED),
  evaluate: problemsOf,
});
