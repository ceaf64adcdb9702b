// The regulatory packs: registered per environment as selected, enforced like AwsSolutions, and acknowledged
// one finding per pack with the same reason.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack, Stage, Validations, aws_iam as iam, aws_kms as kms, aws_sqs as sqs } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { NagPackName } from '../../../config/sections/compliance';
import { registerNagPacks } from '../../../lib/compliance/nag';
import { REGULATORY_PACKS, acknowledgeGrantPolicies, acknowledgeInPacks, packRuleIds } from '../../../lib/compliance/packs';
import { readValidationReport, unacknowledgedFindings } from '../../../lib/compliance/validation-gate';

function acknowledgedIds(construct: IConstruct): string[] {
  return construct.node.metadata
    .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
    .flatMap((m) => Object.keys(m.data as Record<string, string>))
    .map((id) => id.replace(/^annotation::/i, ''));
}

/** The rules of the selected packs that refuse synth of a stack holding one key without rotation. */
function findingsFor(packs: readonly NagPackName[]): string[] {
  const app = new App({ outdir: mkdtempSync(join(tmpdir(), 'packs-')), context: { '@aws-cdk/core:failSynthOnValidationErrors': false } });
  const stage = new Stage(app, 'platform-test');
  registerNagPacks(stage, packs);
  new kms.Key(new Stack(stage, 'stack'), 'Key', { enableKeyRotation: false });
  return unacknowledgedFindings(readValidationReport(app.synth().directory)).map((f) => f.rule);
}

describe('regulatory packs', () => {
  it('lists each pack\'s rules from the installed cdk-nag, with the pack prefix', () => {
    const nist = packRuleIds(REGULATORY_PACKS.NIST80053R5);
    expect(nist.length).toBeGreaterThan(50);
    expect(nist).toContain('NIST.800.53.R5-LambdaDLQ');
    expect(packRuleIds(REGULATORY_PACKS.Serverless)).toContain('Serverless-LambdaTracing');
    expect(packRuleIds(REGULATORY_PACKS.PCIDSS321)).not.toContain('PCI.DSS.321-LambdaDLQ');
  });

  it('enforces only the selected packs, besides AwsSolutions and the platform pack', () => {
    const none = findingsFor([]);
    expect(none.some((r) => r.startsWith('AwsSolutions-'))).toBe(true);
    expect(none.filter((r) => /^(NIST|HIPAA|PCI|Serverless)/.test(r))).toEqual([]);
    const nist = findingsFor(['NIST80053R5']);
    expect(nist).toContain('NIST.800.53.R5-KMSBackingKeyRotationEnabled');
    expect(nist.filter((r) => r.startsWith('HIPAA.'))).toEqual([]);
  });

  it('acknowledges one finding in every pack that has the rule, and only there', () => {
    const queue = new sqs.Queue(new Stack(), 'Queue');
    acknowledgeInPacks(queue, 'LambdaDLQ', 'CL-OBS-2', 'test fixture: a reason an auditor can read');
    // On the queue's CloudFormation resource, where the finding is reported, not on the L2 construct.
    expect(acknowledgedIds(queue)).toEqual([]);
    expect(acknowledgedIds(queue.node.defaultChild!).sort()).toEqual(['HIPAA.Security-LambdaDLQ', 'NIST.800.53.R5-LambdaDLQ', 'Serverless-LambdaDLQ']);
    expect(() => acknowledgeInPacks(queue, 'LambdaDQL', 'CL-OBS-2', 'test fixture: a misspelt rule name')).toThrow(/no regulatory pack has a rule named LambdaDQL/);
  });

  it('acknowledges IAMNoInlinePolicy on grant-generated default policies only', () => {
    const stack = new Stack();
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    new sqs.Queue(stack, 'Queue').grantSendMessages(role);
    const handWritten = new iam.Policy(stack, 'HandWritten', { statements: [new iam.PolicyStatement({ actions: ['sqs:ListQueues'], resources: ['*'] })] });
    acknowledgeGrantPolicies(stack);
    expect(acknowledgedIds(role.node.findChild('DefaultPolicy').node.defaultChild!)).toEqual([
      'NIST.800.53.R5-IAMNoInlinePolicy',
      'HIPAA.Security-IAMNoInlinePolicy',
      'PCI.DSS.321-IAMNoInlinePolicy',
    ]);
    expect(acknowledgedIds(handWritten)).toEqual([]);
  });
});
