import { aws_cloudwatch as cloudwatch, aws_cloudwatch_actions as cwActions, aws_iam as iam, aws_kms as kms, aws_sns as sns, aws_sns_subscriptions as subscriptions, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { SEVERITIES, Severity } from '../../config/sections/observability';
import { acknowledgeInPacks } from '../compliance/packs';

export interface AlarmTopicsProps {
  /** Environment name, in the topics' display names. */
  readonly environmentName: string;
  /** Encrypts the topics (CL-ENC-1); its policy lets CloudWatch, EventBridge and RDS events use it. */
  readonly key: kms.IKey;
  /** E-mail subscribers per severity. */
  readonly emails: Readonly<Record<Severity, readonly string[]>>;
}

/**
 * One SNS topic per severity (CL-OBS-2): `critical` pages (subscribe the pager here), `warning` informs.
 * Both are KMS-encrypted and accept publishing over TLS only.
 */
export class AlarmTopics extends Construct {
  readonly topics: Readonly<Record<Severity, sns.Topic>>;

  constructor(scope: Construct, id: string, props: AlarmTopicsProps) {
    super(scope, id);
    const make = (severity: Severity) => {
      const topic = new sns.Topic(this, `${severity[0].toUpperCase()}${severity.slice(1)}Topic`, {
        displayName: `platform-${props.environmentName} ${severity} alarms`,
        masterKey: props.key,
        enforceSSL: true,
      });
      for (const email of props.emails[severity]) {
        acknowledgeInPacks(
          topic.addSubscription(new subscriptions.EmailSubscription(email)),
          'SNSRedrivePolicy',
          'CL-OBS-2',
          'An e-mail subscription of the alarm topic: SNS retries e-mail delivery itself, and a dead-letter queue\'s alarm would notify through this same topic, so it would tell no one; every alarm also stays visible in CloudWatch.',
        );
      }
      // The topic has its own access policy, so the services that publish as themselves need a statement each,
      // limited to this account's alarms and RDS event subscriptions (EventBridge's is added by its target).
      const { account, region, partition } = Stack.of(this);
      const publishers: [string, string, string][] = [
        ['AllowAlarmsOfThisAccount', 'cloudwatch.amazonaws.com', `arn:${partition}:cloudwatch:${region}:${account}:alarm:*`],
        ['AllowRdsEventSubscriptionsOfThisAccount', 'events.rds.amazonaws.com', `arn:${partition}:rds:${region}:${account}:es:*`],
      ];
      for (const [sid, service, sourceArn] of publishers) {
        topic.addToResourcePolicy(
          new iam.PolicyStatement({
            sid,
            principals: [new iam.ServicePrincipal(service)],
            actions: ['sns:Publish'],
            resources: [topic.topicArn],
            conditions: { StringEquals: { 'aws:SourceAccount': account }, ArnLike: { 'aws:SourceArn': sourceArn } },
          }),
        );
      }
      return topic;
    };
    this.topics = Object.fromEntries(SEVERITIES.map((s) => [s, make(s)])) as Record<Severity, sns.Topic>;
  }

  /** Sends the alarm's ALARM and OK transitions to its severity's topic. */
  wire(alarm: cloudwatch.AlarmBase, severity: Severity): void {
    const action = new cwActions.SnsAction(this.topics[severity]);
    alarm.addAlarmAction(action);
    alarm.addOkAction(action);
  }
}
