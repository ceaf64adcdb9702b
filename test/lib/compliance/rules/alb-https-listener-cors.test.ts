import rule from '../../../../lib/compliance/rules/alb-https-listener-cors';
import { ruleTestStack, resource, violations } from '../rule-harness';

// CL-HDR-1
const ORIGIN = 'routing.http.response.access_control_allow_origin.header_value';
const CREDENTIALS = 'routing.http.response.access_control_allow_credentials.header_value';
const HEADERS = 'routing.http.response.access_control_allow_headers.header_value';
const METHODS = 'routing.http.response.access_control_allow_methods.header_value';
const LISTENER = 'AWS::ElasticLoadBalancingV2::Listener';

const listener = (attributes: Record<string, string>) => ({
  Protocol: 'HTTPS',
  ListenerAttributes: Object.entries(attributes).map(([Key, Value]) => ({ Key, Value })),
});
const cors = { [ORIGIN]: 'https://app.example.com', [METHODS]: 'GET, POST', [HEADERS]: 'Content-Type', [CREDENTIALS]: 'true' };

describe('AlbHttpsListenerCors', () => {
  test('CORS for one explicit https origin with credentials complies in prod, and so does a listener without CORS', () => {
    const stack = ruleTestStack('prod');
    resource(stack, 'Cors', LISTENER, listener(cors));
    resource(stack, 'NoCors', LISTENER, listener({}));
    expect(violations(rule, stack)).toEqual([]);
  });

  test('a wildcard, null or listed origin, CORS without an origin, or a wildcard next to credentials is flagged', () => {
    const stack = ruleTestStack('prod');
    resource(stack, 'Star', LISTENER, listener({ ...cors, [ORIGIN]: '*' }));
    resource(stack, 'Null', LISTENER, listener({ ...cors, [ORIGIN]: 'null' }));
    resource(stack, 'List', LISTENER, listener({ ...cors, [ORIGIN]: 'https://a.example.com, https://b.example.com' }));
    resource(stack, 'NoOrigin', LISTENER, listener({ [METHODS]: 'GET' }));
    resource(stack, 'StarHeaders', LISTENER, listener({ ...cors, [HEADERS]: '*' }));
    resource(stack, 'FalseCredentials', LISTENER, listener({ ...cors, [CREDENTIALS]: 'false' }));
    resource(stack, 'PlainHttp', LISTENER, listener({ ...cors, [ORIGIN]: 'http://app.example.com' }));
    expect(violations(rule, stack).sort()).toEqual(['FalseCredentials', 'List', 'NoOrigin', 'Null', 'PlainHttp', 'Star', 'StarHeaders']);
  });

  test('an http origin is accepted outside prod', () => {
    const stack = ruleTestStack('dev');
    resource(stack, 'Local', LISTENER, listener({ ...cors, [ORIGIN]: 'http://localhost:3000' }));
    expect(violations(rule, stack)).toEqual([]);
  });
});
