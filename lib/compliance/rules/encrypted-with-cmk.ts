import { ResourceView, isTrue, literalString } from '../resource-graph';
import { defineRule } from '../rule';

/** Per type: the property (a dotted path) naming the KMS key, and the flag that must also be on (if the type has one). */
const KEYED: Record<string, { key: string; flag?: string }> = {
  'AWS::RDS::DBInstance': { key: 'KmsKeyId', flag: 'StorageEncrypted' },
  'AWS::RDS::DBCluster': { key: 'KmsKeyId', flag: 'StorageEncrypted' },
  'AWS::ElastiCache::ReplicationGroup': { key: 'KmsKeyId', flag: 'AtRestEncryptionEnabled' },
  'AWS::SecretsManager::Secret': { key: 'KmsKeyId' },
  'AWS::SNS::Topic': { key: 'KmsMasterKeyId' },
  'AWS::Backup::BackupVault': { key: 'EncryptionKeyArn' },
  // CloudFormation accepts KmsKey only with EncryptionType KMS.
  'AWS::ECR::Repository': { key: 'EncryptionConfiguration.KmsKey' },
};

function problemsOf(resource: ResourceView): string[] {
  const { key, flag } = KEYED[resource.type];
  // A read replica inherits its source's encryption.
  if (resource.type === 'AWS::RDS::DBInstance' && resource.properties.SourceDBInstanceIdentifier !== undefined) return [];
  const problems: string[] = [];
  if (flag && !isTrue(resource.properties[flag])) problems.push(`${flag} is not true`);
  const keyValue = key.split('.').reduce<unknown>((value, part) => (value as Record<string, unknown> | undefined)?.[part], resource.properties);
  if (keyValue === undefined) problems.push(`${key} is not set (AWS-managed key)`);
  else if (literalString(keyValue)?.includes('alias/aws/')) problems.push(`${key} is an AWS-managed key alias`);
  return problems;
}

export default defineRule(__filename, {
  checklistIds: ['CL-ENC-1'],
  info: 'A database, cache, secret, SNS topic, backup vault or image repository is not encrypted at rest with a customer-managed KMS key.',
  explanation: 'Customer-managed keys put access to the data under the platform\'s key policies (and CloudTrail), and can be disabled in an incident.',
  resourceTypes: Object.keys(KEYED),
  evaluate: problemsOf,
});
