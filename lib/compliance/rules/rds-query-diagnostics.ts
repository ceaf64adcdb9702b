import { literalNumber, literalString } from '../resource-graph';
import { defineRule } from '../rule';
import { instanceParameters, isPostgresInstance } from '../template-helpers';

export default defineRule(__filename, {
  checklistIds: ['CL-DB-4'],
  info: 'The PostgreSQL parameter group does not preload pg_stat_statements or does not log slow queries (log_min_duration_statement).',
  explanation: 'pg_stat_statements and the slow-query log are how a slow or runaway query is found after the fact.',
  resourceTypes: ['AWS::RDS::DBInstance'],
  evaluate: (instance, graph) => {
    if (!isPostgresInstance(instance)) return [];
    const parameters = instanceParameters(instance, graph);
    if (!parameters) return ['no parameter group of the platform is attached (engine default or external group)'];
    const problems: string[] = [];
    const preload = literalString(parameters.shared_preload_libraries) ?? '';
    if (!preload.split(',').map((l) => l.trim()).includes('pg_stat_statements')) problems.push('shared_preload_libraries lacks pg_stat_statements');
    if (!((literalNumber(parameters.log_min_duration_statement) ?? -1) >= 0)) problems.push('log_min_duration_statement is not set (slow-query log off)');
    return problems;
  },
});
