import { aws_events as events, aws_events_targets as targets, aws_rds as rds } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { Severity } from '../../config/sections/observability';
import type { AlarmTopics } from './alarm-topics';
import { acknowledgeInPacks } from '../compliance/packs';

/** RDS event categories sent to each severity (CL-OBS-2): losing the primary pages, planned changes inform. */
export const RDS_EVENT_CATEGORIES: Readonly<Record<Severity, readonly string[]>> = {
  critical: ['failover', 'failure'],
  warning: ['maintenance', 'configuration change'],
};

/** AWS Backup job states that mean a backup or its cross-region copy did not happen (CL-DB-2). */
export const BACKUP_FAILURE_STATES = ['FAILED', 'ABORTED', 'EXPIRED'] as const;

/** Secrets Manager rotation outcomes that leave a secret unrotated (CL-SEC-2). */
export const ROTATION_FAILURE_EVENTS = ['RotationFailed', 'RotationAbandoned'] as const;

export interface OperationalEventRulesProps {
  readonly environmentName: string;
  readonly topics: AlarmTopics;
  /** The production database instance whose RDS events are subscribed. */
  readonly databaseInstanceIdentifier: string;
}

/**
 * Events that are not metrics, routed to the alarm topics with a readable message: secret rotation failures
 * (critical: a half-finished rotation can lock a service out of the database), AWS Backup job failures
 * (warning) and RDS instance events (by category). The account is the environment's own (CL-ENV-1), so the
 * rules take every secret and backup job of the account.
 */
export class OperationalEventRules extends Construct {
  readonly rotationFailures: events.Rule;
  readonly backupFailures: events.Rule;
  readonly rdsEventSubscriptions: Readonly<Record<Severity, rds.CfnEventSubscription>>;

  constructor(scope: Construct, id: string, props: OperationalEventRulesProps) {
    super(scope, id);
    const env = `platform-${props.environmentName}`;
    const field = events.EventField.fromPath;

    this.rotationFailures = new events.Rule(this, 'SecretRotationFailures', {
      description: `${env}: Secrets Manager rotation failures (CL-SEC-2)`,
      eventPattern: {
        source: ['aws.secretsmanager'],
        detailType: ['AWS Service Event via CloudTrail'],
        detail: { eventSource: ['secretsmanager.amazonaws.com'], eventName: [...ROTATION_FAILURE_EVENTS] },
      },
      targets: [
        new targets.SnsTopic(props.topics.topics.critical, {
          message: events.RuleTargetInput.fromText(
            `[CRITICAL] ${env}: Secrets Manager ${field('$.detail.eventName')} for ${field('$.detail.additionalEventData.SecretId')} at ${field('$.time')}. ` +
              'The secret may hold a pending version the database does not accept: check the rotation Lambda logs, then docs/runbook.md.',
          ),
        }),
      ],
    });

    this.backupFailures = new events.Rule(this, 'BackupJobFailures', {
      description: `${env}: AWS Backup backup and copy job failures (CL-DB-2)`,
      eventPattern: {
        source: ['aws.backup'],
        detailType: ['Backup Job State Change', 'Copy Job State Change'],
        detail: { state: [...BACKUP_FAILURE_STATES] },
      },
      targets: [
        new targets.SnsTopic(props.topics.topics.warning, {
          message: events.RuleTargetInput.fromText(
            `[WARNING] ${env}: AWS Backup ${field('$.detail-type')} ${field('$.detail.state')} for ${field('$.detail.resourceArn')} ` +
              `(vault ${field('$.detail.backupVaultName')}) at ${field('$.time')}: ${field('$.detail.statusMessage')}. See docs/runbook.md.`,
          ),
        }),
      ],
    });

    for (const rule of [this.rotationFailures, this.backupFailures]) {
      acknowledgeInPacks(
        rule,
        'EventBusDLQ',
        'CL-OBS-2',
        'The target is an alarm topic: EventBridge retries delivery for 24 hours, and a dead-letter queue\'s alarm would notify through the same topic that could not be reached, so it would tell no one.',
      );
    }

    const subscribe = (severity: Severity) =>
      new rds.CfnEventSubscription(this, `RdsEvents${severity === 'critical' ? 'Critical' : 'Warning'}`, {
        snsTopicArn: props.topics.topics[severity].topicArn,
        sourceType: 'db-instance',
        sourceIds: [props.databaseInstanceIdentifier],
        eventCategories: [...RDS_EVENT_CATEGORIES[severity]],
        enabled: true,
      });
    this.rdsEventSubscriptions = { critical: subscribe('critical'), warning: subscribe('warning') };
  }
}
