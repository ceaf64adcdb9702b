import { literalNumber, literalString } from '../resource-graph';
import { defineRule } from '../rule';
import { instanceParameters, isPostgresInstance } from '../template-helpers';

export default defineRule(__filename, {
  checklistIds: ['CL-DB-4'],
  info: 'The PostgreSQL parameter group does not preload pg_stat_statements or does not log slow queries (auto_explain.log_min_duration or log_min_duration_statement).',
  explanation: 'pg_stat_statements and the slow-query log are how a slow or runaway query is found after the fact.',
  resourceTypes: ['AWS::RDS::DBInstance'],
  evaluate: (instance, graph) => {
    if (!isPostgresInstance(instance)) return [];
    const parameters = instanceParameters(instance, graph);
    if (!parameters) return ['no parameter group of the platform is attached (engine default or external group)'];
    const problems: string[] = [];
    const preload = (literalString(parameters.shared_preload_libraries) ?? '').split(',').map((l) => l.trim());
    if (!preload.includes('pg_stat_statements')) problems.push('shared_preload_libraries lacks pg_stat_statements');
    const threshold = (name: string) => literalNumber(parameters[name]) ?? -1;
    // auto_explain logs slow planned statements only, which keeps ALTER ROLE ... PASSWORD out (RdsNoPasswordInLogs).
    const autoExplain = preload.includes('auto_explain') && threshold('auto_explain.log_min_duration') >= 0;
    if (!autoExplain && threshold('log_min_duration_statement') < 0) {
      problems.push('no slow-query log: neither auto_explain (preloaded, auto_explain.log_min_duration >= 0) nor log_min_duration_statement');
    }
    return problems;
  },
});
