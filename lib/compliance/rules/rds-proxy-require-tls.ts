import { isTrue } from '../resource-graph';
import { defineRule } from '../rule';

export default defineRule(__filename, {
  checklistIds: ['CL-TLS-3'],
  info: 'The RDS Proxy does not require TLS.',
  explanation: 'Clients reach the database through the proxy; RequireTLS makes the proxy refuse plain connections.',
  resourceTypes: ['AWS::RDS::DBProxy'],
  evaluate: (proxy) => (isTrue(proxy.properties.RequireTLS) ? [] : ['RequireTLS is not true']),
});
