import { asArray, at, isTrue, literalNumber, literalString } from '../compliance/resource-graph';
import type { StackTemplate } from '../compliance/report/template-graph';
import type { PriceTable, RegionalPrices } from './prices';

/** One priced item of an environment's floor: `count` units at `unitPrice` each, `monthly` in total. */
export interface CostLine {
  readonly item: string;
  readonly region: string;
  readonly count: number;
  /** What one unit is: `hour` (billed 730 hours a month), `month`, `GB-month` or `run`. */
  readonly unit: 'hour' | 'month' | 'GB-month' | 'run';
  readonly unitPrice: number;
  readonly monthly: number;
}

export interface CostEstimate {
  readonly environment: string;
  /** Lines sorted by monthly cost, largest first. */
  readonly lines: CostLine[];
  /** Sum of the lines, USD per month. */
  readonly total: number;
  /** Usage-driven charges of the resources present, which the floor leaves out. */
  readonly notCounted: string[];
}

/** Raised for anything the estimator cannot price; the message names the missing entry and where to add it. */
export class CostError extends Error {}

/** Usage-driven charges by resource type: listed, never counted. */
const NOT_COUNTED: Readonly<Record<string, string>> = {
  'AWS::EC2::NatGateway': 'NAT gateway data processing (per GB)',
  'AWS::EC2::Instance': 'NAT instance data transfer (per GB)',
  'AWS::EC2::VPCEndpoint': 'interface endpoint data processing (per GB)',
  'AWS::ElasticLoadBalancingV2::LoadBalancer': 'ALB load balancer capacity units (connections, bytes, rule evaluations)',
  'AWS::WAFv2::WebACL': 'WAF requests (per million)',
  'AWS::RDS::DBInstance': 'RDS storage growth (autoscaling), backup storage beyond the database size, Performance Insights retention beyond 7 days',
  'AWS::ElastiCache::ReplicationGroup': 'ElastiCache snapshot storage beyond one free snapshot',
  'AWS::ECS::Service': 'Fargate tasks above the desired count (autoscaling)',
  'AWS::Lambda::Function': 'Lambda requests and duration',
  'AWS::Logs::LogGroup': 'CloudWatch Logs ingestion and storage (flow, WAF, database, container and function logs)',
  'AWS::S3::Bucket': 'S3 storage and requests',
  'AWS::Backup::BackupVault': 'AWS Backup storage and cross-region copy transfer',
  'AWS::StepFunctions::StateMachine': 'Step Functions transitions and the restore drill\'s temporary instance',
  'AWS::Synthetics::Canary': 'canary Lambda duration and artifact storage',
  'AWS::SecretsManager::Secret': 'Secrets Manager API calls',
  'AWS::KMS::Key': 'KMS requests',
  'AWS::SNS::Topic': 'SNS, SQS and EventBridge requests',
  'AWS::CloudWatch::Dashboard': 'custom and Container Insights metrics',
};

/** vCPUs of an RDS class: 2 up to `large`, 4 per `xlarge` above (true for the t4g, m and r families). */
export function rdsClassVcpus(instanceClass: string): number {
  const size = instanceClass.split('.').pop() ?? '';
  if (size === 'xlarge') return 4;
  const multiple = /^(\d+)xlarge$/.exec(size);
  return multiple ? 4 * Number(multiple[1]) : 2;
}

/** Runs a month of a Synthetics schedule `rate(N minute|minutes|hour|hours)`; `rate(0 minute)` runs once. */
export function canaryRunsPerMonth(expression: string, hoursPerMonth: number): number {
  const match = /^rate\((\d+) (minute|minutes|hour|hours)\)$/.exec(expression.trim());
  if (!match) throw new CostError(`cannot price canary schedule "${expression}": only rate(N minutes|hours) schedules are supported`);
  const every = Number(match[1]);
  if (every === 0) return 0;
  const minutes = match[2].startsWith('hour') ? every * 60 : every;
  return Math.round((hoursPerMonth * 60) / minutes);
}

interface Resource {
  readonly logicalId: string;
  readonly type: string;
  readonly properties: Record<string, unknown>;
}

function resourcesOf(stack: StackTemplate): Resource[] {
  return Object.entries(stack.template.Resources ?? {}).map(([logicalId, r]) => ({ logicalId, type: r.Type, properties: r.Properties ?? {} }));
}

function refTarget(value: unknown, stack: Resource[]): Resource | undefined {
  const id = literalString(at(value, 'Ref'));
  return id === undefined ? undefined : stack.find((r) => r.logicalId === id);
}

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new CostError(`cannot price ${what}`);
  return value;
}

function priceOf(map: Readonly<Record<string, number>>, key: string, what: string, region: string): number {
  return required(map[key], `${what} ${key} in ${region}: add it to lib/cost/prices.ts`);
}

