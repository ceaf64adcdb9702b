import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { aws_sqs as sqs, aws_synthetics as synthetics } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import type { AlarmName } from '../../../config/sections/observability';
import { BACKUP_FAILURE_STATES, RDS_EVENT_CATEGORIES, ROTATION_FAILURE_EVENTS } from '../../../lib/constructs/operational-event-rules';
import { platformStage } from '../../support/platform';
import { OpsFixture, buildOpsFixture, opsFixture } from '../support/fixtures';

/** Alarms whose config unit differs from the metric's, with the conversion the template must show. */
function expectedThreshold(fixture: OpsFixture, name: AlarmName, configured: number): number {
  const obs = fixture.config.observability;
  switch (name) {
    case 'targetP99LatencyMs':
      return configured / 1000;
    case 'rdsFreeStorageGiB':
      return configured * 1024 ** 3;
    case 'rdsFreeableMemoryMiB':
      return configured * 1024 ** 2;
    case 'rdsConnectionsPercent':
      return Math.floor((obs.rdsMaxConnections * configured) / 100);
    case 'cleanupDurationPercentOfTimeout':
      return (fixture.config.sessionCleanup.timeoutSeconds * 1000 * configured) / 100;
    default:
      return configured;
  }
}

/**
 * The newest Puppeteer runtime aws-cdk-lib knows: old runtimes lose support (and new canaries on them are refused),
 * so an aws-cdk-lib upgrade that brings a newer one fails this test until the canary moves to it.
 */
function newestPuppeteerRuntime(): string {
  const versions = Object.keys(synthetics.Runtime)
    .map((key) => /^SYNTHETICS_NODEJS_PUPPETEER_(\d+)_(\d+)$/.exec(key))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ key: m[0], major: Number(m[1]), minor: Number(m[2]) }))
    .sort((a, b) => b.major - a.major || b.minor - a.minor);
  return (synthetics.Runtime as unknown as Record<string, synthetics.Runtime>)[versions[0].key].name;
}

