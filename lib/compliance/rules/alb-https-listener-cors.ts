import { CORS_ATTRIBUTES, RESPONSE_HEADER_ATTRIBUTES as A } from '../../constructs/response-header-attributes';
import { isProdLike, literalString } from '../resource-graph';
import { defineRule } from '../rule';
import { listenerAttributes } from '../template-helpers';

/** One origin: scheme and host (and port), nothing else. */
const ORIGIN = /^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/i;

export default defineRule(__filename, {
  checklistIds: ['CL-HDR-1'],
  info: 'A listener adds CORS headers that open the app to more than its own explicit origin.',
  explanation:
    'Access-Control-Allow-Origin decides which sites may read responses with the user\'s cookies. The load balancer sends one fixed ' +
    'value, so it must be the app\'s one explicit origin (https in prod): never *, null or a list, never a wildcard next to ' +
    'credentials, and no other CORS header without it.',
  resourceTypes: ['AWS::ElasticLoadBalancingV2::Listener'],
  evaluate: (listener) => {
    const attributes = listenerAttributes(listener);
    const set = CORS_ATTRIBUTES.filter((key) => attributes.has(key));
    if (set.length === 0) return [];
    const problems: string[] = [];
    const origin = literalString(attributes.get(A.allowOrigin));
    if (!attributes.has(A.allowOrigin)) {
      problems.push(`CORS attributes ${set.join(', ')} are set without ${A.allowOrigin}`);
    } else if (origin === undefined || !ORIGIN.test(origin)) {
      problems.push(`Access-Control-Allow-Origin must be one explicit origin such as https://app.example.com (never *, null or a list); got ${JSON.stringify(attributes.get(A.allowOrigin))}`);
    } else if (isProdLike(listener) && !origin.toLowerCase().startsWith('https://')) {
      problems.push(`Access-Control-Allow-Origin "${origin}" is not an https origin (prod)`);
    }
    if (attributes.has(A.allowCredentials)) {
      const credentials = literalString(attributes.get(A.allowCredentials));
      if (credentials !== 'true') {
        problems.push(`Access-Control-Allow-Credentials can only be "true" (leave it out otherwise); got ${JSON.stringify(attributes.get(A.allowCredentials))}`);
      } else {
        // With credentials, browsers take `*` in these lists literally; it only ever hides a mistake.
        for (const key of [A.allowMethods, A.allowHeaders, A.exposeHeaders]) {
          const entries = (literalString(attributes.get(key)) ?? '').split(',').map((e) => e.trim());
          if (entries.includes('*')) problems.push(`${key} is "*" together with credentials; list the names explicitly`);
        }
      }
    }
    return problems;
  },
});