/** The fixed monthly floor of one environment's stacks at list prices, zero traffic. */
export function estimateFloor(environment: string, stacks: readonly StackTemplate[], prices: PriceTable): CostEstimate {
  const raw: Omit<CostLine, 'monthly'>[] = [];
  const notCounted = new Set<string>();
  const g = prices.global;

  for (const stack of stacks) {
    const region = required(stack.region, `stack ${stack.stackName}: its region is not known (environment-agnostic stack)`);
    const regional = (): RegionalPrices => required(prices.regions[region], `region ${region} (stack ${stack.stackName}): add its prices to lib/cost/prices.ts`);
    const resources = resourcesOf(stack);
    const add = (item: string, count: number, unit: CostLine['unit'], unitPrice: number) => {
      if (count > 0) raw.push({ item, region, count, unit, unitPrice });
    };

    for (const r of resources) {
      const p = r.properties;
      const note = NOT_COUNTED[r.type];
      switch (r.type) {
        case 'AWS::EC2::NatGateway':
          // Private NAT gateways bill the same hours; a public one's address is its EIP line.
          add('NAT gateway', 1, 'hour', regional().natGatewayHour);
          break;
        case 'AWS::EC2::EIP':
          add('Public IPv4 address (Elastic IP)', 1, 'hour', g.publicIpv4Hour);
          break;
        case 'AWS::EC2::Instance': {
          const type = required(literalString(p.InstanceType), `instance ${r.logicalId}: InstanceType is not a literal`);
          add(`EC2 instance ${type}`, 1, 'hour', priceOf(regional().ec2InstanceHour, type, 'EC2 instance type', region));
          const gib = asArray(p.BlockDeviceMappings).reduce<number>((sum, m) => sum + (literalNumber(at(m, 'Ebs.VolumeSize')) ?? 0), 0);
          add('EBS gp3 volume (GB)', gib, 'GB-month', regional().ebsGp3GbMonth);
          const publicIps = asArray(p.NetworkInterfaces).filter((n) => isTrue(at(n, 'AssociatePublicIpAddress'))).length;
          add('Public IPv4 address (EC2 instance)', publicIps, 'hour', g.publicIpv4Hour);
          break;
        }
        case 'AWS::EC2::VPCEndpoint':
          if (literalString(p.VpcEndpointType) === 'Interface') {
            add('Interface VPC endpoint ENI (endpoint x AZ)', asArray(p.SubnetIds).length, 'hour', regional().interfaceEndpointAzHour);
          }
          break;
        case 'AWS::ElasticLoadBalancingV2::LoadBalancer': {
          const type = literalString(p.Type) ?? 'application';
          if (type !== 'application') throw new CostError(`cannot price load balancer ${r.logicalId} of type ${type}: only ALBs are in lib/cost/prices.ts`);
          add('Application Load Balancer', 1, 'hour', regional().albHour);
          const zones = asArray(p.Subnets).length || asArray(p.SubnetMappings).length;
          if (literalString(p.Scheme) !== 'internal' && literalString(p.IpAddressType) !== 'dualstack-without-public-ipv4') {
            add('Public IPv4 address (ALB, one per AZ)', zones, 'hour', g.publicIpv4Hour);
          }
          break;
        }
        case 'AWS::RDS::DBInstance': {
          const cls = required(literalString(p.DBInstanceClass), `DB instance ${r.logicalId}: DBInstanceClass is not a literal`);
          const multiAz = isTrue(p.MultiAZ);
          const copies = multiAz ? 2 : 1;
          const storage = literalString(p.StorageType) ?? 'gp2';
          if (!['gp2', 'gp3'].includes(storage) || p.Iops !== undefined) {
            throw new CostError(`cannot price DB instance ${r.logicalId}: storage ${storage}${p.Iops !== undefined ? ' with provisioned IOPS' : ''} is not in lib/cost/prices.ts`);
          }
          add(`RDS PostgreSQL ${cls} (${multiAz ? 'Multi-AZ: primary + standby' : 'single-AZ'})`, copies, 'hour', priceOf(regional().rdsPostgresHour, cls, 'RDS class', region));
          const gb = required(literalNumber(p.AllocatedStorage), `DB instance ${r.logicalId}: AllocatedStorage is not a literal`);
          add(`RDS ${storage} storage (GB${multiAz ? ', x2 Multi-AZ' : ''})`, gb * copies, 'GB-month', regional().rdsStorageGbMonth);
          break;
        }
        case 'AWS::RDS::DBProxyTargetGroup':
          for (const target of asArray(p.DBInstanceIdentifiers)) {
            const instance = required(refTarget(target, resources), `proxy target of ${r.logicalId}: the instance is not in the same stack`);
            const cls = required(literalString(instance.properties.DBInstanceClass), `proxy target ${instance.logicalId}: class is not a literal`);
            // RDS Proxy bills the target's vCPUs, with a minimum of 2.
            add(`RDS Proxy (vCPUs of ${cls})`, Math.max(2, rdsClassVcpus(cls)), 'hour', regional().rdsProxyVcpuHour);
          }
          break;
        case 'AWS::ElastiCache::ReplicationGroup': {
          const type = required(literalString(p.CacheNodeType), `replication group ${r.logicalId}: CacheNodeType is not a literal`);
          const groups = literalNumber(p.NumNodeGroups);
          const nodes = groups !== undefined ? groups * ((literalNumber(p.ReplicasPerNodeGroup) ?? 0) + 1) : (literalNumber(p.NumCacheClusters) ?? 1);
          add(`ElastiCache node ${type}`, nodes, 'hour', priceOf(regional().elastiCacheNodeHour, type, 'ElastiCache node type', region));
          break;
        }
        case 'AWS::WAFv2::WebACL':
          add('WAF web ACL', 1, 'month', g.wafWebAclMonth);
          add('WAF rule (a managed rule group counts as one)', asArray(p.Rules).length, 'month', g.wafRuleMonth);
          break;
        case 'AWS::KMS::Key':
          add('KMS customer managed key', 1, 'month', g.kmsKeyMonth);
          break;
        case 'AWS::SecretsManager::Secret':
          add('Secrets Manager secret', 1, 'month', g.secretMonth);
          break;
        case 'AWS::CloudWatch::Alarm': {
          // A metric-math alarm is billed per metric it reads; a plain alarm reads one.
          const metrics = asArray(p.Metrics).filter((m) => at(m, 'MetricStat') !== undefined).length || 1;
          const period = literalNumber(p.Period) ?? literalNumber(at(asArray(p.Metrics).find((m) => at(m, 'MetricStat')), 'MetricStat.Period')) ?? 60;
          if (period < 60) add('CloudWatch alarm metric (high resolution)', metrics, 'month', g.highResolutionAlarmMetricMonth);
          else add('CloudWatch alarm metric', metrics, 'month', g.alarmMetricMonth);
          break;
        }
        case 'AWS::CloudWatch::CompositeAlarm':
          add('CloudWatch composite alarm', 1, 'month', g.compositeAlarmMonth);
          break;
        case 'AWS::CloudWatch::Dashboard':
          add('CloudWatch dashboard', 1, 'month', g.dashboardMonth);
          break;
        case 'AWS::Synthetics::Canary': {
          const expression = required(literalString(at(p, 'Schedule.Expression')), `canary ${r.logicalId}: schedule is not a literal`);
          add(`Synthetics canary runs (${expression})`, canaryRunsPerMonth(expression, prices.hoursPerMonth), 'run', g.canaryRun);
          break;
        }
        case 'AWS::ECS::Service': {
          const launch = literalString(p.LaunchType);
          const strategy = asArray(p.CapacityProviderStrategy).map((s) => literalString(at(s, 'CapacityProvider')));
          if (launch !== 'FARGATE' && !(strategy.length === 1 && strategy[0] === 'FARGATE')) {
            throw new CostError(`cannot price ECS service ${r.logicalId}: only on-demand Fargate services are in lib/cost/prices.ts`);
          }
          const task = required(refTarget(p.TaskDefinition, resources), `ECS service ${r.logicalId}: its task definition is not in the same stack`);
          const tasks = literalNumber(p.DesiredCount) ?? 1;
          const vcpu = required(literalNumber(task.properties.Cpu), `task definition ${task.logicalId}: Cpu is not a literal`) / 1024;
          const gb = required(literalNumber(task.properties.Memory), `task definition ${task.logicalId}: Memory is not a literal`) / 1024;
          const arch = (literalString(at(task.properties, 'RuntimePlatform.CpuArchitecture')) ?? 'X86_64') as 'X86_64' | 'ARM64';
          const rate = required(regional().fargate[arch], `Fargate ${arch} in ${region}: add it to lib/cost/prices.ts`);
          add(`Fargate vCPU (${tasks} task(s) x ${vcpu} vCPU, ${arch})`, tasks * vcpu, 'hour', rate.vcpuHour);
          add(`Fargate memory (${tasks} task(s) x ${gb} GB, ${arch})`, tasks * gb, 'hour', rate.gbHour);
          break;
        }
      }
      if (note) notCounted.add(note);
    }
  }

  const merged = new Map<string, Omit<CostLine, 'monthly'>>();
  for (const line of raw) {
    const key = `${line.item}|${line.region}|${line.unit}|${line.unitPrice}`;
    const seen = merged.get(key);
    merged.set(key, seen ? { ...seen, count: seen.count + line.count } : line);
  }
  const lines = [...merged.values()]
    .map((l) => ({ ...l, monthly: roundCents(l.count * l.unitPrice * (l.unit === 'hour' ? prices.hoursPerMonth : 1)) }))
    .sort((a, b) => b.monthly - a.monthly || a.item.localeCompare(b.item));
  notCounted.add('data transfer out to the internet and across AZs or regions');
  return { environment, lines, total: roundCents(lines.reduce((sum, l) => sum + l.monthly, 0)), notCounted: [...notCounted].sort() };
}

function roundCents(n: number): number {
  return Math.round(n * 100) / 100;
}
