import { App, CfnResource, Stack, aws_iam as iam } from 'aws-cdk-lib';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, NagPack, NagPackProps, PCIDSS321Checks, ServerlessChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { NAG_PACK_NAMES, type NagPackName } from '../../config/sections/compliance';
import { acknowledge } from './acknowledge';

/** A cdk-nag pack: its rule-ID prefix (`NIST.800.53.R5-LambdaDLQ`), the framework it stands for, and its class. */
export interface PackDefinition {
  readonly prefix: string;
  readonly title: string;
  readonly create: (scope: IConstruct, props: NagPackProps) => NagPack;
}

/** AwsSolutions: always on, with the platform pack (lib/compliance/platform-checks.ts). */
export const AWS_SOLUTIONS_PACK: PackDefinition = {
  prefix: 'AwsSolutions',
  title: 'AWS Solutions',
  create: (scope, props) => new AwsSolutionsChecks(scope, props),
};

/** The packs an environment selects in `compliance.packs`. */
export const REGULATORY_PACKS: Readonly<Record<NagPackName, PackDefinition>> = {
  NIST80053R5: { prefix: 'NIST.800.53.R5', title: 'NIST 800-53 rev 5', create: (scope, props) => new NIST80053R5Checks(scope, props) },
  HIPAASecurity: { prefix: 'HIPAA.Security', title: 'HIPAA Security', create: (scope, props) => new HIPAASecurityChecks(scope, props) },
  PCIDSS321: { prefix: 'PCI.DSS.321', title: 'PCI DSS 3.2.1', create: (scope, props) => new PCIDSS321Checks(scope, props) },
  Serverless: { prefix: 'Serverless', title: 'AWS Serverless', create: (scope, props) => new ServerlessChecks(scope, props) },
};

/** Rule-ID prefixes of every pack the platform runs: an acknowledgment of one of their rules must cite a CL ID. */
export const NAG_RULE_PREFIXES: readonly string[] = [AWS_SOLUTIONS_PACK.prefix, 'Platform', ...NAG_PACK_NAMES.map((n) => REGULATORY_PACKS[n].prefix)];

interface RuleCollector {
  applyRule(params: { ruleSuffixOverride?: string; rule: { name: string } }): void;
  checkResource(node: CfnResource): void;
}

const ruleCache = new Map<PackDefinition, readonly string[]>();

/**
 * The rule IDs a pack evaluates (`NIST.800.53.R5-LambdaDLQ`, ...), read from the pack itself: every cdk-nag pack
 * applies all its rules to every resource, so one pass over a placeholder resource with `applyRule` recording
 * instead of checking lists them, whichever cdk-nag version is installed.
 */
export function packRuleIds(pack: PackDefinition): readonly string[] {
  let ids = ruleCache.get(pack);
  if (!ids) {
    const found: string[] = [];
    const collector = pack.create(undefined as unknown as IConstruct, {}) as unknown as RuleCollector;
    collector.applyRule = (params) => found.push(`${pack.prefix}-${params.ruleSuffixOverride ?? params.rule.name}`);
    // Never synthesized: under the CLI an App synthesizes itself into cdk.out at exit unless autoSynth is off.
    const scratch = new Stack(new App({ autoSynth: false }), 'RuleList');
    collector.checkResource(new CfnResource(scratch, 'Placeholder', { type: 'Platform::Rule::List' }));
    ids = [...new Set(found)];
    ruleCache.set(pack, ids);
  }
  return ids;
}

/**
 * Acknowledges ONE finding, `rule` (a rule name without pack prefix, e.g. `LambdaDLQ`, optionally with a finding
 * in brackets), in every regulatory pack that has that rule: the same exception, reason and checklist ID per
 * framework, one acknowledgment each. Packs an environment does not select ignore it; the report lists it under
 * each pack that evaluates it. Throws when no pack has the rule (a typo would otherwise acknowledge nothing).
 * The acknowledgment goes on the construct's CloudFormation resource (its default child), where the packs report
 * the finding, so it is written into that resource only and not into every resource beneath an L2 construct.
 */
export function acknowledgeInPacks(construct: IConstruct, rule: string, checklistId: string, reason: string): void {
  const base = rule.replace(/\[.*$/, '');
  const packs = NAG_PACK_NAMES.map((name) => REGULATORY_PACKS[name]).filter((p) => packRuleIds(p).includes(`${p.prefix}-${base}`));
  if (packs.length === 0) throw new Error(`acknowledgeInPacks(${rule}) on ${construct.node.path}: no regulatory pack has a rule named ${base}`);
  const target = CfnResource.isCfnResource(construct) ? construct : (construct.node.defaultChild ?? construct);
  for (const pack of packs) acknowledge(target, `${pack.prefix}-${rule}`, checklistId, reason);
}

/**
 * Acknowledges the packs' IAMNoInlinePolicy finding on every `DefaultPolicy` under `scope`: the inline policy CDK
 * generates for one role from grant*() and addToRolePolicy (house rule: generated grants, hand-written IAM only
 * where unavoidable). Each is acknowledged on its own resource; a hand-written inline policy is not covered.
 */
export function acknowledgeGrantPolicies(scope: IConstruct): void {
  for (const policy of scope.node.findAll()) {
    if (policy.node.id !== 'DefaultPolicy' || !(policy instanceof iam.Policy)) continue;
    acknowledgeInPacks(
      policy,
      'IAMNoInlinePolicy',
      'CL-SEC-4',
      'Generated by CDK from grant*() and addToRolePolicy for this one role, each statement scoped to the resources the role uses; an inline policy lives and dies with its role and cannot be attached to another principal, while a managed policy would add a separately versioned object without narrowing access.',
    );
  }
}
