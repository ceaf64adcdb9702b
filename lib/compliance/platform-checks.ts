import { CfnResource, PolicyValidationPluginReport } from 'aws-cdk-lib';
import { NagPack, NagPackProps } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { GraphCache } from './construct-graph';
import type { PlatformRule } from './rule';
import { PLATFORM_RULES } from './rules';

/** cdk-nag v3 pack for the platform's own checklist (docs/checklist.md); rule IDs are `Platform-<Rule>`. */
export class PlatformChecks extends NagPack {
  readonly name = 'Platform';

  constructor(scope?: IConstruct, props?: NagPackProps, private readonly rules: readonly PlatformRule[] = PLATFORM_RULES) {
    super(scope, props);
    this.packName = 'Platform';
  }

  /** Shared by the rules during one pass over the tree, which does not change while it is validated. */
  private cache?: GraphCache;

  override validateScope(scope: IConstruct): PolicyValidationPluginReport {
    this.cache = new GraphCache();
    try {
      return super.validateScope(scope);
    } finally {
      this.cache = undefined;
    }
  }

  protected checkResource(node: CfnResource): void {
    for (const rule of this.rules) {
      this.applyRule({
        ruleSuffixOverride: rule.id,
        info: `${rule.info} (${rule.checklistIds.join(', ')})`,
        explanation: rule.explanation,
        level: rule.level,
        node,
        rule: (resource: CfnResource) => rule.check(resource, this.cache),
      });
    }
  }
}
