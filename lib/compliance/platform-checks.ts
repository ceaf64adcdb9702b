import { CfnResource, PolicyValidationPluginReport } from 'aws-cdk-lib';
import { IApplyRule, NagPack, NagPackProps } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { GraphCache } from './construct-graph';
import { ANY_RESOURCE, type PlatformRule } from './rule';
import { PLATFORM_RULES } from './rules';

/** cdk-nag v3 pack for the platform's own checklist (docs/checklist.md); rule IDs are `Platform-<Rule>`. */
export class PlatformChecks extends NagPack {
  readonly name = 'Platform';

  /** Each rule's cdk-nag parameters, made once, with the resource types it inspects. */
  private readonly applications: ReadonlyArray<{ params: Omit<IApplyRule, 'node'>; types: readonly string[] }>;

  /**
   * The rules that inspect a resource type, in pack order. A rule is applied only to the types it inspects: to any
   * other resource it would answer NOT_APPLICABLE, which cdk-nag neither reports nor counts.
   */
  private readonly byType = new Map<string, ReadonlyArray<Omit<IApplyRule, 'node'>>>();

  constructor(scope?: IConstruct, props?: NagPackProps, rules: readonly PlatformRule[] = PLATFORM_RULES) {
    super(scope, props);
    this.packName = 'Platform';
    this.applications = rules.map((rule) => ({
      params: {
        ruleSuffixOverride: rule.id,
        info: `${rule.info} (${rule.checklistIds.join(', ')})`,
        explanation: rule.explanation,
        level: rule.level,
        rule: (resource: CfnResource) => rule.check(resource, this.cache),
      },
      types: rule.resourceTypes,
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
    const type = node.cfnResourceType;
    let applicable = this.byType.get(type);
    if (!applicable) {
      applicable = this.applications.filter((a) => a.types.includes(ANY_RESOURCE) || a.types.includes(type)).map((a) => a.params);
      this.byType.set(type, applicable);
    }
    for (const params of applicable) this.applyRule({ ...params, node });
  }
}
