import { CfnResource, PolicyValidationPluginReport } from 'aws-cdk-lib';
import { IApplyRule, NagPack, NagPackProps } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { GraphCache } from './construct-graph';
import type { PlatformRule } from './rule';
import { PLATFORM_RULES } from './rules';

/** cdk-nag v3 pack for the platform's own checklist (docs/checklist.md); rule IDs are `Platform-<Rule>`. */
export class PlatformChecks extends NagPack {
  readonly name = 'Platform';

  /** Each rule's cdk-nag parameters, made once (cdk-nag applies every rule to every resource). */
  private readonly applications: ReadonlyArray<Omit<IApplyRule, 'node'>>;

  constructor(scope?: IConstruct, props?: NagPackProps, rules: readonly PlatformRule[] = PLATFORM_RULES) {
    super(scope, props);
    this.packName = 'Platform';
    this.applications = rules.map((rule) => ({
      ruleSuffixOverride: rule.id,
      info: `${rule.info} (${rule.checklistIds.join(', ')})`,
      explanation: rule.explanation,
      level: rule.level,
      rule: (resource: CfnResource) => rule.check(resource, this.cache),
    }));
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
    for (const application of this.applications) this.applyRule({ ...application, node });
  }
}
