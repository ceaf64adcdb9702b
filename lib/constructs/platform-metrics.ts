import { Duration, aws_cloudwatch as cw, aws_lambda as lambda, aws_stepfunctions as sfn } from 'aws-cdk-lib';
import type { DeadLetterQueue } from './dead-letter-queue';

/** What is monitored, by name: every tier passes names (or handles), so monitoring never creates a dependency back. */
export interface MonitoredResources {
  readonly alb: { readonly loadBalancerFullName: string; readonly targetGroupFullName: string };
  readonly ecs: { readonly clusterName: string; readonly serviceName: string };
  readonly database: {
    readonly instanceIdentifier: string;
    readonly proxyName: string;
    /** Read replicas, if any: their ReplicaLag is alarmed. @default none */
    readonly readReplicaIdentifiers?: readonly string[];
  };
  /** The replication group's member clusters (`<group>-001`, ...): ElastiCache publishes per node. */
  readonly cache: { readonly replicationGroupId: string; readonly memberClusterIds: readonly string[] };
  /**
   * WAF web ACL (regional, on the ALB). CloudWatch's `WebACL` and `Rule` dimensions carry the visibility-config
   * METRIC names (ServiceStack `waf.metricName`, `waf.ruleMetricNames[<auth rate rule>]`), not the resource names.
   */
  readonly waf: { readonly webAclMetricName: string; readonly region: string; readonly authRateRuleMetricName: string };
  readonly sessionCleanup: {
    readonly function: lambda.IFunction;
    readonly timeoutSeconds: number;
    readonly metricsNamespace: string;
    /** @default no dead-letter alarm */
    readonly deadLetterQueue?: DeadLetterQueue;
  };
  readonly restoreDrill: {
    readonly stateMachine: sfn.IStateMachine;
    readonly metricsNamespace: string;
    readonly environmentName: string;
    /** Drill starts the schedule could not deliver. @default no dead-letter alarm */
    readonly deadLetterQueue?: DeadLetterQueue;
  };
  /** Redeploys after a secret rotation that EventBridge could not deliver (ServiceStack). @default no dead-letter alarm */
  readonly redeployOnRotation?: { readonly deadLetterQueue: DeadLetterQueue };
}

const FIVE_MINUTES = Duration.minutes(5);

/** The metrics behind the alarms and the dashboard, defined once. */
export class PlatformMetrics {
  constructor(private readonly r: MonitoredResources) {}

  private alb(metricName: string, statistic: string, dims: 'lb' | 'tg', period = FIVE_MINUTES): cw.Metric {
    const dimensionsMap: Record<string, string> = { LoadBalancer: this.r.alb.loadBalancerFullName };
    if (dims === 'tg') dimensionsMap.TargetGroup = this.r.alb.targetGroupFullName;
    return new cw.Metric({ namespace: 'AWS/ApplicationELB', metricName, dimensionsMap, statistic, period });
  }

  requests(): cw.Metric {
    return this.alb('RequestCount', 'Sum', 'lb');
  }

  /** 5xx from the load balancer itself and from the targets. */
  http5xxCount(): cw.MathExpression {
    return new cw.MathExpression({
      expression: 'FILL(elb5xx, 0) + FILL(target5xx, 0)',
      usingMetrics: { elb5xx: this.alb('HTTPCode_ELB_5XX_Count', 'Sum', 'lb'), target5xx: this.alb('HTTPCode_Target_5XX_Count', 'Sum', 'lb') },
      label: '5xx responses',
      period: FIVE_MINUTES,
    });
  }

  /** 5xx responses as % of requests (0 without traffic). */
  http5xxRatePercent(): cw.MathExpression {
    return new cw.MathExpression({
      expression: 'IF(requests > 0, 100 * (FILL(elb5xx, 0) + FILL(target5xx, 0)) / requests, 0)',
      usingMetrics: {
        requests: this.requests(),
        elb5xx: this.alb('HTTPCode_ELB_5XX_Count', 'Sum', 'lb'),
        target5xx: this.alb('HTTPCode_Target_5XX_Count', 'Sum', 'lb'),
      },
      label: '5xx rate (%)',
      period: FIVE_MINUTES,
    });
  }

  /** Target response time in seconds at a percentile (p50, p95, p99). */
  targetLatency(percentile: 'p50' | 'p95' | 'p99'): cw.Metric {
    return this.alb('TargetResponseTime', percentile, 'tg');
  }

  unhealthyHosts(): cw.Metric {
    return this.alb('UnHealthyHostCount', 'Maximum', 'tg', Duration.minutes(1));
  }

  healthyHosts(): cw.Metric {
    return this.alb('HealthyHostCount', 'Minimum', 'tg', Duration.minutes(1));
  }

