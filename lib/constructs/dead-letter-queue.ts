import { Duration, aws_cloudwatch as cw, aws_kms as kms, aws_sqs as sqs } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { acknowledge } from '../compliance/acknowledge';
import { acknowledgeInPacks } from '../compliance/packs';

export interface DeadLetterQueueProps {
  /**
   * Encrypts the queue (CL-ENC-1). EventBridge and Lambda send as themselves, so the key policy must let them
   * use it: the logs key does (`allowLogsAndAlarmPublishers`).
   */
  readonly encryptionKey: kms.IKey;
  /** Checklist ID of the work whose failures the queue keeps, cited by its acknowledgments. */
  readonly checklistId: string;
  /** Whose failures it keeps, completing "the dead-letter destination ...": `of the cleanup Lambda and its schedule`. */
  readonly feeds: string;
}

/**
 * A KMS-encrypted, TLS-only queue keeping failed invocations or undeliverable events for 14 days; the monitoring
 * stacks alarm as soon as it holds a message (`metricDeadLetters`). Being the last stop, it has no DLQ of its own.
 */
export class DeadLetterQueue extends sqs.Queue {
  constructor(scope: Construct, id: string, props: DeadLetterQueueProps) {
    super(scope, id, {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: props.encryptionKey,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledge(this, 'AwsSolutions-SQS3', props.checklistId, `This queue is itself the dead-letter destination ${props.feeds}; a DLQ for a DLQ adds nothing.`);
    acknowledgeInPacks(
      this,
      'SQSRedrivePolicy',
      props.checklistId,
      `This queue is itself the dead-letter destination ${props.feeds}, alarmed when it holds a message; a redrive policy on it would only move failures further from that alarm.`,
    );
  }

  /** Messages waiting (the most in 15 minutes): any at all is a failure nobody has handled yet. */
  metricDeadLetters(): cw.Metric {
    return this.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(15), statistic: 'Maximum' });
  }
}