describe.each(['dev', 'prod'] as const)('MonitoringStack in %s (CL-OBS-2, CL-OBS-3)', (env) => {
  let fixture: OpsFixture;
  let template: Template;
  const idOf = (construct: { node: { defaultChild?: unknown } }) => fixture.monitoring.getLogicalId(construct.node.defaultChild as never);

  beforeAll(() => {
    fixture = opsFixture(env);
    template = Template.fromStack(fixture.monitoring);
  });

  it('has one KMS-encrypted topic per severity that refuses publishing without TLS', () => {
    template.resourceCountIs('AWS::SNS::Topic', 2);
    for (const severity of ['critical', 'warning'] as const) {
      const topicId = idOf(fixture.monitoring.topics.topics[severity]);
      const topic = template.findResources('AWS::SNS::Topic')[topicId];
      expect(JSON.stringify(topic.Properties.KmsMasterKeyId)).toMatch(/LogsKey/);
      template.hasResourceProperties('AWS::SNS::TopicPolicy', {
        Topics: [{ Ref: topicId }],
        PolicyDocument: {
          Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Action: 'sns:Publish', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
        },
      });
    }
  });

  it('subscribes the configured e-mail addresses to their severity', () => {
    const emails = fixture.config.observability.alarmEmails;
    const subscriptions = Object.values(template.findResources('AWS::SNS::Subscription'));
    expect(subscriptions).toHaveLength(emails.critical.length + emails.warning.length);
    for (const severity of ['critical', 'warning'] as const) {
      for (const email of emails[severity]) {
        template.hasResourceProperties('AWS::SNS::Subscription', {
          Protocol: 'email',
          Endpoint: email,
          TopicArn: { Ref: idOf(fixture.monitoring.topics.topics[severity]) },
        });
      }
    }
  });

  it('wires every alarm to its severity topic on ALARM and OK, with the threshold from config', () => {
    const alarms = fixture.monitoring.alarms.alarms;
    const resources = template.findResources('AWS::CloudWatch::Alarm');
    expect(Object.keys(resources)).toHaveLength(alarms.length);
    for (const { name, severity, configured, alarm } of alarms) {
      const props = resources[idOf(alarm)].Properties;
      const topic = { Ref: idOf(fixture.monitoring.topics.topics[severity]) };
      expect([name, severity, props.AlarmActions, props.OKActions]).toEqual([name, severity, [topic], [topic]]);
      expect([name, props.Threshold]).toEqual([name, expectedThreshold(fixture, name, configured)]);
      expect(configured).toBe(fixture.config.observability.alarms[name][severity]);
      expect(props.AlarmName).toBe(`platform-${env}-${props.AlarmName.slice(`platform-${env}-`.length)}`);
      expect(props.AlarmName.endsWith(`-${severity}`)).toBe(true);
    }
  });

  it('creates an alarm for every configured threshold of every monitored resource', () => {
    const thresholds = fixture.config.observability.alarms;
    const expected = Object.entries(thresholds)
      .flatMap(([name, bySeverity]) => Object.keys(bySeverity).map((severity) => `${name}:${severity}`))
      // observability.warningAlongsideCritical=false (dev) keeps only the critical alarm of a signal with both.
      .filter((key) => {
        const [name, severity] = key.split(':') as [keyof typeof thresholds, string];
        return fixture.config.observability.warningAlongsideCritical || severity !== 'warning' || thresholds[name].critical === undefined;
      })
      .filter((key) => env === 'prod' || !key.startsWith('rdsReplicaLagSeconds'))
      // Replication lag needs a replica: dev's cache has none.
      .filter((key) => fixture.config.cache.replicas > 0 || !key.startsWith('redisReplicationLagSeconds'))
      .filter((key) => fixture.config.observability.canary.domain !== undefined || !key.startsWith('canarySuccessPercent'))
      // The redeploy queue lives in the service stack, which this fixture has not: tested over the whole stage below.
      .filter((key) => !key.startsWith('redeployDeadLetters'));
    const actual = fixture.monitoring.alarms.alarms.map((a) => `${a.name}:${a.severity}`);
    expect(actual.sort()).toEqual(expected.sort());
  });

  it('measures the 5xx rate as (ELB + target 5xx) / requests and latency as target p99', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: `platform-${env}-http5xx-rate-percent-critical`,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanThreshold',
      Metrics: Match.arrayWith([
        Match.objectLike({ Expression: 'IF(requests > 0, 100 * (FILL(elb5xx, 0) + FILL(target5xx, 0)) / requests, 0)', ReturnData: true }),
        Match.objectLike({ Id: 'target5xx', MetricStat: Match.objectLike({ Metric: Match.objectLike({ MetricName: 'HTTPCode_Target_5XX_Count' }) }) }),
      ]),
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: `platform-${env}-target-p99-latency-ms-critical`,
      MetricName: 'TargetResponseTime',
      ExtendedStatistic: 'p99',
      Threshold: 1,
    });
  });

  it('folds Redis metrics over every member node (MAX for saturation, SUM for evictions)', () => {
    const alarms = template.findResources('AWS::CloudWatch::Alarm');
    const byName = (name: string) => Object.values(alarms).find((a) => a.Properties.AlarmName === `platform-${env}-${name}`)!.Properties;
    const members = (props: { Metrics: { MetricStat?: { Metric: { Dimensions: { Value: string }[] } } }[] }) =>
      props.Metrics.flatMap((m) => m.MetricStat?.Metric.Dimensions.map((d) => d.Value) ?? []);
    const memory = byName('redis-memory-percent-critical');
    expect(memory.Metrics[0].Expression).toMatch(/^MAX\(\[/);
    const nodes = 1 + fixture.config.cache.replicas;
    expect(members(memory)).toEqual(Array.from({ length: nodes }, (_, i) => `platform-${env}-cache-00${i + 1}`));
    expect(byName('redis-evictions-critical').Metrics[0].Expression).toMatch(/^SUM\(\[/);
  });

  it('alarms on the cleanup backlog from the job\'s own metric namespace and on its dead-letter queue', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: `platform-${env}-cleanup-backlog-rows-warning`,
      Namespace: fixture.config.sessionCleanup.metricsNamespace,
      MetricName: 'Backlog',
      Statistic: 'Minimum',
      Period: 3600,
      EvaluationPeriods: 3,
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: `platform-${env}-cleanup-dead-letters-warning`,
      MetricName: 'ApproximateNumberOfMessagesVisible',
    });
  });

  it('alarms (warning) as soon as the restore-drill schedule\'s dead-letter queue holds a message', () => {
    const queueId = fixture.operations.getLogicalId(fixture.operations.restoreDrill.deadLetterQueue.node.defaultChild as never);
    const alarm = Object.values(template.findResources('AWS::CloudWatch::Alarm')).find((a) => a.Properties.AlarmName === `platform-${env}-drill-dead-letters-warning`);
    expect(alarm?.Properties).toMatchObject({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Statistic: 'Maximum',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: [{ Ref: idOf(fixture.monitoring.topics.topics.warning) }],
    });
    expect(JSON.stringify(alarm!.Properties.Dimensions)).toContain(queueId);
  });

  it('alarms on failed restore-drill executions and on DrillSucceeded = 0', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: `platform-${env}-drill-executions-failed-warning`, Namespace: 'AWS/States', MetricName: 'ExecutionsFailed' });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: `platform-${env}-drill-succeeded-below-warning`,
      Namespace: fixture.config.observability.restoreDrill.metricsNamespace,
      MetricName: 'DrillSucceeded',
      Dimensions: [{ Name: 'Environment', Value: env }],
      ComparisonOperator: 'LessThanThreshold',
    });
  });

  it('sends rotation failures (critical) and backup/copy job failures (warning) with a readable message', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.secretsmanager'],
        'detail-type': ['AWS Service Event via CloudTrail'],
        detail: { eventSource: ['secretsmanager.amazonaws.com'], eventName: [...ROTATION_FAILURE_EVENTS] },
      },
      Targets: [Match.objectLike({ Arn: { Ref: idOf(fixture.monitoring.topics.topics.critical) }, InputTransformer: Match.objectLike({ InputTemplate: Match.stringLikeRegexp('CRITICAL') }) })],
    });
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.backup'],
        'detail-type': ['Backup Job State Change', 'Copy Job State Change'],
        detail: { state: [...BACKUP_FAILURE_STATES] },
      },
      Targets: [Match.objectLike({ Arn: { Ref: idOf(fixture.monitoring.topics.topics.warning) }, InputTransformer: Match.objectLike({ InputPathsMap: Match.objectLike({ 'detail-state': '$.detail.state' }) }) })],
    });
  });

  it('subscribes the database instance\'s failover/failure (critical) and maintenance/configuration (warning) events', () => {
    for (const severity of ['critical', 'warning'] as const) {
      template.hasResourceProperties('AWS::RDS::EventSubscription', {
        SourceType: 'db-instance',
        SourceIds: [`platform-${env}-db`],
        EventCategories: [...RDS_EVENT_CATEGORIES[severity]],
        SnsTopicArn: { Ref: idOf(fixture.monitoring.topics.topics[severity]) },
        Enabled: true,
      });
    }
    expect([...RDS_EVENT_CATEGORIES.critical, ...RDS_EVENT_CATEGORIES.warning].sort()).toEqual(['configuration change', 'failover', 'failure', 'maintenance']);
  });

  it.each(['critical', 'warning'] as const)('lets this account\'s alarms, RDS event subscriptions and rules publish to the %s topic', (severity) => {
    const topicId = idOf(fixture.monitoring.topics.topics[severity]);
    const policy = Object.values(template.findResources('AWS::SNS::TopicPolicy')).find((p) => JSON.stringify(p.Properties.Topics) === JSON.stringify([{ Ref: topicId }]));
    const statements: { Principal: { Service?: string }; Effect: string; Condition?: Record<string, Record<string, unknown>> }[] = policy!.Properties.PolicyDocument.Statement;
    const allowFor = (service: string) => statements.find((st) => st.Effect === 'Allow' && st.Principal.Service === service);
    for (const [service, arnPart] of [['cloudwatch.amazonaws.com', ':alarm:*'], ['events.rds.amazonaws.com', ':es:*']]) {
      const statement = allowFor(service);
      expect(statement?.Condition?.StringEquals).toEqual({ 'aws:SourceAccount': fixture.config.account });
      expect(JSON.stringify(statement?.Condition?.ArnLike)).toContain(`${fixture.config.account}${arnPart}`);
    }
    expect(allowFor('events.amazonaws.com')).toBeDefined();
  });

  it('pages "service unavailable" when no healthy hosts, a 5xx burst or (with a domain) the uptime check fails', () => {
    const composite = Object.values(template.findResources('AWS::CloudWatch::CompositeAlarm'));
    expect(composite).toHaveLength(1);
    const props = composite[0].Properties;
    expect(props.AlarmActions).toEqual([{ Ref: idOf(fixture.monitoring.topics.topics.critical) }]);
    const rule = JSON.stringify(props.AlarmRule);
    const members: AlarmName[] = ['healthyHostsBelow', 'http5xxRatePercent', ...(env === 'prod' ? (['canarySuccessPercent'] as const) : [])];
    for (const name of members) {
      const [alarm] = fixture.monitoring.alarms.find(name, 'critical');
      expect(rule).toContain(idOf(alarm));
    }
    expect(rule.match(/ALARM\(/g)).toHaveLength(members.length);
    expect(rule).toContain(' OR ');
  });

  it('has a golden-signals dashboard: requests, latency percentiles, errors, saturation, WAF, cleanup', () => {
    const dashboards = Object.values(template.findResources('AWS::CloudWatch::Dashboard'));
    expect(dashboards).toHaveLength(1);
    expect(dashboards[0].Properties.DashboardName).toBe(`platform-${env}-golden-signals`);
    const body = JSON.stringify(dashboards[0].Properties.DashboardBody);
    for (const signal of ['RequestCount', 'p50', 'p95', 'p99', 'HTTPCode_Target_5XX_Count', 'CPUUtilization', 'MemoryUtilization', 'DatabaseConnections', 'EngineCPUUtilization', 'AllowedRequests', 'BlockedRequests', 'DeletedExpired', 'DeletedOverflow', 'Backlog']) {
      expect([signal, body.includes(signal)]).toEqual([signal, true]);
    }
    // The alarm status widget lists every alarm, the composite included.
    expect(body).toContain('\\"type\\":\\"alarm\\"');
    expect(body).toContain(idOf(fixture.monitoring.serviceUnavailable as never));
  });

  it('documents every critical alarm in docs/runbook.md (meaning and first check)', () => {
    const runbook = readFileSync(join(__dirname, '../../../docs/runbook.md'), 'utf8');
    const names = [...fixture.monitoring.alarms.alarms.filter((a) => a.severity === 'critical').map((a) => a.alarm), fixture.monitoring.serviceUnavailable];
    const resources = { ...template.findResources('AWS::CloudWatch::Alarm'), ...template.findResources('AWS::CloudWatch::CompositeAlarm') };
    for (const alarm of names) {
      const props = resources[idOf(alarm as never)].Properties;
      const slug: string = props.AlarmName;
      const documented = slug.slice(`platform-${env}-`.length).replace(/replica-\d+/, '*');
      expect([documented, runbook.includes(`\`${documented}\``)]).toEqual([documented, true]);
    }
  });

  if (env === 'prod') {
    it('runs the uptime canary on the newest Synthetics runtime against https://<domain><healthPath> every 5 minutes, alarmed on SuccessPercent', () => {
      const { domain, healthPath } = fixture.config.observability.canary;
      expect(newestPuppeteerRuntime()).toMatch(/^syn-nodejs-puppeteer-\d+\.\d+$/);
      template.hasResourceProperties('AWS::Synthetics::Canary', {
        RuntimeVersion: newestPuppeteerRuntime(),
        Schedule: Match.objectLike({ Expression: 'rate(5 minutes)' }),
        Code: Match.objectLike({ Script: Match.stringLikeRegexp(`https://${domain}${healthPath}`.replace(/\./g, '\\.')) }),
        ArtifactConfig: { S3Encryption: Match.objectLike({ EncryptionMode: 'SSE_KMS' }) },
      });
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmName: 'platform-prod-canary-success-percent-critical',
        MetricName: 'SuccessPercent',
        Namespace: 'CloudWatchSynthetics',
        Threshold: 99.9,
        ComparisonOperator: 'LessThanThreshold',
        TreatMissingData: 'breaching',
      });
    });

    it('keeps canary artifacts in a KMS-encrypted, TLS-only, private bucket that expires them', () => {
      template.hasResourceProperties('AWS::S3::Bucket', {
        BucketEncryption: { ServerSideEncryptionConfiguration: [Match.objectLike({ ServerSideEncryptionByDefault: Match.objectLike({ SSEAlgorithm: 'aws:kms' }) })] },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: fixture.config.observability.canary.artifactRetentionDays, Status: 'Enabled' })] },
      });
      template.hasResourceProperties('AWS::S3::BucketPolicy', {
        PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
      });
    });
  } else {
    it('skips the canary without a domain and says so', () => {
      template.resourceCountIs('AWS::Synthetics::Canary', 0);
      template.resourceCountIs('AWS::S3::Bucket', 0);
      Annotations.fromStack(fixture.monitoring).hasInfo('*', Match.stringLikeRegexp('No uptime canary for dev'));
    });
  }
});

