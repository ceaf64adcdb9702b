import { literalNumber } from '../resource-graph';
import { defineRule } from '../rule';
import { instanceParameters, isPostgresInstance } from '../template-helpers';

export default defineRule(__filename, {
  checklistIds: ['CL-TLS-3'],
  info: 'The PostgreSQL instance does not use a parameter group (in the templates) with rds.force_ssl=1.',
  explanation: 'With rds.force_ssl=1 the server refuses unencrypted connections, whatever a client asks for. The engine default cannot be verified from the template, so it is not accepted.',
  resourceTypes: ['AWS::RDS::DBInstance'],
  evaluate: (instance, graph) => {
    if (!isPostgresInstance(instance)) return [];
    const parameters = instanceParameters(instance, graph);
    if (!parameters) return ['no parameter group of the platform is attached (engine default or external group)'];
    return literalNumber(parameters['rds.force_ssl']) === 1 ? [] : ['rds.force_ssl is not 1'];
  },
});
