import { NAG_RULE_PREFIXES } from '../packs';
import type { StackTemplate } from './template-graph';

/** An exception written into a template by `acknowledge()` (Metadata.cdk_nag.rules_to_suppress). */
export interface Acknowledgment {
  readonly stackName: string;
  readonly logicalId: string;
  readonly path?: string;
  /** The acknowledged rule, possibly with a finding: `AwsSolutions-IAM5[Action::kms:*]`. */
  readonly ruleId: string;
  readonly reason: string;
  /** The checklist IDs the reason cites (`[CL-...]`). */
  readonly checklistIds: string[];
}

/** Rule IDs of the nag packs: an acknowledgment of one of these is a platform exception and must cite a CL ID. */
export function isNagRule(ruleId: string): boolean {
  return NAG_RULE_PREFIXES.some((prefix) => ruleId.startsWith(`${prefix}-`));
}

/** The acknowledgments in one resource's template Metadata, each with the checklist IDs its reason cites. */
export function acknowledgmentsIn(metadata: Record<string, unknown> | undefined): { ruleId: string; reason: string; checklistIds: string[] }[] {
  const rules = (metadata?.cdk_nag as { rules_to_suppress?: { id: string; reason?: string }[] } | undefined)?.rules_to_suppress ?? [];
  return rules.map((rule) => ({
    ruleId: rule.id,
    reason: rule.reason ?? '',
    checklistIds: [...(rule.reason ?? '').matchAll(/\[(CL-[A-Z]+-\d+)\]/g)].map((m) => m[1]),
  }));
}

export function acknowledgmentsOf(stacks: readonly StackTemplate[]): Acknowledgment[] {
  return stacks.flatMap((stack) =>
    Object.entries(stack.template.Resources ?? {}).flatMap(([logicalId, resource]) =>
      acknowledgmentsIn(resource.Metadata).map((ack) => ({
        stackName: stack.stackName,
        logicalId,
        path: resource.Metadata?.['aws:cdk:path'] as string | undefined,
        ...ack,
      })),
    ),
  );
}

/** Whether `ruleId` (e.g. `Platform-RdsForceSsl`) is acknowledged on a resource. */
export function isAcknowledged(acks: readonly Acknowledgment[], stackName: string, logicalId: string, ruleId: string): Acknowledgment | undefined {
  return acks.find((a) => a.stackName === stackName && a.logicalId === logicalId && (a.ruleId === ruleId || a.ruleId.startsWith(`${ruleId}[`)));
}
