import { basename, extname } from 'node:path';
import { CfnResource } from 'aws-cdk-lib';
import { NagMessageLevel, NagRuleResult } from 'cdk-nag';

/** One platform checklist rule; its ID comes from its file name (cdk-nag's convention). */
export interface PlatformRule {
  /** `Platform-<PascalCase file name>` without the pack prefix, e.g. `KmsKeyRotation`. */
  readonly id: string;
  /** The checklist items (../shared/checklist.md) this rule enforces. */
  readonly checklistIds: readonly string[];
  /** What is wrong when the rule fails. */
  readonly info: string;
  /** Why the rule exists. */
  readonly explanation: string;
  readonly level: NagMessageLevel;
  readonly check: (node: CfnResource) => NagRuleResult;
}

export type PlatformRuleSpec = Omit<PlatformRule, 'id' | 'level'> & { readonly level?: NagMessageLevel };

/** Defines a rule whose ID is derived from `file` (pass `__filename`): `kms-key-rotation.ts` -> `KmsKeyRotation`. */
export function defineRule(file: string, spec: PlatformRuleSpec): PlatformRule {
  const id = basename(file, extname(file))
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
  return { level: NagMessageLevel.ERROR, ...spec, id };
}
