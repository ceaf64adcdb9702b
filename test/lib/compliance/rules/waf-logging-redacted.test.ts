import rule from '../../../../lib/compliance/rules/waf-logging-redacted';
import { ruleTestStack, resource, violations } from '../rule-harness';

// CL-WAF-3
const redact = (...names: string[]) => names.map((name) => ({ SingleHeader: { Name: name } }));

describe('WafLoggingRedacted', () => {
  test('logging that redacts authorization and cookie complies', () => {
    const stack = ruleTestStack();
    const acl = resource(stack, 'Acl', 'AWS::WAFv2::WebACL', {});
    resource(stack, 'Logging', 'AWS::WAFv2::LoggingConfiguration', { ResourceArn: acl.getAtt('Arn'), LogDestinationConfigs: ['x'], RedactedFields: redact('Authorization', 'cookie') });
    expect(violations(rule, stack)).toEqual([]);
  });

  test('no logging, or logging that leaves the cookie header, is flagged', () => {
    const stack = ruleTestStack();
    resource(stack, 'Unlogged', 'AWS::WAFv2::WebACL', {});
    const acl = resource(stack, 'Leaky', 'AWS::WAFv2::WebACL', {});
    resource(stack, 'Logging', 'AWS::WAFv2::LoggingConfiguration', { ResourceArn: acl.getAtt('Arn'), LogDestinationConfigs: ['x'], RedactedFields: redact('authorization') });
    expect(violations(rule, stack).sort()).toEqual(['Leaky', 'Unlogged']);
  });
});
