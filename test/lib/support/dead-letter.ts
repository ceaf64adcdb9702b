import { Stack, aws_events as events, aws_sqs as sqs } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';

/**
 * Asserts that `rule`'s one target retries for at most `retry` and then dead-letters to `queue`: encrypted with the
 * logs key, TLS only, writable by EventBridge for this rule only; and that the rule carries no EventBusDLQ exception.
 */
export function expectDeadLetteredTarget(
  template: Template,
  rule: events.Rule,
  queue: sqs.IQueue,
  retry: { MaximumRetryAttempts: number; MaximumEventAgeInSeconds: number },
): void {
  const stack = Stack.of(rule);
  const ruleId = stack.getLogicalId(rule.node.defaultChild as never);
  const queueId = stack.getLogicalId(queue.node.defaultChild as never);
  const target = template.findResources('AWS::Events::Rule')[ruleId].Properties.Targets;
  expect(target).toEqual([expect.objectContaining({ DeadLetterConfig: { Arn: { 'Fn::GetAtt': [queueId, 'Arn'] } }, RetryPolicy: retry })]);

  const queueProps = template.findResources('AWS::SQS::Queue')[queueId].Properties;
  expect(JSON.stringify(queueProps.KmsMasterKeyId)).toMatch(/LogsKey/);
  template.hasResourceProperties('AWS::SQS::QueuePolicy', {
    Queues: [{ Ref: queueId }],
    PolicyDocument: {
      Statement: Match.arrayWith([
        Match.objectLike({ Effect: 'Deny', Action: 'sqs:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        Match.objectLike({
          Effect: 'Allow',
          Principal: { Service: 'events.amazonaws.com' },
          Action: 'sqs:SendMessage',
          Condition: { ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': [ruleId, 'Arn'] } } },
        }),
      ]),
    },
  });
  expect(JSON.stringify(rule.node.defaultChild!.node.metadata)).not.toMatch(/EventBusDLQ/);
}
