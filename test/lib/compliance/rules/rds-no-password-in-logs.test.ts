import rule from '../../../../lib/compliance/rules/rds-no-password-in-logs';
import { POSTGRES_PARAMETERS } from '../../../../lib/constructs/postgres-database';
import { ruleTestStack, resource, violations } from '../rule-harness';

// CL-SEC-1, CL-OBS-1
describe('RdsNoPasswordInLogs', () => {
  const withParameters = (Parameters: Record<string, string>) => {
    const stack = ruleTestStack();
    const params = resource(stack, 'Params', 'AWS::RDS::DBParameterGroup', { Family: 'postgres17', Parameters });
    resource(stack, 'Db', 'AWS::RDS::DBInstance', { Engine: 'postgres', DBParameterGroupName: params.ref });
    return violations(rule, stack);
  };

  test("the platform's parameter group complies", () => {
    expect(withParameters({ ...POSTGRES_PARAMETERS })).toEqual([]);
  });

  test('pgaudit with log_statement none, no duration or error-statement log and utility tracking off complies', () => {
    expect(withParameters({ shared_preload_libraries: 'pg_stat_statements,pgaudit', 'pgaudit.log': 'ddl,role',
      log_statement: 'none', log_min_error_statement: 'panic', 'pg_stat_statements.track_utility': '0' })).toEqual([]);
  });

  test.each([
    ['log_statement = mod', { log_statement: 'mod' }],
    ['log_statement = ddl', { log_statement: 'ddl' }],
    ['a slow-statement log with text', { log_min_duration_statement: '1000' }],
    ['failed statements logged (engine default error)', { log_min_error_statement: 'error' }],
    ['pg_stat_statements tracking utility statements', { 'pg_stat_statements.track_utility': '1' }],
  ])('%s is flagged', (_label, change) => {
    expect(withParameters({ ...POSTGRES_PARAMETERS, ...change }).sort()).toEqual(['Db', 'Params']);
  });

  test('a PostgreSQL parameter group no instance uses (the drill attaches one by name) is checked too', () => {
    const stack = ruleTestStack();
    resource(stack, 'Clean', 'AWS::RDS::DBParameterGroup', { Family: 'postgres17', Parameters: { ...POSTGRES_PARAMETERS } });
    resource(stack, 'Loud', 'AWS::RDS::DBParameterGroup', { Family: 'postgres17', Parameters: { ...POSTGRES_PARAMETERS, log_statement: 'ddl' } });
    resource(stack, 'Mysql', 'AWS::RDS::DBParameterGroup', { Family: 'mysql8.0', Parameters: { general_log: '1' } });
    expect(violations(rule, stack)).toEqual(['Loud']);
  });

  test('an instance without a platform parameter group is flagged', () => {
    const stack = ruleTestStack();
    resource(stack, 'Db', 'AWS::RDS::DBInstance', { Engine: 'postgres' });
    expect(violations(rule, stack)).toEqual(['Db']);
  });
});
