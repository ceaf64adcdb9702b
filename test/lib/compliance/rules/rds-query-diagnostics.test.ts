import rule from '../../../../lib/compliance/rules/rds-query-diagnostics';
import { ruleTestStack, resource, violations } from '../rule-harness';

// CL-DB-4
describe('RdsQueryDiagnostics', () => {
  test('pg_stat_statements preloaded and a slow-query threshold comply', () => {
    const stack = ruleTestStack();
    const params = resource(stack, 'Params', 'AWS::RDS::DBParameterGroup', {
      Family: 'postgres17',
      Parameters: { shared_preload_libraries: 'pg_stat_statements,auto_explain', log_min_duration_statement: '1000' },
    });
    resource(stack, 'Db', 'AWS::RDS::DBInstance', { Engine: 'postgres', DBParameterGroupName: params.ref });
    expect(violations(rule, stack)).toEqual([]);
  });

  test('auto_explain preloaded with a threshold is a slow-query log too', () => {
    const stack = ruleTestStack();
    const params = resource(stack, 'Params', 'AWS::RDS::DBParameterGroup', {
      Family: 'postgres17',
      Parameters: { shared_preload_libraries: 'pg_stat_statements,auto_explain', 'auto_explain.log_min_duration': '1000', log_min_duration_statement: '-1' },
    });
    resource(stack, 'Db', 'AWS::RDS::DBInstance', { Engine: 'postgres', DBParameterGroupName: params.ref });
    expect(violations(rule, stack)).toEqual([]);
  });

  test('an auto_explain threshold without auto_explain preloaded is no slow-query log', () => {
    const stack = ruleTestStack();
    const params = resource(stack, 'Params', 'AWS::RDS::DBParameterGroup', {
      Family: 'postgres17',
      Parameters: { shared_preload_libraries: 'pg_stat_statements', 'auto_explain.log_min_duration': '1000' },
    });
    resource(stack, 'Db', 'AWS::RDS::DBInstance', { Engine: 'postgres', DBParameterGroupName: params.ref });
    expect(violations(rule, stack)).toEqual(['Db']);
  });

  test('a group without pg_stat_statements or with the slow-query log off is flagged', () => {
    const stack = ruleTestStack();
    const noStats = resource(stack, 'NoStats', 'AWS::RDS::DBParameterGroup', { Family: 'postgres17', Parameters: { log_min_duration_statement: '1000' } });
    const noSlow = resource(stack, 'NoSlow', 'AWS::RDS::DBParameterGroup', { Family: 'postgres17', Parameters: { shared_preload_libraries: 'pg_stat_statements', log_min_duration_statement: '-1' } });
    resource(stack, 'Db1', 'AWS::RDS::DBInstance', { Engine: 'postgres', DBParameterGroupName: noStats.ref });
    resource(stack, 'Db2', 'AWS::RDS::DBInstance', { Engine: 'postgres', DBParameterGroupName: noSlow.ref });
    expect(violations(rule, stack).sort()).toEqual(['Db1', 'Db2']);
  });
});
