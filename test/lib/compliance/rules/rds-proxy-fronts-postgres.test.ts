import rule from '../../../../lib/compliance/rules/rds-proxy-fronts-postgres';
import { ruleTestStack, resource, violations } from '../rule-harness';

// CL-DB-4
describe('RdsProxyFrontsPostgres', () => {
  test('a Postgres instance targeted by a proxy target group complies', () => {
    const stack = ruleTestStack();
    const db = resource(stack, 'Db', 'AWS::RDS::DBInstance', { Engine: 'postgres' });
    resource(stack, 'Targets', 'AWS::RDS::DBProxyTargetGroup', { DBProxyName: 'p', TargetGroupName: 'default', DBInstanceIdentifiers: [db.ref] });
    expect(violations(rule, stack)).toEqual([]);
  });

  test('a Postgres instance without a proxy is flagged', () => {
    const stack = ruleTestStack();
    const proxied = resource(stack, 'Proxied', 'AWS::RDS::DBInstance', { Engine: 'postgres' });
    resource(stack, 'Bare', 'AWS::RDS::DBInstance', { Engine: 'postgres' });
    resource(stack, 'Targets', 'AWS::RDS::DBProxyTargetGroup', { DBProxyName: 'p', TargetGroupName: 'default', DBInstanceIdentifiers: [proxied.ref] });
    expect(violations(rule, stack)).toEqual(['Bare']);
  });
});