describe('the whole prod stage', () => {
  it('alarms (warning) as soon as the rotation redeploy\'s dead-letter queue in the service stack holds a message', () => {
    const stage = platformStage('prod');
    const queueId = stage.service.getLogicalId(stage.service.redeployOnRotation.deadLetterQueue.node.defaultChild as never);
    const template = Template.fromStack(stage.monitoring);
    const alarm = Object.values(template.findResources('AWS::CloudWatch::Alarm')).find((a) => a.Properties.AlarmName === 'platform-prod-redeploy-dead-letters-warning');
    expect(alarm?.Properties).toMatchObject({
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 1,
      AlarmActions: [{ Ref: stage.monitoring.getLogicalId(stage.monitoring.topics.topics.warning.node.defaultChild as never) }],
    });
    expect(JSON.stringify(alarm!.Properties.Dimensions)).toContain(queueId);
  });
});

describe('the logs key', () => {
  it('lets CloudWatch alarms, EventBridge and RDS events publish to the encrypted topics and queues', () => {
    const fixture = opsFixture('prod');
    Template.fromStack(fixture.keys).hasResourceProperties('AWS::KMS::Key', {
      Description: Match.stringLikeRegexp('SNS alarm topic'),
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: ['cloudwatch.amazonaws.com', 'events.amazonaws.com', 'events.rds.amazonaws.com'] },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
            Resource: '*',
          }),
        ]),
      },
    });
  });
});

describe('cdk-nag over the fixture stage (AwsSolutions + platform pack)', () => {
  it.each(['dev', 'staging', 'prod'] as const)('%s has no unacknowledged finding', (env) => {
    const fixture = opsFixture(env);
    expect(() => fixture.app.synth()).not.toThrow();
  });

  it('fails synth on an unacknowledged finding (the check can fail)', () => {
    const fixture = buildOpsFixture('dev');
    new sqs.Queue(fixture.monitoring, 'UnencryptedQueueWithoutTls');
    expect(() => fixture.app.synth()).toThrow(/AwsSolutions-SQS4|Validation failed/);
  });
});
