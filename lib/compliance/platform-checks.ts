import { CfnResource } from 'aws-cdk-lib';
import { NagPack, NagPackProps } from 'cdk-nag';
import { IConstruct } from 'constructs';
import type { PlatformRule } from './rule';
import { PLATFORM_RULES } from './rules';

/** cdk-nag v3 pack for the platform's own checklist (docs/checklist.md); rule IDs are `Platform-<Rule>`. */
export class PlatformChecks extends NagPack {
  readonly name = 'Platform';

  constructor(scope?: IConstruct, props?: NagPackProps, private readonly rules: readonly PlatformRule[] = PLATFORM_RULES) {
    super(scope, props);
    this.packName = 'Platform';
  }

  protected checkResource(node: CfnResource): void {
    for (const rule of this.rules) {
      this.applyRule({
        ruleSuffixOverride: rule.id,
        info: `${rule.info} (${rule.checklistIds.join(', ')})`,
        explanation: rule.explanation,
        level: rule.level,
        node,
        rule: rule.check,
      });
    }
  }
}
