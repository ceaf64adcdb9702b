import { ResourceView, asArray, at } from '../resource-graph';
import { defineRule } from '../rule';

function nonRedirects(actions: unknown): string[] {
  return asArray(actions)
    .filter((a) => !(at(a, 'Type') === 'redirect' && at(a, 'RedirectConfig.Protocol') === 'HTTPS'))
    .map((a) => String(at(a, 'Type')));
}

export default defineRule(__filename, {
  checklistIds: ['CL-TLS-1'],
  info: 'The HTTP listener does something other than redirect to HTTPS.',
  explanation: 'Port 80 exists only to send browsers to HTTPS; serving or forwarding anything over plain HTTP exposes sessions.',
  resourceTypes: ['AWS::ElasticLoadBalancingV2::Listener'],
  evaluate: (listener, graph) => {
    if (listener.properties.Protocol !== 'HTTP') return [];
    const problems = nonRedirects(listener.properties.DefaultActions).map((t) => `default action "${t}" is not a redirect to HTTPS`);
    const rules: ResourceView[] = graph
      .ofType('AWS::ElasticLoadBalancingV2::ListenerRule')
      .filter((r) => graph.refersTo(r, listener, (p) => p.ListenerArn));
    for (const rule of rules) {
      problems.push(...nonRedirects(rule.properties.Actions).map((t) => `listener rule ${rule.logicalId} action "${t}" is not a redirect to HTTPS`));
    }
    return problems;
  },
});
