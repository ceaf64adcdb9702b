import { App, Stack, Validations, aws_kms as kms } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { DeadLetterQueue } from '../../../lib/constructs/dead-letter-queue';

describe('DeadLetterQueue', () => {
  const stack = new Stack(new App(), 'Dlq');
  const key = new kms.Key(stack, 'LogsKey');
  const queue = new DeadLetterQueue(stack, 'Queue', { encryptionKey: key, checklistId: 'CL-SES-1', feeds: 'of the test rule' });
  const template = Template.fromStack(stack);

  it('encrypts with the given key and keeps messages for 14 days', () => {
    template.hasResourceProperties('AWS::SQS::Queue', {
      KmsMasterKeyId: { 'Fn::GetAtt': [stack.getLogicalId(key.node.defaultChild as never), 'Arn'] },
      MessageRetentionPeriod: 14 * 24 * 3600,
    });
  });

  it('acknowledges only the rules asking a DLQ for a DLQ, citing the checklist ID', () => {
    // acknowledge() writes on the construct, acknowledgeInPacks() on its CloudFormation resource.
    const acks = [queue, queue.node.defaultChild!]
      .flatMap((c) => c.node.metadata)
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((m) => Object.entries(m.data as Record<string, string>));
    expect(new Set(acks.map(([id]) => id.replace(/^annotation::/i, '').replace(/^.*-/, '')))).toEqual(new Set(['SQS3', 'SQSRedrivePolicy']));
    for (const [, reason] of acks) expect(reason).toMatch(/^\[CL-SES-1\] This queue is itself the dead-letter destination of the test rule/);
  });

  it('measures the most messages waiting in 15 minutes', () => {
    expect(queue.metricDeadLetters().toMetricConfig().metricStat).toMatchObject({
      metricName: 'ApproximateNumberOfMessagesVisible',
      statistic: 'Maximum',
      period: expect.objectContaining({ amount: 15, unit: expect.objectContaining({ label: 'minutes' }) }),
    });
  });
});
