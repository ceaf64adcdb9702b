import rule from '../../../../lib/compliance/rules/log-retention-floor';
import { ruleTestStack, resource, violations } from '../rule-harness';

// CL-OBS-1, CL-ENV-2
describe('LogRetentionFloor', () => {
  test('a prod log group kept a year complies, and dev may keep logs briefly', () => {
    const prod = ruleTestStack('prod');
    resource(prod, 'Year', 'AWS::Logs::LogGroup', { RetentionInDays: 365 });
    resource(prod, 'Longer', 'AWS::Logs::LogGroup', { RetentionInDays: 3653 });
    expect(violations(rule, prod)).toEqual([]);
    const dev = ruleTestStack('dev');
    resource(dev, 'Short', 'AWS::Logs::LogGroup', { RetentionInDays: 1 });
    expect(violations(rule, dev)).toEqual([]);
  });

  test('a prod log group kept 1 day (the web log group set in the construct) is flagged, as is one of an unknown environment', () => {
    const prod = ruleTestStack('prod');
    resource(prod, 'Web', 'AWS::Logs::LogGroup', { RetentionInDays: 1 });
    resource(prod, 'Computed', 'AWS::Logs::LogGroup', { RetentionInDays: { Ref: 'Days' } });
    expect(violations(rule, prod).sort()).toEqual(['Computed', 'Web']);
    const unknown = ruleTestStack('unknown');
    resource(unknown, 'Quarter', 'AWS::Logs::LogGroup', { RetentionInDays: 90 });
    expect(violations(rule, unknown)).toEqual(['Quarter']);
  });
});
