import rule from '../../../../lib/compliance/rules/rds-prod-floor';
import { ruleTestStack, resource, violations } from '../rule-harness';

// CL-ENV-2
describe('RdsProdFloor', () => {
  test('a Multi-AZ, deletion-protected prod instance complies; dev may be single-AZ', () => {
    const prod = ruleTestStack('prod');
    resource(prod, 'Db', 'AWS::RDS::DBInstance', { MultiAZ: true, DeletionProtection: true });
    const dev = ruleTestStack('dev');
    resource(dev, 'Db', 'AWS::RDS::DBInstance', { MultiAZ: false });
    expect(violations(rule, prod)).toEqual([]);
    expect(violations(rule, dev)).toEqual([]);
  });

  test('a single-AZ or unprotected prod instance is flagged', () => {
    const prod = ruleTestStack('prod');
    resource(prod, 'SingleAz', 'AWS::RDS::DBInstance', { MultiAZ: false, DeletionProtection: true });
    resource(prod, 'Unprotected', 'AWS::RDS::DBInstance', { MultiAZ: true });
    expect(violations(rule, prod).sort()).toEqual(['SingleAz', 'Unprotected']);
  });
});
