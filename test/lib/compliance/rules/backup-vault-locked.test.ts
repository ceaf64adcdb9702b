import rule from '../../../../lib/compliance/rules/backup-vault-locked';
import { ruleTestStack, resource, violations } from '../rule-harness';

// CL-DB-2
describe('BackupVaultLocked', () => {
  test('a vault with Vault Lock complies', () => {
    const stack = ruleTestStack();
    resource(stack, 'Vault', 'AWS::Backup::BackupVault', { BackupVaultName: 'v', LockConfiguration: { MinRetentionDays: 7 } });
    expect(violations(rule, stack)).toEqual([]);
  });

  test('a vault without a lock is flagged', () => {
    const stack = ruleTestStack();
    resource(stack, 'Vault', 'AWS::Backup::BackupVault', { BackupVaultName: 'v' });
    expect(violations(rule, stack)).toEqual(['Vault']);
  });
});
