import { RESPONSE_HEADER_ATTRIBUTES as A } from '../../constructs/response-header-attributes';
import { isProdLike, literalString } from '../resource-graph';
import { defineRule } from '../rule';
import { listenerAttributes } from '../template-helpers';

/** A header the listener must add in prod, with the values it may have anywhere. */
const REQUIRED_IN_PROD = [
  { key: A.frameOptions, header: 'X-Frame-Options', allowed: ['DENY', 'SAMEORIGIN'] },
  { key: A.contentTypeOptions, header: 'X-Content-Type-Options', allowed: ['nosniff'] },
] as const;

export default defineRule(__filename, {
  checklistIds: ['CL-HDR-1'],
  info: 'The HTTPS listener does not add X-Frame-Options and X-Content-Type-Options: nosniff (required in prod), or keeps the Server header.',
  explanation:
    'X-Frame-Options stops other sites framing the app (clickjacking); nosniff stops browsers running a response as a type it was not ' +
    'sent as; the Server header only tells an attacker what answers. The load balancer adds them to every response, so no page depends ' +
    'on the app remembering. Outside prod a header may be left out, but a value that is set must be a valid one.',
  resourceTypes: ['AWS::ElasticLoadBalancingV2::Listener'],
  evaluate: (listener) => {
    if (listener.properties.Protocol !== 'HTTPS') return [];
    const attributes = listenerAttributes(listener);
    const problems: string[] = [];
    for (const { key, header, allowed } of REQUIRED_IN_PROD) {
      if (!attributes.has(key)) {
        if (isProdLike(listener)) problems.push(`listener attribute ${key} is not set: responses carry no ${header} (prod)`);
        continue;
      }
      const value = literalString(attributes.get(key));
      if (value === undefined || !(allowed as readonly string[]).includes(value)) {
        problems.push(`${header} (${key}) must be ${allowed.map((v) => `"${v}"`).join(' or ')}; got ${JSON.stringify(attributes.get(key))}`);
      }
    }
    if (literalString(attributes.get(A.serverEnabled)) !== 'false') {
      problems.push(`listener attribute ${A.serverEnabled} is not "false": responses carry the load balancer's Server header`);
    }
    return problems;
  },
});
