/**
 * On-demand list prices (USD) of everything that bills by the hour or the month whatever the traffic: the
 * inputs of the fixed monthly floor `npm run cost` prints. Usage-driven charges are deliberately absent (see
 * NOT_COUNTED in estimate.ts).
 */

/** Prices that differ between regions. Instance maps are keyed by class; a class missing here is an error. */
export interface RegionalPrices {
  /** NAT gateway, per gateway-hour. */
  readonly natGatewayHour: number;
  /** Interface VPC endpoint, per endpoint per AZ (one ENI) per hour. */
  readonly interfaceEndpointAzHour: number;
  /** Application Load Balancer, per ALB-hour (LCUs are usage). */
  readonly albHour: number;
  /** RDS for PostgreSQL, single-AZ, per instance-hour by class (Multi-AZ: twice). */
  readonly rdsPostgresHour: Readonly<Record<string, number>>;
  /** RDS gp2/gp3 storage, single-AZ, per GB-month (Multi-AZ: twice). */
  readonly rdsStorageGbMonth: number;
  /** RDS Proxy for provisioned instances, per vCPU of the target instance per hour (at least 2 vCPUs). */
  readonly rdsProxyVcpuHour: number;
  /** ElastiCache (Redis OSS) node, per node-hour by node type. */
  readonly elastiCacheNodeHour: Readonly<Record<string, number>>;
  /** EC2 Linux instance, per instance-hour by type (the dev NAT instance). */
  readonly ec2InstanceHour: Readonly<Record<string, number>>;
  /** EBS gp3 volume, per GB-month. */
  readonly ebsGp3GbMonth: number;
  /** Fargate Linux, per vCPU-hour and per GB-hour, by CPU architecture. */
  readonly fargate: Readonly<Record<'X86_64' | 'ARM64', { readonly vcpuHour: number; readonly gbHour: number }>>;
}

/** Prices AWS lists the same in every commercial region. */
export interface GlobalPrices {
  /** Public IPv4 address (EIP, ALB node, auto-assigned), per address-hour, in use or idle. */
  readonly publicIpv4Hour: number;
  readonly wafWebAclMonth: number;
  /** Each rule of a web ACL, a managed rule group counting as one. */
  readonly wafRuleMonth: number;
  /** Customer managed KMS key, per key-month (AWS managed keys are free). */
  readonly kmsKeyMonth: number;
  readonly secretMonth: number;
  /** Standard-resolution alarm, per metric the alarm evaluates per month. */
  readonly alarmMetricMonth: number;
  /** High-resolution (period under 60 s) alarm, per metric per month. */
  readonly highResolutionAlarmMetricMonth: number;
  readonly compositeAlarmMonth: number;
  readonly dashboardMonth: number;
  /** CloudWatch Synthetics, per canary run. */
  readonly canaryRun: number;
}

export interface PriceTable {
  /** Day the prices were taken. */
  readonly asOf: string;
  /** Where they come from, and how far to trust them. */
  readonly source: string;
  readonly currency: 'USD';
  /** Hours in a billing month, AWS's own convention (24 x 365 / 12). */
  readonly hoursPerMonth: number;
  readonly global: GlobalPrices;
  readonly regions: Readonly<Record<string, RegionalPrices>>;
}

