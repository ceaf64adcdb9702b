import { isProdLike } from '../resource-graph';
import { defineRule } from '../rule';

/** The stateful resources whose loss loses data or access to it (log groups are left to their own removal choice). */
export const STATEFUL_TYPES = [
  'AWS::RDS::DBInstance',
  'AWS::RDS::DBCluster',
  'AWS::ElastiCache::ReplicationGroup',
  'AWS::Backup::BackupVault',
  'AWS::KMS::Key',
  'AWS::SecretsManager::Secret',
];
const KEEPS = ['Retain', 'Snapshot', 'RetainExceptOnCreate'];

export default defineRule(__filename, {
  checklistIds: ['CL-DEL-1', 'CL-ENV-2'],
  info: 'A stateful prod resource would be deleted when removed from its stack or replaced (DeletionPolicy/UpdateReplacePolicy not Retain or Snapshot).',
  explanation: 'In prod a deploy or a stack deletion must never destroy the database, cache, vaults, keys or secrets.',
  resourceTypes: STATEFUL_TYPES,
  evaluate: (resource) => {
    if (!isProdLike(resource)) return [];
    const problems: string[] = [];
    if (!KEEPS.includes(resource.deletionPolicy ?? 'Delete')) problems.push(`DeletionPolicy is ${resource.deletionPolicy ?? 'Delete (default)'}`);
    if (!KEEPS.includes(resource.updateReplacePolicy ?? 'Delete')) problems.push(`UpdateReplacePolicy is ${resource.updateReplacePolicy ?? 'Delete (default)'}`);
    return problems;
  },
});
