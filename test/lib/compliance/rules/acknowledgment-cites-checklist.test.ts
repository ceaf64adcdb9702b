import { Validations } from 'aws-cdk-lib';
import { WriteNagSuppressionsToCloudFormationAspect } from 'cdk-nag';
import { acknowledge } from '../../../../lib/compliance/acknowledge';
import rule from '../../../../lib/compliance/rules/acknowledgment-cites-checklist';
import { ruleTestStack, resource, violations } from '../rule-harness';

// CL-AUD-1
describe('AcknowledgmentCitesChecklist', () => {
  // As at synth: the acknowledgments reach the template's Metadata through cdk-nag's writer aspect.
  const written = (stack: ReturnType<typeof ruleTestStack>) => {
    const writer = new WriteNagSuppressionsToCloudFormationAspect();
    for (const node of stack.node.findAll()) writer.visit(node);
    return violations(rule, stack);
  };

  test('acknowledgments made with acknowledge() cite a CL ID and comply, as do tool-level ones', () => {
    const stack = ruleTestStack('prod');
    const queue = resource(stack, 'Queue', 'AWS::SQS::Queue');
    acknowledge(queue, 'AwsSolutions-SQS3', 'CL-SES-1', 'the queue is itself a dead-letter queue of the cleanup job');
    acknowledge(queue, 'NIST.800.53.R5-SQSQueueSSLRequestsOnly', 'CL-ENC-1', 'test fixture: a reason that cites its checklist item');
    Validations.of(queue).acknowledge({ id: 'CloudFormation-Validate::W3010', reason: 'written by CDK tooling, not a platform exception' });
    expect(written(stack)).toEqual([]);
  });

  test('an acknowledgment made with Validations.of(...).acknowledge directly, citing no CL ID, is flagged', () => {
    const stack = ruleTestStack('prod');
    const queue = resource(stack, 'Queue', 'AWS::SQS::Queue');
    Validations.of(queue).acknowledge({ id: 'HIPAA.Security-SQSQueueSSLRequestsOnly', reason: 'we accept this risk for now' });
    const topic = resource(stack, 'Topic', 'AWS::SNS::Topic');
    Validations.of(topic).acknowledge({ id: 'AwsSolutions-SNS3', reason: 'see ticket 42' });
    expect(written(stack).sort()).toEqual(['Queue', 'Topic']);
  });
});
