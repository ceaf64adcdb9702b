import rule from '../../../../lib/compliance/rules/rds-force-ssl';
import { ruleTestStack, resource, violations } from '../rule-harness';

// CL-TLS-3
describe('RdsForceSsl', () => {
  test('a Postgres instance whose parameter group sets rds.force_ssl=1 complies', () => {
    const stack = ruleTestStack();
    const params = resource(stack, 'Params', 'AWS::RDS::DBParameterGroup', { Family: 'postgres17', Parameters: { 'rds.force_ssl': '1' } });
    resource(stack, 'Db', 'AWS::RDS::DBInstance', { Engine: 'postgres', DBParameterGroupName: params.ref });
    resource(stack, 'MySql', 'AWS::RDS::DBInstance', { Engine: 'mysql' });
    expect(violations(rule, stack)).toEqual([]);
  });

  test('the engine default group, or rds.force_ssl=0, is flagged', () => {
    const stack = ruleTestStack();
    const params = resource(stack, 'Params', 'AWS::RDS::DBParameterGroup', { Family: 'postgres17', Parameters: { 'rds.force_ssl': '0' } });
    resource(stack, 'Off', 'AWS::RDS::DBInstance', { Engine: 'postgres', DBParameterGroupName: params.ref });
    resource(stack, 'Default', 'AWS::RDS::DBInstance', { Engine: 'postgres' });
    expect(violations(rule, stack).sort()).toEqual(['Default', 'Off']);
  });
});
