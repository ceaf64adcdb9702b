// Proves the nag mechanism itself: an unacknowledged finding fails synth, an acknowledged one passes and is
// written into the template, so acknowledgments can never silently stop working after an upgrade.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack, Stage, aws_kms as kms, aws_sqs as sqs } from 'aws-cdk-lib';
import { acknowledge } from '../../../lib/compliance/acknowledge';
import { registerNagPacks } from '../../../lib/compliance/nag';

function appWithQueue(configure: (queue: sqs.Queue, key: kms.Key) => void) {
  const outdir = mkdtempSync(join(tmpdir(), 'nag-'));
  const app = new App({ outdir });
  const stage = new Stage(app, 'platform-test');
  registerNagPacks(stage);
  const stack = new Stack(stage, 'stack');
  // An unencrypted queue without a DLQ and a key without rotation: AwsSolutions-SQS2/SQS3/SQS4, Platform-KmsKeyRotation.
  const queue = new sqs.Queue(stack, 'Queue', { encryption: sqs.QueueEncryption.UNENCRYPTED, enforceSSL: true });
  const key = new kms.Key(stack, 'Key', { enableKeyRotation: false });
  configure(queue, key);
  return { app, outdir, stack };
}

function acknowledgeAll(queue: sqs.Queue, key: kms.Key) {
  acknowledge(queue, 'AwsSolutions-SQS2', 'CL-AUD-1', 'test fixture: proves acknowledgments suppress the finding');
  acknowledge(queue, 'AwsSolutions-SQS3', 'CL-AUD-1', 'test fixture: proves acknowledgments suppress the finding');
  acknowledge(key, 'Platform-KmsKeyRotation', 'CL-AUD-1', 'test fixture: proves our own pack honours acknowledgments');
  acknowledge(key, 'AwsSolutions-KMS5', 'CL-AUD-1', 'test fixture: proves acknowledgments suppress the finding');
}

describe('cdk-nag mechanism', () => {
  it('fails synth on unacknowledged findings of both packs, naming each', () => {
    const { app } = appWithQueue(() => undefined);
    expect(() => app.synth()).toThrow(/AwsSolutions-SQS3[\s\S]*key does not have automatic rotation enabled\. \(CL-ENC-1\)/);
  });

  it('fails synth when only one finding is left unacknowledged', () => {
    const { app } = appWithQueue((queue, key) => {
      acknowledgeAll(queue, key);
      // Take one back by building a fresh, unacknowledged second key.
      new kms.Key(key.stack, 'Key2', { enableKeyRotation: false });
    });
    expect(() => app.synth()).toThrow(/platform-test\/stack\/Key2\/Resource/);
  });

  it('passes synth when every finding is acknowledged, and writes the reasons into the template', () => {
    const { app, outdir, stack } = appWithQueue(acknowledgeAll);
    expect(() => app.synth()).not.toThrow();
    const template = JSON.parse(readFileSync(join(outdir, `assembly-platform-test/${stack.artifactId}.template.json`), 'utf8'));
    const queueMeta = Object.values<{ Type: string; Metadata?: { cdk_nag?: { rules_to_suppress: { id: string; reason: string }[] } } }>(
      template.Resources,
    ).find((r) => r.Type === 'AWS::SQS::Queue')!.Metadata!.cdk_nag!.rules_to_suppress;
    expect(queueMeta).toEqual(
      expect.arrayContaining([{ id: 'AwsSolutions-SQS3', reason: '[CL-AUD-1] test fixture: proves acknowledgments suppress the finding' }]),
    );
  });

  it('refuses acknowledgments without a checklist ID or a real reason', () => {
    const stack = new Stack();
    expect(() => acknowledge(stack, 'AwsSolutions-S1', 'AUD-1', 'a reason that is long enough')).toThrow(/not a checklist ID/);
    expect(() => acknowledge(stack, 'AwsSolutions-S1', 'CL-AUD-1', 'because')).toThrow(/reason an auditor can accept/);
  });
});
