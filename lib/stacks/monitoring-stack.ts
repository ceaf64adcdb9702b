import { Annotations, aws_cloudwatch as cw, aws_kms as kms } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { deploymentName, type EnvironmentConfig } from '../../config';
import { AlarmTopics } from '../constructs/alarm-topics';
import { GoldenSignalsDashboard } from '../constructs/golden-signals-dashboard';
import { OperationalEventRules } from '../constructs/operational-event-rules';
import { PlatformAlarms } from '../constructs/platform-alarms';
import { MonitoredResources, PlatformMetrics } from '../constructs/platform-metrics';
import { UptimeCanary } from '../constructs/uptime-canary';
import { PlatformStack } from '../platform-stack';

export interface MonitoringStackProps {
  readonly config: EnvironmentConfig;
  readonly keys: { readonly logs: kms.IKey };
  /** Everything monitored, by name or handle (structurally satisfied by the service, data and operations stacks). */
  readonly resources: MonitoredResources;
}

/**
 * Stateless: alarm topics, alarms, operational event rules, the dashboard and the uptime canary
 * (CL-OBS-2, CL-OBS-3). Alarms and dashboard are hand-written `aws_cloudwatch` (see docs/runbook.md for why).
 */
export class MonitoringStack extends PlatformStack {
  readonly topics: AlarmTopics;
  readonly alarms: PlatformAlarms;
  readonly events: OperationalEventRules;
  readonly serviceUnavailable: cw.CompositeAlarm;
  readonly dashboard: GoldenSignalsDashboard;
  /** Undefined when no domain is configured. */
  readonly canary?: UptimeCanary;

  constructor(scope: Construct, id: string, props: MonitoringStackProps) {
    super(scope, id, { config: props.config, stateful: false, description: 'Platform monitoring: alarms, dashboard, uptime canary (CL-OBS-2, CL-OBS-3)' });
    const { config, resources } = props;
    const obs = config.observability;

    this.topics = new AlarmTopics(this, 'AlarmTopics', { environmentName: deploymentName(config), key: props.keys.logs, emails: obs.alarmEmails });
    const metrics = new PlatformMetrics(resources);
    this.alarms = new PlatformAlarms(this, 'Alarms', {
      environmentName: deploymentName(config),
      thresholds: obs.alarms,
      warningAlongsideCritical: obs.warningAlongsideCritical,
      rdsMaxConnections: obs.rdsMaxConnections,
      resources,
      metrics,
      topics: this.topics,
    });
    this.events = new OperationalEventRules(this, 'Events', {
      environmentName: deploymentName(config),
      topics: this.topics,
      databaseInstanceIdentifier: resources.database.instanceIdentifier,
    });

    const domain = obs.canary.domain;
    if (domain) {
      this.canary = new UptimeCanary(this, 'UptimeCanary', { environmentName: deploymentName(config), config: { ...obs.canary, domain }, key: props.keys.logs });
      this.alarms.add({
        name: 'canarySuccessPercent',
        meaning: `The external uptime check of ${this.canary.url} failed twice in a row (target: > 99.9% uptime).`,
        metric: this.canary.metricSuccessPercent(),
        comparison: cw.ComparisonOperator.LESS_THAN_THRESHOLD,
        evaluationPeriods: 2,
        // A canary that stops reporting is as bad as one that fails.
        treatMissingData: cw.TreatMissingData.BREACHING,
      });
    } else {
      Annotations.of(this).addInfo(
        `No uptime canary for ${config.name}: observability.canary.domain is not set (CL-OBS-3 is then met by the load balancer alarms only).`,
      );
    }

    // One page that says "users cannot use the service", whichever signal saw it first.
    const unavailableSignals = [
      ...this.alarms.find('healthyHostsBelow', 'critical'),
      ...this.alarms.find('http5xxRatePercent', 'critical'),
      ...this.alarms.find('canarySuccessPercent', 'critical'),
    ];
    this.serviceUnavailable = new cw.CompositeAlarm(this, 'ServiceUnavailable', {
      compositeAlarmName: `platform-${deploymentName(config)}-service-unavailable`,
      alarmDescription: '[CRITICAL] The service is unavailable to users: no healthy targets, a burst of 5xx, or the external uptime check failing. Runbook: docs/runbook.md',
      alarmRule: cw.AlarmRule.anyOf(...unavailableSignals.map((a) => cw.AlarmRule.fromAlarm(a, cw.AlarmState.ALARM))),
    });
    this.topics.wire(this.serviceUnavailable, 'critical');

    this.dashboard = new GoldenSignalsDashboard(this, 'Dashboard', {
      environmentName: deploymentName(config),
      metrics,
      alarms: [...this.alarms.alarms.map((a) => a.alarm), this.serviceUnavailable],
      canarySuccess: this.canary?.metricSuccessPercent(),
    });
  }
}
