// The gate bin/platform.ts applies after synth: it must see every unacknowledged finding in CDK's real report,
// and nothing that was acknowledged.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack, Stage, aws_kms as kms } from 'aws-cdk-lib';
import { acknowledge } from '../../../lib/compliance/acknowledge';
import { registerNagPacks } from '../../../lib/compliance/nag';
import { formatFindings, readValidationReport, unacknowledgedFindings } from '../../../lib/compliance/validation-gate';

function synthesize(acknowledgeSecondKey: boolean) {
  // As under the CLI (cdk.json): CDK writes the report and leaves the verdict to the gate.
  const app = new App({ outdir: mkdtempSync(join(tmpdir(), 'gate-')), context: { '@aws-cdk/core:failSynthOnValidationErrors': false } });
  const stage = new Stage(app, 'platform-test');
  registerNagPacks(stage);
  const stack = new Stack(stage, 'stack');
  new kms.Key(stack, 'Rotating', { enableKeyRotation: true });
  const second = new kms.Key(stack, 'NotRotating', { enableKeyRotation: false });
  if (acknowledgeSecondKey) {
    acknowledge(second, 'AwsSolutions-KMS5', 'CL-AUD-1', 'test fixture: acknowledged findings never reach the gate');
    acknowledge(second, 'Platform-KmsKeyRotation', 'CL-AUD-1', 'test fixture: acknowledged findings never reach the gate');
  }
  return app.synth().directory;
}

describe('validation gate', () => {
  it('finds each unacknowledged finding with its rule, plugin and construct', () => {
    const findings = unacknowledgedFindings(readValidationReport(synthesize(false)));
    expect(findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ plugin: 'AwsSolutions', rule: 'AwsSolutions-KMS5', constructs: ['platform-test/stack/NotRotating/Resource'] }),
        expect.objectContaining({ plugin: 'Platform', rule: 'Platform-KmsKeyRotation', constructs: ['platform-test/stack/NotRotating/Resource'] }),
      ]),
    );
    expect(findings.flatMap((f) => f.constructs)).not.toContain('platform-test/stack/Rotating/Resource');
  });

  it('finds nothing once the findings are acknowledged', () => {
    expect(unacknowledgedFindings(readValidationReport(synthesize(true)))).toEqual([]);
  });

  it('counts warnings too, and explains how to acknowledge', () => {
    const findings = unacknowledgedFindings({
      pluginReports: [{ pluginName: 'CloudFormation Validate', violations: [{ ruleName: 'W3010', description: 'hardcoded AZ', severity: 'warning', violatingConstructs: [{ constructPath: 'a/b' }] }] }],
    });
    expect(findings).toHaveLength(1);
    expect(formatFindings(findings, 'cdk.out/validation-report.json')).toMatch(/1 unacknowledged[\s\S]*acknowledge\(construct[\s\S]*WARNING W3010 \(CloudFormation Validate\) on a\/b: hardcoded AZ/);
  });
});
