import { defineRule } from '../rule';
import { isPostgresInstance } from '../template-helpers';

export default defineRule(__filename, {
  checklistIds: ['CL-DB-4'],
  info: 'The PostgreSQL instance is not a target of an RDS Proxy.',
  explanation: 'The app and its jobs connect through RDS Proxy so connection storms (scale-out, Lambda bursts) are pooled instead of exhausting the database.',
  resourceTypes: ['AWS::RDS::DBInstance'],
  evaluate: (instance, graph) => {
    if (!isPostgresInstance(instance)) return [];
    const proxied = graph
      .ofType('AWS::RDS::DBProxyTargetGroup')
      .some((t) => graph.refersTo(t, instance, (p) => p.DBInstanceIdentifiers));
    return proxied ? [] : ['no AWS::RDS::DBProxyTargetGroup targets this instance'];
  },
});
