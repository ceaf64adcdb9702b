import { App, Stack } from 'aws-cdk-lib';
import { PlatformChecks } from '../../../lib/compliance/platform-checks';
import type { PlatformRule } from '../../../lib/compliance/rule';

/**
 * A minimal stack for one rule's tests. Named like the platform's stacks (`platform-<env>-...`) so rules see
 * the environment; `undefined` gives a stack whose environment cannot be told.
 */
export function ruleTestStack(env: 'dev' | 'staging' | 'prod' | undefined = 'dev', app = new App(), name = 'test'): Stack {
  return new Stack(app, env ? `platform-${env}-${name}` : `unnamed-${name}`, {
    env: { account: '123456789012', region: 'eu-west-1' },
  });
}

/** Runs ONLY `rule` over `scope` and returns the construct IDs of the resources it flags. */
export function violations(rule: PlatformRule, scope: Stack): string[] {
  const report = new PlatformChecks(undefined, undefined, [rule]).validateScope(scope.node.root);
  return report.violations.flatMap((v) => v.violatingResources.map((r) => (r.constructPath ?? '').split('/').pop() ?? ''));
}
