import { at, literalNumber } from '../resource-graph';
import { defineRule } from '../rule';

export default defineRule(__filename, {
  checklistIds: ['CL-DB-2'],
  info: 'The backup vault has no Vault Lock (LockConfiguration with MinRetentionDays).',
  explanation: 'Vault Lock stops recovery points from being deleted early, by mistake or by an attacker with account access.',
  resourceTypes: ['AWS::Backup::BackupVault'],
  evaluate: (vault) =>
    (literalNumber(at(vault.properties, 'LockConfiguration.MinRetentionDays')) ?? 0) >= 1 ? [] : ['LockConfiguration.MinRetentionDays is not set'],
});
