import { Stack, Token, Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

const CHECKLIST_ID = /^CL-[A-Z]+-\d+$/;

/**
 * Acknowledges ONE nag finding on ONE construct (never a stack) with a reason that cites the checklist item
 * it relates to, so the exception is written into the template and listed in the auditors' report (CL-AUD-1).
 * `id` is the rule ID, optionally with a finding (`AwsSolutions-IAM5[Action::kms:*]`).
 */
export function acknowledge(construct: IConstruct, id: string, checklistId: string, reason: string): void {
  if (!CHECKLIST_ID.test(checklistId)) {
    throw new Error(`acknowledge(${id}): checklistId "${checklistId}" is not a checklist ID such as CL-AUD-1`);
  }
  if (reason.trim().length < 20) {
    throw new Error(`acknowledge(${id}) on ${construct.node.path}: give a reason an auditor can accept (20+ characters)`);
  }
  Validations.of(construct).acknowledge({ id, reason: `[${checklistId}] ${reason}` });
}

/**
 * The partition as cdk-nag writes it in a finding ID: a literal (`aws`) where the stack's region fixes it
 * (feature flag `@aws-cdk/core:enablePartitionLiterals`), else `<AWS::Partition>`.
 */
export function findingPartition(scope: IConstruct): string {
  const { partition } = Stack.of(scope);
  return Token.isUnresolved(partition) ? '<AWS::Partition>' : partition;
}
