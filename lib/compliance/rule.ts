import { basename, extname } from 'node:path';
import { CfnResource } from 'aws-cdk-lib';
import { NagMessageLevel, NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { ConstructGraph, GraphCache } from './construct-graph';
import type { Problems, ResourceGraph, ResourceView } from './resource-graph';

/** One platform checklist rule; its ID comes from its file name (cdk-nag's convention). */
export interface PlatformRule {
  /** `Platform-<PascalCase file name>` without the pack prefix, e.g. `KmsKeyRotation`. */
  readonly id: string;
  /** The checklist items (docs/checklist.md) this rule enforces. */
  readonly checklistIds: readonly string[];
  /** What is wrong when the rule fails. */
  readonly info: string;
  /** Why the rule exists. */
  readonly explanation: string;
  readonly level: NagMessageLevel;
  /** CloudFormation types the rule inspects; every other resource is not applicable. `ANY_RESOURCE`: all of them. */
  readonly resourceTypes: readonly string[];
  /**
   * The problems found on one resource of `resourceTypes` (empty: compliant). Pure over the template view, so
   * the auditors' report runs the same code on cdk.out. Values that are intrinsics (not literal) cannot be
   * proven compliant and count as problems, unless the rule says otherwise.
   */
  readonly evaluate: (resource: ResourceView, graph: ResourceGraph) => Problems;
  /** The cdk-nag adapter over `evaluate`; `cache` shares lookups across the rules of one validation pass. */
  readonly check: (node: CfnResource, cache?: GraphCache) => NagRuleResult;
}

export type PlatformRuleSpec = Omit<PlatformRule, 'id' | 'level' | 'check'> & { readonly level?: NagMessageLevel };

/** `resourceTypes` entry of a rule that inspects every resource on its own (it must not look up others). */
export const ANY_RESOURCE = '*';

/** Turns a rule file name into its ID: `kms-key-rotation.ts` -> `KmsKeyRotation`. */
export function ruleIdFromFile(file: string): string {
  return basename(file, extname(file))
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

/** Defines a rule whose ID is derived from `file` (pass `__filename`). */
export function defineRule(file: string, spec: PlatformRuleSpec): PlatformRule {
  return {
    level: NagMessageLevel.ERROR,
    ...spec,
    id: ruleIdFromFile(file),
    check: (node: CfnResource, cache?: GraphCache) => {
      if (!spec.resourceTypes.includes(ANY_RESOURCE) && !spec.resourceTypes.includes(node.cfnResourceType)) return NagRuleCompliance.NOT_APPLICABLE;
      const graph = new ConstructGraph(node, cache);
      return spec.evaluate(graph.view(node), graph).length === 0 ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
    },
  };
}