export const PRICES: PriceTable = {
  asOf: '2026-11-30',
  source:
    'AWS public on-demand list prices (aws.amazon.com/<service>/pricing), Linux, no free tier, no Savings Plans or reservations. ' +
    'Entered by hand without network access: us-east-1 and the eu-west-1 network, Fargate and global prices are the well-known list rates; ' +
    'eu-west-1 RDS, RDS Proxy, ElastiCache and EC2 rates are about 10% above us-east-1 as AWS lists them and are the least certain. ' +
    'eu-west-3 (the backup copy region: the off-region drill and the recovery environment) is priced at eu-west-1 plus about 5%, ' +
    'as Paris lists most of these services, and is as uncertain. ' +
    'Check against the AWS Pricing Calculator before budgeting and update this table (and its date) when AWS changes a price.',
  currency: 'USD',
  hoursPerMonth: 730,
  global: {
    publicIpv4Hour: 0.005,
    wafWebAclMonth: 5,
    wafRuleMonth: 1,
    kmsKeyMonth: 1,
    secretMonth: 0.4,
    alarmMetricMonth: 0.1,
    highResolutionAlarmMetricMonth: 0.3,
    compositeAlarmMonth: 0.5,
    dashboardMonth: 3,
    canaryRun: 0.0012,
  },
  regions: {
    'us-east-1': {
      natGatewayHour: 0.045,
      interfaceEndpointAzHour: 0.01,
      albHour: 0.0225,
      rdsPostgresHour: {
        'db.t4g.micro': 0.016,
        'db.t4g.small': 0.032,
        'db.t4g.medium': 0.065,
        'db.t4g.large': 0.129,
        'db.m7g.large': 0.168,
        'db.m7g.xlarge': 0.336,
      },
      rdsStorageGbMonth: 0.115,
      rdsProxyVcpuHour: 0.015,
      elastiCacheNodeHour: {
        'cache.t4g.micro': 0.016,
        'cache.t4g.small': 0.032,
        'cache.t4g.medium': 0.065,
        'cache.r7g.large': 0.219,
      },
      ec2InstanceHour: { 't4g.nano': 0.0042, 't4g.micro': 0.0084 },
      ebsGp3GbMonth: 0.08,
      fargate: { X86_64: { vcpuHour: 0.04048, gbHour: 0.004445 }, ARM64: { vcpuHour: 0.03238, gbHour: 0.00356 } },
    },
    'eu-west-1': {
      natGatewayHour: 0.048,
      interfaceEndpointAzHour: 0.011,
      albHour: 0.0252,
      rdsPostgresHour: {
        'db.t4g.micro': 0.018,
        'db.t4g.small': 0.036,
        'db.t4g.medium': 0.072,
        'db.t4g.large': 0.144,
        'db.m7g.large': 0.187,
        'db.m7g.xlarge': 0.374,
      },
      rdsStorageGbMonth: 0.127,
      rdsProxyVcpuHour: 0.0165,
      elastiCacheNodeHour: {
        'cache.t4g.micro': 0.0176,
        'cache.t4g.small': 0.0352,
        'cache.t4g.medium': 0.0704,
        'cache.r7g.large': 0.241,
      },
      ec2InstanceHour: { 't4g.nano': 0.0046, 't4g.micro': 0.0092 },
      ebsGp3GbMonth: 0.088,
      fargate: { X86_64: { vcpuHour: 0.04048, gbHour: 0.004445 }, ARM64: { vcpuHour: 0.03238, gbHour: 0.00356 } },
    },
    'eu-west-3': {
      natGatewayHour: 0.05,
      interfaceEndpointAzHour: 0.0116,
      albHour: 0.0265,
      rdsPostgresHour: {
        'db.t4g.micro': 0.019,
        'db.t4g.small': 0.038,
        'db.t4g.medium': 0.076,
        'db.t4g.large': 0.151,
        'db.m7g.large': 0.196,
        'db.m7g.xlarge': 0.393,
      },
      rdsStorageGbMonth: 0.133,
      rdsProxyVcpuHour: 0.0173,
      elastiCacheNodeHour: {
        'cache.t4g.micro': 0.0185,
        'cache.t4g.small': 0.037,
        'cache.t4g.medium': 0.0739,
        'cache.r7g.large': 0.253,
      },
      ec2InstanceHour: { 't4g.nano': 0.0048, 't4g.micro': 0.0097 },
      ebsGp3GbMonth: 0.0924,
      fargate: { X86_64: { vcpuHour: 0.0425, gbHour: 0.004667 }, ARM64: { vcpuHour: 0.034, gbHour: 0.003738 } },
    },
  },
};
