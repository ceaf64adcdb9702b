import { literalNumber, literalString } from '../resource-graph';
import { defineRule } from '../rule';
import { instanceParameters, isPostgresInstance } from '../template-helpers';

/** Values of log_min_error_statement at which a failed statement's text is never logged (only PANIC is above). */
const NO_ERROR_STATEMENT = new Set(['panic']);

export default defineRule(__filename, {
  checklistIds: ['CL-SEC-1', 'CL-OBS-1'],
  info: 'The PostgreSQL parameter group logs statement text that can carry a password (log_statement, log_min_duration_statement, '
    + 'log_min_error_statement below panic, or pg_stat_statements tracking utility statements).',
  explanation: 'Rotations run CREATE/ALTER ROLE ... PASSWORD with the password as a literal. log_statement (ddl, mod, all) and the '
    + 'duration and error-statement logs write that text verbatim into the server log exported to CloudWatch, and pg_stat_statements '
    + 'keeps utility statements unnormalized. Audit role and DDL changes with pgaudit, which redacts passwords, instead.',
  resourceTypes: ['AWS::RDS::DBInstance'],
  evaluate: (instance, graph) => {
    if (!isPostgresInstance(instance)) return [];
    const parameters = instanceParameters(instance, graph);
    if (!parameters) return ['no parameter group of the platform is attached (the engine default logs failed statements)'];
    return passwordLoggingProblems(parameters);
  },
});

/**
 * Settings of a PostgreSQL parameter group that write statement text carrying a password to the log; a parameter
 * left out has its engine default. Shared with the live check of the deployed group (lib/verify/checks/database.ts).
 */
export function passwordLoggingProblems(parameters: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const logStatement = parameters.log_statement === undefined ? 'none' : literalString(parameters.log_statement);
  if (logStatement !== 'none') problems.push(`log_statement is ${JSON.stringify(parameters.log_statement)}: set it to none and audit with pgaudit`);
  const duration = parameters.log_min_duration_statement === undefined ? -1 : literalNumber(parameters.log_min_duration_statement);
  if (duration !== -1) problems.push('log_min_duration_statement logs slow statements with their text: set -1 and use auto_explain.log_min_duration');
  if (!NO_ERROR_STATEMENT.has(literalString(parameters.log_min_error_statement) ?? '')) {
    problems.push('log_min_error_statement is not panic: a failed CREATE/ALTER ROLE ... PASSWORD is logged with its password');
  }
  const preload = (literalString(parameters.shared_preload_libraries) ?? '').split(',').map((l) => l.trim());
  if (preload.includes('pg_stat_statements') && literalNumber(parameters['pg_stat_statements.track_utility']) !== 0) {
    problems.push('pg_stat_statements.track_utility is not 0: utility statements are kept with their password literals');
  }
  return problems;
}
