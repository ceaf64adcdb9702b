import rule from '../../../../lib/compliance/rules/rds-backup-retention';
import { ruleTestStack, resource, violations } from '../rule-harness';

// CL-DB-1, CL-ENV-2
describe('RdsBackupRetention', () => {
  test('7 days in dev and 35 in prod comply', () => {
    const dev = ruleTestStack('dev');
    resource(dev, 'Db', 'AWS::RDS::DBInstance', { Engine: 'postgres', BackupRetentionPeriod: 7 });
    const prod = ruleTestStack('prod');
    resource(prod, 'Db', 'AWS::RDS::DBInstance', { Engine: 'postgres', BackupRetentionPeriod: 35 });
    expect(violations(rule, dev)).toEqual([]);
    expect(violations(rule, prod)).toEqual([]);
  });

  test('the 1-day default in dev, and 14 days in prod, are flagged', () => {
    const dev = ruleTestStack('dev');
    resource(dev, 'DefaultRetention', 'AWS::RDS::DBInstance', { Engine: 'postgres' });
    const prod = ruleTestStack('prod');
    resource(prod, 'Short', 'AWS::RDS::DBInstance', { Engine: 'postgres', BackupRetentionPeriod: 14 });
    expect(violations(rule, dev)).toEqual(['DefaultRetention']);
    expect(violations(rule, prod)).toEqual(['Short']);
  });

  test('a stack whose environment cannot be told gets the prod requirement', () => {
    const stack = ruleTestStack('unknown');
    resource(stack, 'Db', 'AWS::RDS::DBInstance', { Engine: 'postgres', BackupRetentionPeriod: 7 });
    expect(violations(rule, stack)).toEqual(['Db']);
  });
});
