import rule from '../../../../lib/compliance/rules/alb-https-listener-security-headers';
import { ruleTestStack, resource, violations } from '../rule-harness';

// CL-HDR-1
const FRAME = 'routing.http.response.x_frame_options.header_value';
const NOSNIFF = 'routing.http.response.x_content_type_options.header_value';
const SERVER = 'routing.http.response.server.enabled';
const LISTENER = 'AWS::ElasticLoadBalancingV2::Listener';

const listener = (attributes: Record<string, string>) => ({
  Protocol: 'HTTPS',
  ListenerAttributes: Object.entries(attributes).map(([Key, Value]) => ({ Key, Value })),
});
const complete = { [FRAME]: 'DENY', [NOSNIFF]: 'nosniff', [SERVER]: 'false' };
const without = (key: string) => Object.fromEntries(Object.entries(complete).filter(([k]) => k !== key));

describe('AlbHttpsListenerSecurityHeaders', () => {
  test('an HTTPS listener with X-Frame-Options, nosniff and no Server header complies in prod; an HTTP listener is not checked', () => {
    const stack = ruleTestStack('prod');
    resource(stack, 'Deny', LISTENER, listener(complete));
    resource(stack, 'SameOrigin', LISTENER, listener({ ...complete, [FRAME]: 'SAMEORIGIN' }));
    resource(stack, 'Http', LISTENER, { Protocol: 'HTTP' });
    expect(violations(rule, stack)).toEqual([]);
  });

  test('in prod, a missing header, a wrong value or a kept Server header is flagged', () => {
    const stack = ruleTestStack('prod');
    resource(stack, 'NoFrame', LISTENER, listener(without(FRAME)));
    resource(stack, 'NoNosniff', LISTENER, listener(without(NOSNIFF)));
    resource(stack, 'AllowFrom', LISTENER, listener({ ...complete, [FRAME]: 'ALLOW-FROM https://evil.example' }));
    resource(stack, 'ServerKept', LISTENER, listener({ ...complete, [SERVER]: 'true' }));
    resource(stack, 'ServerDefault', LISTENER, listener(without(SERVER)));
    expect(violations(rule, stack).sort()).toEqual(['AllowFrom', 'NoFrame', 'NoNosniff', 'ServerDefault', 'ServerKept']);
  });

  test('outside prod a header may be left out, but a set value must be valid and the Server header still goes', () => {
    const stack = ruleTestStack('dev');
    resource(stack, 'Off', LISTENER, listener({ [SERVER]: 'false' }));
    resource(stack, 'Sniff', LISTENER, listener({ ...complete, [NOSNIFF]: 'sniff' }));
    resource(stack, 'ServerKept', LISTENER, listener({ ...complete, [SERVER]: 'true' }));
    expect(violations(rule, stack).sort()).toEqual(['ServerKept', 'Sniff']);
  });
});
