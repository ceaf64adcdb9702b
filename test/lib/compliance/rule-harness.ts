import { App, CfnResource, Stack } from 'aws-cdk-lib';
import { PlatformChecks } from '../../../lib/compliance/platform-checks';
import type { PlatformRule } from '../../../lib/compliance/rule';

/**
 * A minimal stack for one rule's tests. Named like the platform's stacks (`platform-<env>-...`) so rules see
 * the environment; `unknown` gives a stack whose environment cannot be told.
 */
export function ruleTestStack(env: 'dev' | 'staging' | 'prod' | 'unknown' = 'dev', app = new App(), name = 'test'): Stack {
  return new Stack(app, env === 'unknown' ? `unnamed-${name}` : `platform-${env}-${name}`, {
    env: { account: '123456789012', region: 'eu-west-1' },
  });
}

/** Runs ONLY `rule` over `scope` and returns the construct IDs of the resources it flags. */
export function violations(rule: PlatformRule, scope: Stack): string[] {
  const report = new PlatformChecks(undefined, { verbose: true }, [rule]).validateScope(scope.node.root);
  // A rule that throws is reported by cdk-nag as a violation; a test must see the bug, not a pass.
  const crash = report.violations.find((v) => v.description.startsWith('Rule threw an error'));
  if (crash) throw new Error(`${rule.id}: ${crash.description}`);
  return report.violations.flatMap((v) => v.violatingResources.map((r) => (r.constructPath ?? '').split('/').pop() ?? ''));
}

/** A raw CloudFormation resource: rules read the rendered template, so tests write exactly what they check. */
export function resource(stack: Stack, id: string, type: string, properties: Record<string, unknown> = {}): CfnResource {
  return new CfnResource(stack, id, { type, properties });
}