  private ecs(namespace: string, metricName: string, statistic = 'Average'): cw.Metric {
    return new cw.Metric({
      namespace,
      metricName,
      dimensionsMap: { ClusterName: this.r.ecs.clusterName, ServiceName: this.r.ecs.serviceName },
      statistic,
      period: FIVE_MINUTES,
    });
  }

  ecsCpu(): cw.Metric {
    return this.ecs('AWS/ECS', 'CPUUtilization');
  }

  ecsMemory(): cw.Metric {
    return this.ecs('AWS/ECS', 'MemoryUtilization');
  }

  /** Desired minus running tasks (Container Insights must be on for the cluster). */
  ecsMissingTasks(): cw.MathExpression {
    return new cw.MathExpression({
      expression: 'desired - running',
      usingMetrics: { desired: this.ecs('ECS/ContainerInsights', 'DesiredTaskCount'), running: this.ecs('ECS/ContainerInsights', 'RunningTaskCount') },
      label: 'tasks missing',
      period: FIVE_MINUTES,
    });
  }

  rds(metricName: string, statistic: string, instanceIdentifier = this.r.database.instanceIdentifier): cw.Metric {
    return new cw.Metric({ namespace: 'AWS/RDS', metricName, dimensionsMap: { DBInstanceIdentifier: instanceIdentifier }, statistic, period: FIVE_MINUTES });
  }

  proxyClientConnections(): cw.Metric {
    return new cw.Metric({
      namespace: 'AWS/RDS',
      metricName: 'ClientConnections',
      dimensionsMap: { ProxyName: this.r.database.proxyName },
      statistic: 'Maximum',
      period: FIVE_MINUTES,
    });
  }

  /** One ElastiCache metric folded over the member nodes with MAX or SUM. */
  redis(metricName: string, statistic: string, fold: 'MAX' | 'SUM'): cw.IMetric {
    const ids = this.r.cache.memberClusterIds;
    const usingMetrics = Object.fromEntries(
      ids.map((id, i) => [
        `${metricName.charAt(0).toLowerCase()}${metricName.slice(1)}${i}`,
        new cw.Metric({ namespace: 'AWS/ElastiCache', metricName, dimensionsMap: { CacheClusterId: id }, statistic, period: FIVE_MINUTES }),
      ]),
    );
    return new cw.MathExpression({
      expression: `${fold}([${Object.keys(usingMetrics).join(', ')}])`,
      usingMetrics,
      label: `${metricName} (${fold.toLowerCase()} over nodes)`,
      period: FIVE_MINUTES,
    });
  }

  waf(metricName: 'AllowedRequests' | 'BlockedRequests', rule = 'ALL'): cw.Metric {
    return new cw.Metric({
      namespace: 'AWS/WAFV2',
      metricName,
      dimensionsMap: { WebACL: this.r.waf.webAclMetricName, Region: this.r.waf.region, Rule: rule },
      statistic: 'Sum',
      period: FIVE_MINUTES,
    });
  }

  wafAuthRateBlocks(): cw.Metric {
    return this.waf('BlockedRequests', this.r.waf.authRateRuleMetricName);
  }

  /** A metric the cleanup job emits in embedded metric format (no dimensions). */
  cleanup(metricName: string, statistic: string, period = Duration.minutes(15)): cw.Metric {
    return new cw.Metric({ namespace: this.r.sessionCleanup.metricsNamespace, metricName, statistic, period });
  }

  cleanupFunction(): lambda.IFunction {
    return this.r.sessionCleanup.function;
  }

  /** A restore-drill metric (DrillSucceeded, RestoreDurationSeconds, DataAgeSeconds), per day. */
  drill(metricName: 'DrillSucceeded' | 'RestoreDurationSeconds' | 'DataAgeSeconds', statistic: string): cw.Metric {
    return new cw.Metric({
      namespace: this.r.restoreDrill.metricsNamespace,
      metricName,
      dimensionsMap: { Environment: this.r.restoreDrill.environmentName },
      statistic,
      period: Duration.days(1),
    });
  }

  drillExecutionsFailed(): cw.Metric {
    return this.r.restoreDrill.stateMachine.metricFailed({ period: Duration.days(1), statistic: 'Sum' });
  }
}

/**
 * Member cluster IDs of a non-clustered ElastiCache replication group (`<group>-001`, `-002`, ...): its
 * metrics are published per member, e.g. `replicationGroupMemberIds(data.cache.replicationGroupId, 1 + replicas)`.
 */
export function replicationGroupMemberIds(replicationGroupId: string, nodeCount: number): string[] {
  if (!Number.isInteger(nodeCount) || nodeCount < 1 || nodeCount > 6) {
    throw new Error(`replicationGroupMemberIds: nodeCount must be 1 (primary) to 6 (primary + 5 replicas), got ${nodeCount}`);
  }
  return Array.from({ length: nodeCount }, (_, i) => `${replicationGroupId}-${String(i + 1).padStart(3, '0')}`);
}
